/**
 * i18next set up with every namespace in the four languages, bundled (the messages of all four
 * weigh a few kilobytes gzip, less than a second request). Keys are typed: `t('nav.overview')`
 * with a key that does not exist in English fails the type check, and the other languages must
 * have the same keys (see `messages()`); i18n.test.ts checks both again at run time.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGE_STORAGE_KEY, pickLanguage, type Language } from './languages.ts';
import { resources } from './resources.ts';

export function detectLanguage(): Language {
  const query = new URLSearchParams(window.location.search).get('lang');
  let remembered: string | null = null;
  try {
    remembered = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // storage refused (private mode): the choice lasts for this page only
  }
  return pickLanguage(query, remembered, navigator.languages);
}

export async function startI18n(language: Language): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: false,
    defaultNS: 'common',
    ns: Object.keys(resources.en),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
}

/** Switches language, remembers it, and marks the document for screen readers. */
export async function switchLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // storage refused: still switch
  }
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
