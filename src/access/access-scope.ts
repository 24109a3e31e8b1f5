/**
 * Where a caller may act. A route's policy says which roles may call it at all; on top of it, data
 * access is scoped: each grant covers its org unit and every unit below it (or everything when it
 * has no scope), and an action is allowed on a unit when a grant of a role that may do the action
 * covers it. Pure: the hierarchy comes in as a chain of codes (the unit, then its ancestors).
 */
import type { MoveDirection } from '../data/value-status.ts';
import type { ValueStatus } from '../data/value-writer.ts';
import type { Grant, Principal } from './principal.ts';
import type { Role } from './roles.ts';

/** What a caller may be scoped for. */
export type ScopedAction =
  | { readonly kind: 'read_unpublished' }
  | { readonly kind: 'import'; readonly status: ValueStatus }
  | { readonly kind: 'move_status'; readonly to: ValueStatus; readonly direction: MoveDirection }
  | { readonly kind: 'prefer_source' };

/** Where an action is allowed. */
export type Scope =
  | { readonly kind: 'everywhere' }
  | { readonly kind: 'units'; readonly roots: readonly string[] }
  | { readonly kind: 'nowhere' };

export const EVERYWHERE: Scope = { kind: 'everywhere' };
export const NOWHERE: Scope = { kind: 'nowhere' };

/**
 * The roles that may do an action somewhere. Contributors read unpublished data, import drafts and
 * submitted values, and submit drafts; approvers do all of that and approve, publish and send
 * values back, and choose a unit's preferred sources; analysts read everything; administrators do
 * everything. Firearms officers get
 * nothing here (the registry comes later).
 */
export function rolesFor(action: ScopedAction): readonly Role[] {
  switch (action.kind) {
    case 'read_unpublished':
      return ['contributor', 'approver', 'analyst', 'administrator'];
    case 'import':
      return action.status === 'draft' || action.status === 'submitted'
        ? ['contributor', 'approver', 'administrator']
        : ['approver', 'administrator'];
    case 'move_status':
      return action.direction === 'forward' && action.to === 'submitted'
        ? ['contributor', 'approver', 'administrator']
        : ['approver', 'administrator'];
    case 'prefer_source':
      return ['approver', 'administrator'];
  }
}

/** The union of the scopes of the grants whose role is one of `roles`. */
export function scopeOfGrants(grants: readonly Grant[], roles: readonly Role[]): Scope {
  const roots = new Set<string>();
  for (const grant of grants) {
    if (!roles.includes(grant.role)) continue;
    if (grant.scope === null) return EVERYWHERE;
    roots.add(grant.scope);
  }
  return roots.size === 0 ? NOWHERE : { kind: 'units', roots: [...roots].sort() };
}

/** Where the principal may do the action (the public: nowhere). */
export function scopeFor(principal: Principal, action: ScopedAction): Scope {
  return principal.kind === 'anonymous' ? NOWHERE : scopeOfGrants(principal.grants, rolesFor(action));
}

/**
 * Whether the scope covers a unit, given the unit's chain: its own code, then its parent's, up to
 * the root. An empty chain (an unknown unit) is covered only by `everywhere`.
 */
export function covers(scope: Scope, chain: readonly string[]): boolean {
  if (scope.kind === 'everywhere') return true;
  if (scope.kind === 'nowhere') return false;
  return chain.some((code) => scope.roots.includes(code));
}

/**
 * A unit's chain from a parent lookup (`undefined` or `null`: no parent). Stops at a cycle rather
 * than looping, so bad reference data cannot hang a request.
 */
export function chainOf(code: string, parentOf: (code: string) => string | null | undefined): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let at: string | null | undefined = code; at !== null && at !== undefined; at = parentOf(at)) {
    if (seen.has(at)) break;
    seen.add(at);
    chain.push(at);
  }
  return chain;
}

export function describeScope(scope: Scope): string {
  if (scope.kind === 'everywhere') return 'every member state';
  if (scope.kind === 'nowhere') return 'no org unit';
  return scope.roots.join(', ');
}
