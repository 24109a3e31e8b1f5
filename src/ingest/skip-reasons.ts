/**
 * Why a reader leaves a row out on purpose (an aggregate, a blank month, a code nobody mapped):
 * counted by reason, shown to the person importing in their language, so nothing vanishes
 * silently.
 */
import type { LocalizedText } from '../kernel/i18n.ts';

export const SKIP_REASONS = {
  blank: {
    en: 'blank value (not reported)',
    es: 'valor en blanco (no informado)',
    pt: 'valor em branco (não informado)',
    fr: 'valeur vide (non déclarée)',
  },
  'blank-month': {
    en: 'blank month (not reported yet)',
    es: 'mes en blanco (aún no informado)',
    pt: 'mês em branco (ainda não informado)',
    fr: 'mois vide (pas encore déclaré)',
  },
  'not-applicable': {
    en: 'not applicable',
    es: 'no aplica',
    pt: 'não se aplica',
    fr: 'sans objet',
  },
  'not-a-count': {
    en: 'rate or share, not a count',
    es: 'tasa o proporción, no un conteo',
    pt: 'taxa ou proporção, não uma contagem',
    fr: 'taux ou part, pas un effectif',
  },
  aggregate: {
    en: 'aggregate (region or income group)',
    es: 'agregado (región o grupo de ingreso)',
    pt: 'agregado (região ou grupo de renda)',
    fr: 'agrégat (région ou groupe de revenu)',
  },
  'not-member-state': {
    en: 'not an OAS member state',
    es: 'no es un Estado miembro de la OEA',
    pt: 'não é um Estado membro da OEA',
    fr: "pas un État membre de l'OEA",
  },
  'not-iso3': {
    en: 'not an ISO 3166 alpha-3 code (e.g. GBR_E_W)',
    es: 'no es un código ISO 3166 alfa-3 (p. ej. GBR_E_W)',
    pt: 'não é um código ISO 3166 alfa-3 (p. ex. GBR_E_W)',
    fr: 'pas un code ISO 3166 alpha-3 (p. ex. GBR_E_W)',
  },
  'unit-not-mapped': {
    en: 'org unit not in the mapping',
    es: 'unidad territorial fuera del mapeo',
    pt: 'unidade territorial fora do mapeamento',
    fr: 'unité territoriale absente de la correspondance',
  },
  'blank-unit': {
    en: 'blank org unit',
    es: 'unidad territorial en blanco',
    pt: 'unidade territorial em branco',
    fr: 'unité territoriale vide',
  },
  'element-not-mapped': {
    en: 'element not in the mapping',
    es: 'elemento fuera del mapeo',
    pt: 'elemento fora do mapeamento',
    fr: 'élément absent de la correspondance',
  },
  'indicator-not-mapped': {
    en: 'indicator not in the mapping',
    es: 'indicador fuera del mapeo',
    pt: 'indicador fora do mapeamento',
    fr: 'indicateur absent de la correspondance',
  },
  'crime-type-not-mapped': {
    en: 'crime type not in the mapping',
    es: 'tipo de delito fuera del mapeo',
    pt: 'tipo de crime fora do mapeamento',
    fr: 'type d’infraction absent de la correspondance',
  },
  'code-not-mapped': {
    en: 'a code not in the mapping',
    es: 'un código fuera del mapeo',
    pt: 'um código fora do mapeamento',
    fr: 'un code absent de la correspondance',
  },
  'no-rule': {
    en: 'no mapping rule matches',
    es: 'ninguna regla del mapeo coincide',
    pt: 'nenhuma regra do mapeamento corresponde',
    fr: 'aucune règle de correspondance ne s’applique',
  },
  'drug-not-mapped': {
    en: 'drug left out by the mapping',
    es: 'droga excluida por el mapeo',
    pt: 'droga excluída pelo mapeamento',
    fr: 'drogue écartée par la correspondance',
  },
  'drug-outside-catalogue': {
    en: "drug outside the catalogue's drug groups",
    es: 'droga fuera de los grupos de drogas del catálogo',
    pt: 'droga fora dos grupos de drogas do catálogo',
    fr: 'drogue hors des groupes de drogues du catalogue',
  },
  'unodc-total': {
    en: 'a UNODC total of other rows (they are read)',
    es: 'un total de UNODC de otras filas (que sí se leen)',
    pt: 'um total do UNODC de outras linhas (que são lidas)',
    fr: "un total de l'ONUDC d'autres lignes (qui sont lues)",
  },
} as const satisfies Record<string, LocalizedText>;

export type SkipReason = keyof typeof SKIP_REASONS;

export const SKIP_REASON_CODES = Object.keys(SKIP_REASONS) as SkipReason[];

/** An outcome (or each outcome of a union) with its skip counts' reasons in every language. */
export type WithSkipReasons<T> = T extends { readonly skipped: readonly (infer S)[] }
  ? Omit<T, 'skipped'> & { skipped: (S & { reason: LocalizedText })[] }
  : never;

/** Skip counts with their reason in every language, as the API gives them. */
export function withSkipReasons<T extends { readonly skipped: readonly { readonly code: SkipReason }[] }>(
  outcome: T,
): WithSkipReasons<T> {
  return {
    ...outcome,
    skipped: outcome.skipped.map((skip) => ({ ...skip, reason: SKIP_REASONS[skip.code] })),
  } as unknown as WithSkipReasons<T>;
}
