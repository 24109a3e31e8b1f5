import type { Role } from './roles.ts';

/** One role held in one scope: an org unit code (it and its subunits) or `null` for every member state. */
export interface Grant {
  readonly role: Role;
  readonly scope: string | null;
}

/** How a signed-in caller proved who they are. */
export type Credential = 'session' | 'api_token' | 'operator_token';

/** Who is calling: the public, or a user (or the operator) with their grants. */
export type Principal =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'user';
      /** the account id; `null` for the operator token given to `atalaya serve --admin-token` */
      readonly userId: number | null;
      readonly name: string;
      readonly email: string | null;
      readonly grants: readonly Grant[];
      readonly credential: Credential;
      /** an API token made read-only: no request but GET/HEAD */
      readonly readOnly: boolean;
    };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** The operator holding `--admin-token` / `ATALAYA_ADMIN_TOKEN`: an administrator of everything. */
export const OPERATOR: Principal = {
  kind: 'user',
  userId: null,
  name: 'operator (admin token)',
  email: null,
  grants: [{ role: 'administrator', scope: null }],
  credential: 'operator_token',
  readOnly: false,
};

/** The distinct roles a principal holds, whatever their scope. */
export function rolesOf(principal: Principal): Role[] {
  return principal.kind === 'anonymous' ? [] : [...new Set(principal.grants.map((g) => g.role))];
}

/** A short name for records (import batches): the email of the user, or the operator. */
export function actorName(principal: Principal): string {
  if (principal.kind === 'anonymous') return 'anonymous';
  return principal.email ?? principal.name;
}

/** Whether the principal administers the platform (an administrator grant, or the operator). */
export function isAdministrator(principal: Principal): boolean {
  return rolesOf(principal).includes('administrator');
}
