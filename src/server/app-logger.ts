/**
 * What the server logs through: structured fields and a message, one JSON line each once it
 * reaches pino (`pino-logger.ts`, created by `atalaya serve`). Routes and middleware see only this
 * interface, so tests run silent or capture lines, and nothing but the server's edge imports pino.
 */
export interface AppLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const nothing = (): void => undefined;

/** The default: logs nothing (in-process tests, `npm run openapi`). */
export const SILENT_LOGGER: AppLogger = { info: nothing, warn: nothing, error: nothing };
