/**
 * The error types every feature shares. Each carries a stable `code` that the HTTP layer maps to a
 * status and the CLI prints, so a message never needs to be parsed.
 */

/** Where in an input a problem was found (1-based line and column, as editors count). */
export interface SourcePosition {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Name of the column (field) in a tabular file, when known. */
  readonly field?: string;
  /** In a spreadsheet, the cell (`Prisiones!D3`) or row (`Prisiones!3:3`): said instead of line and column. */
  readonly cell?: string;
}

/** One problem found in an input; an import collects all of them before refusing the file. */
export interface InputIssue extends SourcePosition {
  readonly message: string;
}

export function formatIssue(issue: InputIssue): string {
  const where = [
    issue.file,
    issue.cell,
    issue.cell !== undefined || issue.line === undefined ? undefined : `line ${issue.line}`,
    issue.cell !== undefined || issue.column === undefined ? undefined : `column ${issue.column}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  const field = issue.field === undefined ? '' : `${where === '' ? '' : ' '}(${issue.field})`;
  return where === '' && field === '' ? issue.message : `${where}${field}: ${issue.message}`;
}

/** Bad input from a user or a file: the caller can fix it. */
export class ValidationError extends Error {
  readonly code = 'validation';
  readonly issues: readonly InputIssue[];
  constructor(message: string, issues: readonly InputIssue[] = []) {
    super(issues.length === 0 ? message : `${message}\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** A named thing does not exist. */
export class NotFoundError extends Error {
  readonly code = 'not_found';
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/**
 * The request is well formed but conflicts with the state of the store (e.g. a locked value);
 * `details` are sent beside the message, for a client to say it in its own words.
 */
export class ConflictError extends Error {
  readonly code = 'conflict';
  /** what conflicts (the values a rollback would clobber), when known */
  readonly issues: readonly InputIssue[];
  constructor(
    message: string,
    issues: readonly InputIssue[] = [],
    /** sent beside the message, for a client to say it in its own words */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(issues.length === 0 ? message : `${message}\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ConflictError';
    this.issues = issues;
  }
}

/** The store is busy with another writer (an import holds the write lock); try again shortly. */
export class BusyError extends Error {
  readonly code = 'busy';
  constructor(message: string) {
    super(message);
    this.name = 'BusyError';
  }
}

/** The caller may not do this (with the lines of an input that they may not write, when known). */
export class ForbiddenError extends Error {
  readonly code = 'forbidden';
  readonly issues: readonly InputIssue[];
  constructor(message = 'You are not allowed to do this.', issues: readonly InputIssue[] = []) {
    super(issues.length === 0 ? message : `${message}\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ForbiddenError';
    this.issues = issues;
  }
}
