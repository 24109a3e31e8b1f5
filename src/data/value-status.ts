import { ConflictError, ValidationError } from '../kernel/errors.ts';
import {
  childPeriods,
  formatPeriod,
  parentPeriod,
  parsePeriod,
  PERIOD_TYPES,
} from '../periods/period-code.ts';
import { VALUE_STATUSES, isValueStatus, type ValueStatus } from './value-writer.ts';

/**
 * The approval workflow, bottom-up: draft → submitted → approved → published. A move is one step:
 * forward (submit, approve, publish) or, when asked for explicitly, back (a submission returned,
 * an approval withdrawn, a publication retracted). A bulk move therefore never skips a step and
 * never sends values backwards by accident.
 */
export type MoveDirection = 'forward' | 'back';

/** The one status a value must be in to move to `to` in `direction`; throws when there is none. */
export function statusBefore(to: string, direction: MoveDirection): ValueStatus {
  if (!isValueStatus(to)) {
    throw new ValidationError(`"${to}" is not a status (expected ${VALUE_STATUSES.join(', ')})`);
  }
  const index = VALUE_STATUSES.indexOf(to) + (direction === 'forward' ? -1 : 1);
  const from = VALUE_STATUSES[index];
  if (from === undefined) {
    throw new ValidationError(
      direction === 'forward'
        ? `values cannot move forward to "${to}": it is the first status`
        : `values cannot be sent back to "${to}": it is the last status`,
    );
  }
  return from;
}

/**
 * The order of the workflow over the hierarchy. Approval and publication go bottom-up: a unit's
 * values of an element for a period move forward to `approved` (or `published`) only when no unit
 * below it (at any depth) holds a value of that element, for that period or a period within it,
 * at a status before the target. Withdrawal goes top-down, its mirror: a unit's approved (or
 * published) values are sent back only when no unit above it holds a value of that element, for
 * that period or a period containing it, at the status being left or after it. So an approved or
 * published figure never rests on parts that are not. Submitting and returning a submission are
 * free: they do not change what is locked or public.
 */
export type WorkflowOrder =
  /** the units below must have none of their values (in the periods within) in these statuses */
  | { readonly look: 'below'; readonly blockedBy: readonly ValueStatus[] }
  /** the units above must have none of their values (in the periods around) in these statuses */
  | { readonly look: 'above'; readonly blockedBy: readonly ValueStatus[] };

/** What a move must check over the hierarchy, or `undefined` when it is free. */
export function workflowOrder(to: ValueStatus, direction: MoveDirection): WorkflowOrder | undefined {
  const target = VALUE_STATUSES.indexOf(to);
  if (direction === 'forward') {
    return to === 'approved' || to === 'published'
      ? { look: 'below', blockedBy: VALUE_STATUSES.slice(0, target) }
      : undefined;
  }
  const from = statusBefore(to, 'back');
  return from === 'approved' || from === 'published'
    ? { look: 'above', blockedBy: VALUE_STATUSES.slice(target + 1) }
    : undefined;
}

/** The period and every shorter period inside it (a year: itself, its 4 quarters and 12 months). */
export function periodsWithin(code: string): string[] {
  const period = parsePeriod(code);
  const finer = PERIOD_TYPES.slice(PERIOD_TYPES.indexOf(period.type) + 1);
  return [code, ...finer.flatMap((type) => childPeriods(period, type).map(formatPeriod))];
}

/** The period and every longer period containing it (a month: itself, its quarter and its year). */
export function periodsAround(code: string): string[] {
  const period = parsePeriod(code);
  const coarser = PERIOD_TYPES.slice(0, PERIOD_TYPES.indexOf(period.type)).reverse();
  return [code, ...coarser.map((type) => formatPeriod(parentPeriod(period, type)))];
}

/** Values of one unit and period, in one status, that keep a move from happening. */
export interface BlockingValues {
  readonly orgUnit: string;
  readonly period: string;
  readonly status: ValueStatus;
  readonly count: number;
}

/** At most this many blocking groups are named in a refusal (the total is said). */
export const MAX_BLOCKING_LISTED = 50;

const VERB: Readonly<Record<ValueStatus, string>> = {
  draft: 'returned to draft',
  submitted: 'submitted',
  approved: 'approved',
  published: 'published',
};

/**
 * A move refused by the workflow's order (409): names the move and lists the units, periods and
 * statuses in the way, so a page can say it in the reader's language.
 */
export class WorkflowOrderError extends ConflictError {
  readonly blocking: readonly BlockingValues[];
  constructor(
    move: { readonly orgUnit: string; readonly period?: string; readonly to: ValueStatus },
    order: WorkflowOrder,
    blocking: readonly BlockingValues[],
  ) {
    const listed = blocking.slice(0, MAX_BLOCKING_LISTED);
    const what = `${move.orgUnit}${move.period === undefined ? '' : ` ${move.period}`}`;
    const list = listed.map((b) => `${b.orgUnit} ${b.period}: ${b.count} ${b.status}`).join('; ');
    const more = blocking.length > listed.length ? `; and ${blocking.length - listed.length} more` : '';
    super(
      order.look === 'below'
        ? `${what} cannot be ${VERB[move.to]} before the units below it (bottom-up): ${list}${more}`
        : `${what} cannot be sent back to ${move.to} while units above it are further on (top-down): ${list}${more}`,
      [],
      { order: order.look, blocking: listed, blockingTotal: blocking.length },
    );
    this.name = 'WorkflowOrderError';
    this.blocking = blocking;
  }
}
