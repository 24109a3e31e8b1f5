/**
 * The web app's API types (web/src/api/schema.d.ts), generated from the OpenAPI document by
 * openapi-typescript: the web app shares the server's types without importing server code.
 * `npm run openapi` writes both files; a test fails when either drifts from the routes.
 */
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

export const WEB_API_TYPES_PATH = ['web', 'src', 'api', 'schema.d.ts'] as const;

export async function webApiTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
  return COMMENT_HEADER + astToString(ast);
}
