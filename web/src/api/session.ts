/**
 * Who is signed in (GET /api/session: the user, their grants and the CSRF token), and how the web
 * app sends a write: with the session cookie (`credentials: 'same-origin'`) and the token in the
 * `x-csrf-token` header, as the server requires of every request that changes anything.
 */
import { api, unwrap } from './client.ts';
import type { paths } from './schema';
import { useEffect, useState } from 'react';
import { cached, type Loaded } from './use-api.ts';

export type Session = paths['/api/session']['get']['responses'][200]['content']['application/json'];
export type Role = Session['grants'][number]['role'];

const CHANGED = 'atalaya:session';
let generation = 0;

function loadSession(): Promise<Session> {
  return cached(`session:${generation}`, async () =>
    unwrap(await api.GET('/api/session', { credentials: 'same-origin', cache: 'no-store' })),
  );
}

/** The current session; reloaded after `signOut` (and on every page load: a sign-in reloads). */
export function useSession(): Loaded<Session> {
  const [state, setState] = useState<{ generation: number; loaded: Loaded<Session> }>({
    generation: -1,
    loaded: { state: 'loading' },
  });
  const [current, setCurrent] = useState(generation);
  useEffect(() => {
    const onChange = () => setCurrent(generation);
    window.addEventListener(CHANGED, onChange);
    return () => window.removeEventListener(CHANGED, onChange);
  }, []);
  useEffect(() => {
    let live = true;
    loadSession().then(
      (data) => live && setState({ generation: current, loaded: { state: 'ready', data } }),
      (error: unknown) =>
        live &&
        setState({
          generation: current,
          loaded: { state: 'failed', error: error instanceof Error ? error : new Error(String(error)) },
        }),
    );
    return () => {
      live = false;
    };
  }, [current]);
  return state.generation === current ? state.loaded : { state: 'loading' };
}

/** The options a write needs: the session cookie and the CSRF token. */
export function writeOptions(session: Session | undefined): {
  credentials: 'same-origin';
  headers: Record<string, string>;
} {
  const token = session?.csrfToken;
  return {
    credentials: 'same-origin',
    headers: token === null || token === undefined ? {} : { 'x-csrf-token': token },
  };
}

export function hasRole(session: Session | undefined, roles: readonly Role[]): boolean {
  return (
    session?.user !== null &&
    session?.user !== undefined &&
    session.grants.some((g) => roles.includes(g.role))
  );
}

export function isSignedIn(session: Session | undefined): boolean {
  return session?.user !== null && session?.user !== undefined;
}

/** Ends the session on the server, then tells every `useSession` to load it again. */
export async function signOut(session: Session | undefined): Promise<void> {
  const response = await fetch('/api/session', { method: 'DELETE', ...writeOptions(session) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  generation += 1;
  window.dispatchEvent(new Event(CHANGED));
}
