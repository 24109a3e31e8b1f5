import { describe, expect, it } from 'vitest';
import { cellMoves, pickableUnits, readView, viewHref } from './approval-model.ts';

describe('approval page model', () => {
  const counts = { draft: 2, submitted: 0, approved: 3, published: 1 };

  it('offers the moves a cell has values for, as far as the caller may', () => {
    expect(cellMoves(counts, { submit: true, approve: false })).toEqual([
      { action: 'submit', from: 'draft', to: 'submitted', direction: 'forward', needs: 'submit', count: 2 },
    ]);
    expect(cellMoves(counts, { submit: true, approve: true }).map((m) => `${m.action}:${m.count}`)).toEqual([
      'submit:2',
      'publish:3',
      'withdraw:3',
      'retract:1',
    ]);
    expect(cellMoves(counts, { submit: false, approve: false })).toEqual([]);
    expect(
      cellMoves({ draft: 0, submitted: 4, approved: 0, published: 0 }, { submit: true, approve: true }),
    ).toEqual([
      {
        action: 'approve',
        from: 'submitted',
        to: 'approved',
        direction: 'forward',
        needs: 'approve',
        count: 4,
      },
      {
        action: 'returnDraft',
        from: 'submitted',
        to: 'draft',
        direction: 'back',
        needs: 'approve',
        count: 4,
      },
    ]);
  });

  it('reads and writes the view in the address', () => {
    expect(readView(new URLSearchParams(''), new Date('2026-05-01'))).toEqual({
      orgUnit: undefined,
      from: '2023',
      to: '2025',
    });
    const view = { orgUnit: 'MEX.09', from: '2020-01', to: '2020-03' };
    expect(readView(new URL(viewHref(view), 'http://x').searchParams)).toEqual(view);
  });

  it('lets a caller pick the units of their scope', () => {
    expect(
      pickableUnits(
        [
          { role: 'contributor', scope: 'MEX' },
          { role: 'approver', scope: 'GTM' },
        ],
        ['GTM', 'HND', 'MEX'],
      ),
    ).toEqual(['GTM', 'MEX']);
    expect(pickableUnits([{ role: 'analyst', scope: null }], ['GTM', 'HND'])).toEqual(['GTM', 'HND']);
    expect(pickableUnits([{ role: 'firearms_officer', scope: null }], ['GTM'])).toEqual([]);
  });
});
