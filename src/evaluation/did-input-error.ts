/**
 * The error the difference-in-differences estimators throw for input they cannot use (an
 * unbalanced panel, no comparison units, a treatment flag that changes within a unit, …), with a
 * message that names the unit, period or group at fault, so a caller can show it as it is.
 */
export class DidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DidInputError';
  }
}
