import type { LiveCube } from '../analytics/analytics.store.ts';
import type { Store } from '../store/store.ts';
import type { AppLogger } from './app-logger.ts';
import type { WebAppFiles } from './web-app.routes.ts';
import type { Principal } from './policy.ts';

/** What every request handler can reach. */
export interface AppDeps {
  readonly store: Store;
  /**
   * The operator token (`serve --admin-token`, `ATALAYA_ADMIN_TOKEN`): a request bearing it acts as
   * an administrator of everything. For operators and tests; people sign in with accounts.
   */
  readonly adminToken?: string;
  /** sign-in attempts allowed per client address in a window (default 20 a minute) */
  readonly signInLimit?: { readonly attempts: number; readonly windowMs: number };
  readonly version: string;
  /** the live analytics cube; opened on first use when absent */
  readonly analytics?: () => Promise<LiveCube>;
  /** where requests and errors are logged (default: nowhere) */
  readonly logger?: AppLogger;
  /** trust `X-Forwarded-For`/`-Proto` from a proxy in front (`serve --trust-proxy`); default false */
  readonly trustProxy?: boolean;
  /** the built web app served at `/` and the app's paths (`serve` passes web/dist); none: the landing page */
  readonly webApp?: WebAppFiles;
}

export interface AppEnv {
  Variables: {
    principal: Principal;
    /** the secret id of the caller's session, when they came with a live session cookie */
    sessionId?: string;
    requestId: string;
    /** the client's address (from a trusted proxy's header with `--trust-proxy`), or `unknown` */
    clientAddress: string;
    /** whether the request came over HTTPS (directly, or to a trusted proxy) */
    https: boolean;
  };
}
