/**
 * Marks the moment a page has drawn its data: a Performance API mark (`atalaya:ready`) that the
 * bench reads to measure time to interactive, and a `data-ready` attribute on <main> that the
 * browser tests wait for instead of sleeping.
 */
import { useEffect } from 'react';

export const READY_MARK = 'atalaya:ready';

export function usePageReady(ready: boolean): void {
  useEffect(() => {
    if (!ready) return;
    if (performance.getEntriesByName(READY_MARK).length === 0) performance.mark(READY_MARK);
    const target = document.getElementById('main') ?? document.body;
    target.dataset['ready'] = 'true';
    return () => {
      delete target.dataset['ready'];
    };
  }, [ready]);
}

/** Titles the document after the page: "Mexico · Atalaya". */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title === undefined ? 'Atalaya' : `${title} · Atalaya`;
  }, [title]);
}
