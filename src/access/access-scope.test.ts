import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainOf, covers, rolesFor, scopeFor, scopeOfGrants, type Scope } from './access-scope.ts';
import { ANONYMOUS, OPERATOR, type Grant, type Principal } from './principal.ts';

const PARENT: Record<string, string | null> = {
  AME: null,
  CAM: 'AME',
  SAM: 'AME',
  MEX: 'CAM',
  'MEX.09': 'MEX',
  'MEX.09015': 'MEX.09',
  GTM: 'CAM',
  COL: 'SAM',
  'COL.05': 'COL',
};
const chain = (code: string) => chainOf(code, (c) => PARENT[c]);
const user = (...grants: Grant[]): Principal => ({
  kind: 'user',
  userId: 1,
  name: 'u',
  email: 'u@example.org',
  grants,
  credential: 'session',
  readOnly: false,
});

describe('access scope', () => {
  it('walks the chain from a unit to the root, and stops at a cycle', () => {
    expect(chain('MEX.09015')).toEqual(['MEX.09015', 'MEX.09', 'MEX', 'CAM', 'AME']);
    expect(chain('nowhere')).toEqual(['nowhere']);
    expect(chainOf('A', (c) => (c === 'A' ? 'B' : 'A'))).toEqual(['A', 'B']);
  });

  it('covers a member state and its subunits, not its parent or its neighbours', () => {
    const mex: Scope = { kind: 'units', roots: ['MEX'] };
    expect(covers(mex, chain('MEX'))).toBe(true);
    expect(covers(mex, chain('MEX.09015'))).toBe(true);
    expect(covers(mex, chain('CAM'))).toBe(false);
    expect(covers(mex, chain('GTM'))).toBe(false);
    expect(covers(mex, chain('COL.05'))).toBe(false);
    expect(covers(mex, [])).toBe(false);
    expect(covers({ kind: 'everywhere' }, [])).toBe(true);
    expect(covers({ kind: 'nowhere' }, chain('MEX'))).toBe(false);
  });

  it('a subnational scope covers its municipalities but not the member state', () => {
    const state: Scope = { kind: 'units', roots: ['MEX.09'] };
    expect(covers(state, chain('MEX.09015'))).toBe(true);
    expect(covers(state, chain('MEX'))).toBe(false);
  });

  it('joins the scopes of the grants whose role may act; a grant without scope covers everything', () => {
    const grants: Grant[] = [
      { role: 'contributor', scope: 'MEX' },
      { role: 'approver', scope: 'GTM' },
      { role: 'firearms_officer', scope: null },
    ];
    expect(scopeOfGrants(grants, ['contributor', 'approver'])).toEqual({
      kind: 'units',
      roots: ['GTM', 'MEX'],
    });
    expect(scopeOfGrants(grants, ['approver'])).toEqual({ kind: 'units', roots: ['GTM'] });
    expect(scopeOfGrants(grants, ['administrator'])).toEqual({ kind: 'nowhere' });
    expect(scopeOfGrants(grants, ['firearms_officer'])).toEqual({ kind: 'everywhere' });
  });

  it('says who may read unpublished data, import and move statuses', () => {
    const read = { kind: 'read_unpublished' } as const;
    expect(scopeFor(ANONYMOUS, read)).toEqual({ kind: 'nowhere' });
    expect(scopeFor(OPERATOR, read)).toEqual({ kind: 'everywhere' });
    expect(scopeFor(user({ role: 'analyst', scope: null }), read)).toEqual({ kind: 'everywhere' });
    expect(scopeFor(user({ role: 'firearms_officer', scope: 'MEX' }), read)).toEqual({ kind: 'nowhere' });
    const contributor = user({ role: 'contributor', scope: 'MEX' });
    const mex = { kind: 'units', roots: ['MEX'] };
    expect(scopeFor(contributor, read)).toEqual(mex);
    expect(scopeFor(contributor, { kind: 'import', status: 'draft' })).toEqual(mex);
    expect(scopeFor(contributor, { kind: 'import', status: 'submitted' })).toEqual(mex);
    expect(scopeFor(contributor, { kind: 'import', status: 'published' })).toEqual({ kind: 'nowhere' });
    expect(scopeFor(contributor, { kind: 'move_status', to: 'submitted', direction: 'forward' })).toEqual(
      mex,
    );
    expect(scopeFor(contributor, { kind: 'move_status', to: 'approved', direction: 'forward' })).toEqual({
      kind: 'nowhere',
    });
    expect(scopeFor(contributor, { kind: 'move_status', to: 'draft', direction: 'back' })).toEqual({
      kind: 'nowhere',
    });
    const approver = user({ role: 'approver', scope: 'MEX' });
    for (const to of ['submitted', 'approved', 'published'] as const) {
      expect(scopeFor(approver, { kind: 'move_status', to, direction: 'forward' })).toEqual(mex);
      expect(scopeFor(approver, { kind: 'import', status: to })).toEqual(mex);
    }
    expect(scopeFor(user({ role: 'analyst', scope: null }), { kind: 'import', status: 'draft' })).toEqual({
      kind: 'nowhere',
    });
  });

  it('rolesFor never gives a write to analysts or firearms officers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('draft', 'submitted', 'approved', 'published'),
        fc.constantFrom('forward', 'back'),
        (status, direction) => {
          for (const action of [
            { kind: 'import', status },
            { kind: 'move_status', to: status, direction },
          ] as const) {
            const roles = rolesFor(action);
            expect(roles).not.toContain('analyst');
            expect(roles).not.toContain('firearms_officer');
            expect(roles).toContain('administrator');
          }
        },
      ),
    );
  });

  it('a scope of units covers exactly the chains that pass through one of its roots', () => {
    const codes = Object.keys(PARENT);
    fc.assert(
      fc.property(fc.subarray(codes, { minLength: 1 }), fc.constantFrom(...codes), (roots, code) => {
        const expected = chain(code).some((c) => roots.includes(c));
        expect(covers({ kind: 'units', roots }, chain(code))).toBe(expected);
      }),
    );
  });
});
