/**
 * Who may call what. Every route declares a policy; the server refuses a request whose principal
 * the policy does not allow, and the OpenAPI document shows each policy (`x-atalaya-policy`). A
 * policy names roles only; where a caller may act (their member states) is checked by the route
 * with `src/access/access-scope.ts`.
 */
import { rolesOf, type Principal } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';

export { ROLES, type Role } from '../access/roles.ts';
export { ANONYMOUS, type Principal } from '../access/principal.ts';

export type Policy =
  | { readonly kind: 'public' }
  /** any signed-in user, whatever their roles (their own session and tokens) */
  | { readonly kind: 'signed_in' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] };

export const PUBLIC: Policy = { kind: 'public' };
export const SIGNED_IN: Policy = { kind: 'signed_in' };
export const ADMINISTRATORS: Policy = { kind: 'roles', roles: ['administrator'] };
/** Who may read unpublished data (somewhere: each in their scope). */
export const READERS_OF_UNPUBLISHED: Policy = {
  kind: 'roles',
  roles: ['contributor', 'approver', 'analyst', 'administrator'],
};
/** Who approves values and chooses preferred sources (somewhere: each in their scope). */
export const APPROVERS: Policy = { kind: 'roles', roles: ['approver', 'administrator'] };
/** Who may write data values (somewhere: each in their scope, each the statuses of their role). */
export const WRITERS_OF_VALUES: Policy = {
  kind: 'roles',
  roles: ['contributor', 'approver', 'administrator'],
};

export function allows(policy: Policy, principal: Principal): boolean {
  if (policy.kind === 'public') return true;
  if (principal.kind === 'anonymous') return false;
  if (policy.kind === 'signed_in') return true;
  return rolesOf(principal).some((role) => policy.roles.includes(role));
}

export function describePolicy(policy: Policy): string {
  if (policy.kind === 'public') return 'public';
  if (policy.kind === 'signed_in') return 'signed in';
  return `roles: ${policy.roles.join(', ')}`;
}
