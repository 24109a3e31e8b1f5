/**
 * Values read for a bulk build of the cube, held column by column (21 bytes a value, no object
 * per value) until the last one is read, then grouped by series so that each series is built in
 * one go from a table sized for it (its cells stay in cache; no table grows value by value).
 */
export class StagedValues {
  private seriesOf = new Int32Array(1024);
  private unitOf = new Int32Array(1024);
  private periodOf = new Int32Array(1024);
  private valueOf = new Float64Array(1024);
  private publishedOf = new Uint8Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(series: number, unit: number, periodKey: number, value: number, published: boolean): void {
    const i = this.count;
    if (i === this.seriesOf.length) this.grow();
    this.seriesOf[i] = series;
    this.unitOf[i] = unit;
    this.periodOf[i] = periodKey;
    this.valueOf[i] = value;
    this.publishedOf[i] = published ? 1 : 0;
    this.count = i + 1;
  }

  /**
   * The values of each series, in the order they were pushed: `order[starts[s]] …
   * order[starts[s + 1] - 1]` index the values of series `s` (a counting sort, two passes).
   */
  groupBySeries(seriesCount: number): StagedGroups {
    const starts = new Int32Array(seriesCount + 1);
    for (let i = 0; i < this.count; i++) starts[this.seriesOf[i]! + 1]! += 1;
    for (let s = 0; s < seriesCount; s++) starts[s + 1]! += starts[s]!;
    const next = starts.slice(0, seriesCount);
    const order = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) order[next[this.seriesOf[i]!]!++] = i;
    return {
      starts,
      order,
      unit: this.unitOf,
      periodKey: this.periodOf,
      value: this.valueOf,
      published: this.publishedOf,
    };
  }

  private grow(): void {
    const n = this.seriesOf.length * 2;
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.seriesOf = grown(this.seriesOf, new Int32Array(n));
    this.unitOf = grown(this.unitOf, new Int32Array(n));
    this.periodOf = grown(this.periodOf, new Int32Array(n));
    this.valueOf = grown(this.valueOf, new Float64Array(n));
    this.publishedOf = grown(this.publishedOf, new Uint8Array(n));
  }
}

export interface StagedGroups {
  readonly starts: Int32Array;
  readonly order: Int32Array;
  readonly unit: Int32Array;
  readonly periodKey: Int32Array;
  readonly value: Float64Array;
  readonly published: Uint8Array;
}
