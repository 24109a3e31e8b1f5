import { isLanguage, type Language } from '../kernel/i18n.ts';

/** The language of a page: `?lang=` when it names one of the four, else the first known in Accept-Language. */
export function pickLanguage(query: string | undefined, header: string | undefined): Language {
  if (query !== undefined && isLanguage(query)) return query;
  for (const part of (header ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return 'en';
}

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
