/** Numbers, percentages and intervals formatted for the reader's language (Intl). */
import type { Language } from './i18n/languages.ts';

const LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-419', pt: 'pt-BR', fr: 'fr-FR' };

export function locale(language: string): string {
  return LOCALES[language as Language] ?? 'en-US';
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(language: string, digits: number): Intl.NumberFormat {
  const key = `${language}:${digits}`;
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale(language), {
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    });
    formatters.set(key, format);
  }
  return format;
}

/** Significant digits that suit the magnitude: 1 234, 56.7, 4.32, 0.123. */
export function formatNumber(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const size = Math.abs(value);
  const digits = size >= 1000 ? 0 : size >= 100 ? 1 : size >= 1 ? 2 : 3;
  return formatter(language, digits).format(value);
}

export function formatPercent(share: number, language: string): string {
  return new Intl.NumberFormat(locale(language), { style: 'percent', maximumFractionDigits: 1 }).format(
    share,
  );
}

const QUARTER: Readonly<Record<string, string>> = {
  en: 'Q{q} {y}',
  es: 'T{q} {y}',
  pt: '{q}º tri. {y}',
  fr: 'T{q} {y}',
};

/** An SDMX period code for reading: `2024` stays, `2024-05` → "May 2024", `2024-Q2` → "Q2 2024" (by language). */
export function formatPeriodLabel(code: string, language: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(code);
  if (month !== null) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    return new Intl.DateTimeFormat(locale(language), {
      year: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(date);
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(code);
  if (quarter !== null) {
    return (QUARTER[language] ?? QUARTER['en']!).replace('{q}', quarter[2]!).replace('{y}', quarter[1]!);
  }
  return code;
}
