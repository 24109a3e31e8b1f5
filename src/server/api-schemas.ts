import { z } from '@hono/zod-openapi';

/** Schemas shared by every feature's routes. */
export const LocalizedTextSchema = z
  .object({ en: z.string(), es: z.string(), pt: z.string(), fr: z.string() })
  .openapi('LocalizedText');

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation' }),
      message: z.string(),
      issues: z
        .array(
          z.object({
            file: z.string().optional(),
            line: z.number().int().optional(),
            column: z.number().int().optional(),
            field: z.string().optional(),
            cell: z
              .string()
              .optional()
              .openapi({ description: 'in a spreadsheet, the cell (Prisiones!D3) or row (Prisiones!3:3)' }),
            message: z.string(),
          }),
        )
        .optional(),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'Bad request', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  409: {
    description: 'Conflicts with the state of the store (the values concerned listed in issues)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  503: {
    description: 'The store is busy with another write (an import); retry after the Retry-After seconds',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A comma-separated list in a query string. */
export const csvList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== ''),
);

type DeepWritable<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? DeepWritable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: DeepWritable<T[K]> }
      : T;

/**
 * The models are deeply readonly; zod's output types have mutable arrays. The JSON is the same,
 * so this only changes the type seen by the route's response check.
 */
export function asJson<T>(value: T): DeepWritable<T> {
  return value as DeepWritable<T>;
}
