/**
 * The approval page's pure model: the moves a cell offers (given its counts and what the caller may
 * do on its row), each as the request the API takes, and the page's view in the address.
 */
import type { StatusCounts, ValueStatus } from './approval-api.ts';

export const STATUSES: readonly ValueStatus[] = ['draft', 'submitted', 'approved', 'published'];

export type MoveAction = 'submit' | 'approve' | 'publish' | 'returnDraft' | 'withdraw' | 'retract';

export interface CellMove {
  readonly action: MoveAction;
  /** the status the values leave, and how many are in it */
  readonly from: ValueStatus;
  readonly count: number;
  readonly to: ValueStatus;
  readonly direction: 'forward' | 'back';
  /** submitting is a contributor's move; every other one an approver's */
  readonly needs: 'submit' | 'approve';
}

const MOVES: readonly Omit<CellMove, 'count'>[] = [
  { action: 'submit', from: 'draft', to: 'submitted', direction: 'forward', needs: 'submit' },
  { action: 'approve', from: 'submitted', to: 'approved', direction: 'forward', needs: 'approve' },
  { action: 'publish', from: 'approved', to: 'published', direction: 'forward', needs: 'approve' },
  { action: 'returnDraft', from: 'submitted', to: 'draft', direction: 'back', needs: 'approve' },
  { action: 'withdraw', from: 'approved', to: 'submitted', direction: 'back', needs: 'approve' },
  { action: 'retract', from: 'published', to: 'approved', direction: 'back', needs: 'approve' },
];

/** The moves of a cell: those with values to move that the caller may make, forward ones first. */
export function cellMoves(own: StatusCounts, may: { submit: boolean; approve: boolean }): CellMove[] {
  return MOVES.filter((m) => own[m.from] > 0 && may[m.needs]).map((m) => ({ ...m, count: own[m.from] }));
}

export interface ApprovalView {
  readonly orgUnit: string | undefined;
  readonly from: string;
  readonly to: string;
}

/** The view from the address; the default range is the three years up to last year. */
export function readView(query: URLSearchParams, now = new Date()): ApprovalView {
  const last = String(now.getFullYear() - 1);
  const first = String(now.getFullYear() - 3);
  const orgUnit = query.get('orgUnit');
  return {
    orgUnit: orgUnit === null || orgUnit === '' ? undefined : orgUnit,
    from: query.get('from') ?? first,
    to: query.get('to') ?? last,
  };
}

export function viewHref(view: { orgUnit: string; from: string; to: string }): string {
  const query = new URLSearchParams({ orgUnit: view.orgUnit, from: view.from, to: view.to });
  return `/approval?${query.toString()}`;
}

/**
 * The units a caller may pick: every member state when one of their grants that may read
 * unpublished data has no scope, else the units their grants name.
 */
export function pickableUnits(
  grants: readonly { role: string; scope: string | null }[],
  memberStates: readonly string[],
): string[] {
  const readers = grants.filter((g) =>
    ['contributor', 'approver', 'analyst', 'administrator'].includes(g.role),
  );
  if (readers.some((g) => g.scope === null)) return [...memberStates];
  return [...new Set(readers.map((g) => g.scope as string))].sort();
}
