/**
 * The roles of Atalaya. The public has no account and no role; every other caller holds one or more
 * grants, each a role in a scope (an org unit and everything below it, or every member state).
 */
export const ROLES = ['contributor', 'approver', 'analyst', 'firearms_officer', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Roles that always cover every member state: an analyst reads everything and an administrator
 * runs the platform, so a grant of either has no scope.
 */
export const HEMISPHERIC_ROLES: readonly Role[] = ['analyst', 'administrator'];

/** Why a grant cannot be given, or `undefined` when it can. */
export function grantProblem(role: string, scope: string | null): string | undefined {
  if (!isRole(role)) return `unknown role "${role}" (expected ${ROLES.join(', ')})`;
  if (scope !== null && HEMISPHERIC_ROLES.includes(role)) {
    return `the ${role} role covers every member state: give it without a scope`;
  }
  return undefined;
}
