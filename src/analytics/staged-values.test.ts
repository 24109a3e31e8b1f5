import fc from 'fast-check';
import { expect, it } from 'vitest';
import { StagedValues } from './staged-values.ts';

it('groups staged values by series, keeping their order within a series (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(6), fc.nat(1000), fc.double({ noNaN: true }), fc.boolean()), {
        maxLength: 3000,
      }),
      (values) => {
        const staged = new StagedValues();
        values.forEach(([series, unit, value, published], i) =>
          staged.push(series, unit, i, value, published),
        );
        expect(staged.size).toBe(values.length);
        const groups = staged.groupBySeries(7);
        for (let series = 0; series < 7; series++) {
          const expected = values.flatMap(([s, unit, value, published], i) =>
            s === series ? [[unit, i, value, published ? 1 : 0]] : [],
          );
          const got = [];
          for (let j = groups.starts[series]!; j < groups.starts[series + 1]!; j++) {
            const r = groups.order[j]!;
            got.push([groups.unit[r], groups.periodKey[r], groups.value[r], groups.published[r]]);
          }
          expect(got).toEqual(expected);
        }
      },
    ),
  );
});
