/** The four official languages of the OAS, and how the app picks and remembers one. */
export const LANGUAGES = ['en', 'es', 'pt', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  es: 'Español',
  pt: 'Português',
  fr: 'Français',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export const LANGUAGE_STORAGE_KEY = 'atalaya.language';

/** `?lang=` first (a shared link), then the remembered choice, then the browser's languages. */
export function pickLanguage(
  queryLang: string | null,
  remembered: string | null,
  browser: readonly string[],
): Language {
  if (isLanguage(queryLang)) return queryLang;
  if (isLanguage(remembered)) return remembered;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** A nested message shape with every leaf a string: the other languages must match English. */
export type MessagesLike<T> = { readonly [K in keyof T]: T[K] extends string ? string : MessagesLike<T[K]> };

/** One namespace of messages in all four languages; TypeScript refuses a missing or extra key. */
export function messages<T extends object>(
  en: T,
  others: Readonly<Record<Exclude<Language, 'en'>, MessagesLike<T>>>,
) {
  return { en: en as MessagesLike<T>, ...others };
}
