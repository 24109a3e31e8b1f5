import type { LiveCube } from '../analytics/analytics.store.ts';
import type { Store } from '../store/store.ts';
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
}

export interface AppEnv {
  Variables: {
    principal: Principal;
    /** the secret id of the caller's session, when they came with a live session cookie */
    sessionId?: string;
  };
}
