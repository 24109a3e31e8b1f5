import { BusyError } from '../kernel/errors.ts';

/**
 * A first-in, first-out mutex for the writes of one process on one store. SQLite allows one writer
 * at a time and better-sqlite3 waits for a lock synchronously (freezing the event loop); an import
 * that finds the lock held by another import of the same process would time out while the holder
 * cannot progress. Writers of one process therefore wait here, asynchronously and in arrival
 * order, before they touch the database; only a writer of another process can still make the store
 * answer busy. On PostgreSQL writes serialise on an advisory lock anyway; queuing them here first
 * keeps waiting writers from holding pool connections that readers need.
 *
 * Pure: no I/O, only promises and a timer per waiter.
 */
export class WriteQueue {
  private held = false;
  private readonly waiters: { grant: () => void }[] = [];

  /** How many writers wait for the one holding the queue. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Whether a writer holds the queue. */
  get busy(): boolean {
    return this.held;
  }

  /**
   * Runs `work` once every writer queued before it has finished (or failed). A writer that waits
   * longer than `maxWaitMs` leaves the queue with a BusyError and never runs.
   */
  async run<T>(work: () => Promise<T>, options: { maxWaitMs?: number } = {}): Promise<T> {
    await this.acquire(options.maxWaitMs ?? Number.POSITIVE_INFINITY);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(maxWaitMs: number): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter = {
        grant: () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
      if (Number.isFinite(maxWaitMs)) {
        timer = setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(
            new BusyError(
              `The store is busy: ${this.waiters.length + 1} writes were ahead of this one for ${Math.round(maxWaitMs / 1000)} s; try again shortly.`,
            ),
          );
        }, maxWaitMs);
      }
    });
  }

  /** Hands the queue to the next writer (it stays held), or frees it. */
  private release(): void {
    const next = this.waiters.shift();
    if (next === undefined) this.held = false;
    else next.grant();
  }
}
