import { ValidationError } from '../kernel/errors.ts';
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
