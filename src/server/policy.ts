/**
 * Who may call what. Every route declares a policy; the server refuses a request whose principal
 * the policy does not allow, and the OpenAPI document shows each policy (`x-atalaya-policy`).
 * Accounts and country-scoped roles come with the access feature; until then a principal is
 * anonymous (the public) or the administrator holding the configured API token.
 */
export const ROLES = ['contributor', 'approver', 'analyst', 'firearms_officer', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export type Policy =
  { readonly kind: 'public' } | { readonly kind: 'roles'; readonly roles: readonly Role[] };

export const PUBLIC: Policy = { kind: 'public' };
export const ADMINISTRATORS: Policy = { kind: 'roles', roles: ['administrator'] };
/** Who may read unpublished data. */
export const READERS_OF_UNPUBLISHED: Policy = {
  kind: 'roles',
  roles: ['contributor', 'approver', 'analyst', 'administrator'],
};

export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly name: string; readonly roles: readonly Role[] };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export function allows(policy: Policy, principal: Principal): boolean {
  if (policy.kind === 'public') return true;
  if (principal.kind === 'anonymous') return false;
  return principal.roles.some((role) => policy.roles.includes(role));
}

/** Whether the principal may see values that are not yet published. */
export function seesUnpublished(principal: Principal): boolean {
  return allows(READERS_OF_UNPUBLISHED, principal);
}

export function describePolicy(policy: Policy): string {
  return policy.kind === 'public' ? 'public' : `roles: ${policy.roles.join(', ')}`;
}
