import type { Store } from '../store/store.ts';
import type { Principal } from './policy.ts';

/** What every request handler can reach. */
export interface AppDeps {
  readonly store: Store;
  /** An API token that grants the administrator role (until accounts exist). */
  readonly adminToken?: string;
  readonly version: string;
}

export interface AppEnv {
  Variables: {
    principal: Principal;
  };
}
