/**
 * The paths the web app answers (its route table in routes.tsx uses the same patterns). The
 * server serves index.html on each of them; a test keeps the server's list equal to this one.
 */
export const APP_PATHS = [
  '/',
  '/country/:code',
  '/country/:code/diagnosis',
  '/explore',
  '/embed/explore',
  '/indicators',
  '/indicators/:code',
  '/interventions',
  '/interventions/:code',
  '/evaluate',
  '/imports',
  '/quality',
  '/approval',
] as const;

export type AppPath = (typeof APP_PATHS)[number];
