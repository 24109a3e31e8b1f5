import { ValidationError } from '../kernel/errors.ts';
import { VALUE_STATUSES, type ValueStatus } from './value-writer.ts';

/**
 * The approval workflow, bottom-up: draft → submitted → approved → published. A value can be sent
 * back one step (a submission returned, an approval withdrawn, a publication retracted).
 */
const NEXT: Readonly<Record<ValueStatus, readonly ValueStatus[]>> = {
  draft: ['submitted'],
  submitted: ['approved', 'draft'],
  approved: ['published', 'submitted'],
  published: ['approved'],
};

export function canMove(from: ValueStatus, to: ValueStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses a value may be in for a move to `to`; throws for an unknown status. */
export function statusesMovableTo(to: string): ValueStatus[] {
  if (!(VALUE_STATUSES as readonly string[]).includes(to)) {
    throw new ValidationError(`"${to}" is not a status (expected ${VALUE_STATUSES.join(', ')})`);
  }
  return VALUE_STATUSES.filter((from) => canMove(from, to as ValueStatus));
}
