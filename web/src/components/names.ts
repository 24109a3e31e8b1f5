/** A name in the reader's language from the API's four-language texts (English when missing). */
export type LocalizedText = Readonly<Record<string, string>>;

export function localized(text: LocalizedText | undefined, language: string): string {
  if (text === undefined) return '';
  return text[language] ?? text['en'] ?? '';
}
