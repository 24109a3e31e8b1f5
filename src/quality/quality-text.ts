/**
 * The words of the quality reports (the `atalaya quality` output; the pages will reuse them), in
 * the four languages. `{name}` placeholders are filled by `fill`.
 */
import type { Language, LocalizedText } from '../kernel/i18n.ts';
import type { Severity } from './validation-rule.ts';

export const QUALITY_TEXT = {
  rulesSummary: {
    en: '{rules} rules over {cells} unit-periods: {checked} checks, {violations} violations',
    es: '{rules} reglas sobre {cells} unidades-período: {checked} comprobaciones, {violations} incumplimientos',
    pt: '{rules} regras sobre {cells} unidades-período: {checked} verificações, {violations} violações',
    fr: '{rules} règles sur {cells} unités-périodes : {checked} contrôles, {violations} violations',
  },
  noViolations: {
    en: 'No violations.',
    es: 'Ningún incumplimiento.',
    pt: 'Nenhuma violação.',
    fr: 'Aucune violation.',
  },
  violationsOfRule: {
    en: '{violations} of {checked} checks fail',
    es: '{violations} de {checked} comprobaciones fallan',
    pt: '{violations} de {checked} verificações falham',
    fr: '{violations} contrôles sur {checked} échouent',
  },
  more: {
    en: '… and {count} more',
    es: '… y {count} más',
    pt: '… e mais {count}',
    fr: '… et {count} de plus',
  },
  seriesHeading: {
    en: '{source}, {type}s {from}–{to} ({observed} values)',
    es: '{source}, {type} {from}–{to} ({observed} valores)',
    pt: '{source}, {type} {from}–{to} ({observed} valores)',
    fr: '{source}, {type} {from}–{to} ({observed} valeurs)',
  },
  tooShort: {
    en: 'too short to judge',
    es: 'demasiado corta para juzgar',
    pt: 'curta demais para julgar',
    fr: 'trop courte pour juger',
  },
  noOutliers: {
    en: 'no outliers',
    es: 'ningún valor atípico',
    pt: 'nenhum valor atípico',
    fr: 'aucune valeur aberrante',
  },
  outlierLine: {
    en: '{period}: {value}, expected {expected} (score {score})',
    es: '{period}: {value}, esperado {expected} (puntaje {score})',
    pt: '{period}: {value}, esperado {expected} (escore {score})',
    fr: '{period} : {value}, attendu {expected} (score {score})',
  },
  noSeries: {
    en: 'No values of this element for this unit.',
    es: 'No hay valores de este elemento para esta unidad.',
    pt: 'Não há valores deste elemento para esta unidade.',
    fr: 'Aucune valeur de cet élément pour cette unité.',
  },
  completenessHeader: {
    en: 'unit | expected | reported | complete | on time (≤ {days} days) | median delay (days)',
    es: 'unidad | esperados | reportados | completitud | a tiempo (≤ {days} días) | demora mediana (días)',
    pt: 'unidade | esperados | reportados | completude | no prazo (≤ {days} dias) | atraso mediano (dias)',
    fr: 'unité | attendues | déclarées | complétude | à temps (≤ {days} jours) | délai médian (jours)',
  },
  noUnits: {
    en: 'No unit reports this element.',
    es: 'Ninguna unidad reporta este elemento.',
    pt: 'Nenhuma unidade reporta este elemento.',
    fr: 'Aucune unité ne déclare cet élément.',
  },
  ruleSaved: {
    en: 'Rule {code} {action}: {rule} ({severity})',
    es: 'Regla {code} {action}: {rule} ({severity})',
    pt: 'Regra {code} {action}: {rule} ({severity})',
    fr: 'Règle {code} {action} : {rule} ({severity})',
  },
  ruleCreated: { en: 'created', es: 'creada', pt: 'criada', fr: 'créée' },
  ruleReplaced: { en: 'replaced', es: 'reemplazada', pt: 'substituída', fr: 'remplacée' },
  filledFromEnglish: {
    en: 'Not given, filled from English: {fields}',
    es: 'No indicados, copiados del inglés: {fields}',
    pt: 'Não informados, copiados do inglês: {fields}',
    fr: "Non fournis, repris de l'anglais : {fields}",
  },
  ruleRemoved: {
    en: 'Rule {code} removed.',
    es: 'Regla {code} eliminada.',
    pt: 'Regra {code} removida.',
    fr: 'Règle {code} supprimée.',
  },
  builtIn: { en: 'built-in', es: 'integrada', pt: 'embutida', fr: 'intégrée' },
  storedBy: {
    en: 'written by {by}, {at}',
    es: 'escrita por {by}, {at}',
    pt: 'escrita por {by}, {at}',
    fr: 'écrite par {by}, {at}',
  },
  missing: {
    en: 'missing',
    es: 'faltan',
    pt: 'faltam',
    fr: 'manquantes',
  },
} as const satisfies Record<string, LocalizedText>;

export const SEVERITY_TEXT: Readonly<Record<Severity, LocalizedText>> = {
  error: { en: 'error', es: 'error', pt: 'erro', fr: 'erreur' },
  warning: { en: 'warning', es: 'advertencia', pt: 'aviso', fr: 'avertissement' },
  info: { en: 'info', es: 'información', pt: 'informação', fr: 'information' },
};

export const PERIOD_TYPE_TEXT: Readonly<Record<'year' | 'quarter' | 'month', LocalizedText>> = {
  year: { en: 'year', es: 'años', pt: 'anos', fr: 'années' },
  quarter: { en: 'quarter', es: 'trimestres', pt: 'trimestres', fr: 'trimestres' },
  month: { en: 'month', es: 'meses', pt: 'meses', fr: 'mois' },
};

/** A text of `QUALITY_TEXT` in a language with its `{name}` placeholders filled. */
export function fill(
  text: LocalizedText,
  language: Language,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return text[language].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
