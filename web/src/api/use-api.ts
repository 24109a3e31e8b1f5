/**
 * Loads data for a component: a small cache of promises keyed by a string, so pages that ask for
 * the same catalogue or geography share one request, and a hook that gives the state of one load.
 */
import { useEffect, useState } from 'react';

const cache = new Map<string, Promise<unknown>>();
const CACHE_LIMIT = 200;

export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let promise = cache.get(key) as Promise<T> | undefined;
  if (promise === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    promise = load();
    promise.catch(() => cache.delete(key));
    cache.set(key, promise);
  }
  return promise;
}

export type Loaded<T> =
  | { readonly state: 'loading'; readonly data?: undefined; readonly error?: undefined }
  | { readonly state: 'ready'; readonly data: T; readonly error?: undefined }
  | { readonly state: 'failed'; readonly data?: undefined; readonly error: Error };

/** `key` names the request: a new key starts a new load; the same key reuses the cached one. */
export function useApi<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [result, setResult] = useState<{ key: string | null; loaded: Loaded<T> }>({
    key: null,
    loaded: { state: 'loading' },
  });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    cached(key, load).then(
      (data) => live && setResult({ key, loaded: { state: 'ready', data } }),
      (error: unknown) =>
        live &&
        setResult({
          key,
          loaded: { state: 'failed', error: error instanceof Error ? error : new Error(String(error)) },
        }),
    );
    return () => {
      live = false;
    };
    // `load` is keyed by `key`: a new closure with the same key is the same request.
  }, [key]);
  return result.key === key ? result.loaded : { state: 'loading' };
}
