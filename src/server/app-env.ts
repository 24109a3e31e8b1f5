import type { LiveCube } from '../analytics/analytics.store.ts';
import type { Store } from '../store/store.ts';
import type { AppLogger } from './app-logger.ts';
import type { Principal } from './policy.ts';

/** What every request handler can reach. */
export interface AppDeps {
  readonly store: Store;
  /** An API token that grants the administrator role (until accounts exist). */
  readonly adminToken?: string;
  readonly version: string;
  /** the live analytics cube; opened on first use when absent */
  readonly analytics?: () => Promise<LiveCube>;
  /** where requests and errors are logged (default: nowhere) */
  readonly logger?: AppLogger;
  /** trust `X-Forwarded-For`/`-Proto` from a proxy in front (`serve --trust-proxy`); default false */
  readonly trustProxy?: boolean;
}

export interface AppEnv {
  Variables: {
    principal: Principal;
    requestId: string;
  };
}
