/**
 * The criminal-justice funnel of the UN Survey of Crime Trends and Operations of Criminal Justice
 * Systems (UN-CTS): persons brought into formal contact with the police ≥ persons prosecuted ≥
 * persons convicted ≥ persons admitted to prison. Each stage filters the one before, so a later
 * stage above an earlier one, for one place and period, is an inconsistency (or a stage counted
 * differently: cases instead of persons, another offence scope).
 *
 * What is comparable, and why:
 * - Stages are compared only when both are in persons; the checks run stage by stage over the
 *   stages present (≥ is transitive, so skipping a missing stage keeps the chain's meaning).
 * - Two flows (persons in the period) compare in any period type: the same people move down the
 *   funnel, with some lag between stages, so the rule is a warning, not an error.
 * - A stock (persons held on the last day) compared with a flow is not an identity: a prison
 *   population with long sentences can exceed a year's arrests where arrests fall. It is checked
 *   on years only, as information, a plausibility bound.
 * - Breakdowns: totals, and each category of every dimension both stages are broken down by
 *   (sex for arrests and prisoners), one dimension at a time.
 * - Stages come from different agencies (police, prosecution, courts, prisons), so each side may
 *   read its own source (`across`).
 *
 * The seed catalogue has the first stage (`arrests`) and the last (`prisoners`, a stock); there are
 * no prosecution or conviction elements yet. `UN_CTS_STAGES` lists the four stages with the codes
 * they would have; `funnelRules` keeps those in the catalogue, so adding `persons_prosecuted` and
 * `persons_convicted` to the catalogue adds their checks without a code change.
 */
import type { DataElement, Dimension } from '../catalogue/catalogue.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import type { ValidationRuleDefinition } from './validation-rule.ts';

export interface FunnelStage {
  readonly element: string;
  readonly label: LocalizedText;
}

export const UN_CTS_STAGES: readonly FunnelStage[] = [
  {
    element: 'arrests',
    label: {
      en: 'persons in formal contact with the police',
      es: 'personas en contacto formal con la policía',
      pt: 'pessoas em contato formal com a polícia',
      fr: 'personnes en contact officiel avec la police',
    },
  },
  {
    element: 'persons_prosecuted',
    label: {
      en: 'persons prosecuted',
      es: 'personas procesadas',
      pt: 'pessoas processadas',
      fr: 'personnes poursuivies',
    },
  },
  {
    element: 'persons_convicted',
    label: {
      en: 'persons convicted',
      es: 'personas condenadas',
      pt: 'pessoas condenadas',
      fr: 'personnes condamnées',
    },
  },
  {
    element: 'prisoners',
    label: {
      en: 'persons held in prison',
      es: 'personas privadas de libertad',
      pt: 'pessoas privadas de liberdade',
      fr: 'personnes détenues',
    },
  },
];

const isFlow = (e: DataElement): boolean => e.valueType === 'count' && e.timeAggregation === 'sum';
const isStock = (e: DataElement): boolean => e.valueType === 'stock';

/** The breakdowns compared: the total, then `dim=cat` for each category of each shared dimension. */
function breakdowns(upper: DataElement, lower: DataElement, dimensions: readonly Dimension[]) {
  const out: { suffix: string; filter: string; label: LocalizedText | undefined }[] = [
    { suffix: '', filter: '', label: undefined },
  ];
  for (const code of upper.dimensions) {
    if (!lower.dimensions.includes(code)) continue;
    const dimension = dimensions.find((d) => d.code === code);
    if (dimension === undefined) continue;
    for (const category of dimension.categories) {
      out.push({
        suffix: `_${code}_${category.code.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
        filter: `[${code}=${category.code}]`,
        label: category.name,
      });
    }
  }
  return out;
}

function qualified(label: LocalizedText | undefined, text: LocalizedText): LocalizedText {
  if (label === undefined) return text;
  return {
    en: `${text.en} (${label.en})`,
    es: `${text.es} (${label.es})`,
    pt: `${text.pt} (${label.pt})`,
    fr: `${text.fr} (${label.fr})`,
  };
}

/**
 * The funnel's rules over the stages present in the catalogue: each present stage ≥ the next
 * present one, where comparable (see above), by total and shared breakdowns.
 */
export function funnelRules(
  stages: readonly FunnelStage[],
  elements: readonly DataElement[],
  dimensions: readonly Dimension[],
): ValidationRuleDefinition[] {
  const byCode = new Map(elements.map((e) => [e.code, e]));
  const present = stages
    .map((stage) => ({ stage, element: byCode.get(stage.element) }))
    .filter((s): s is { stage: FunnelStage; element: DataElement } => s.element !== undefined)
    .filter((s) => s.element.unit === 'persons' && (isFlow(s.element) || isStock(s.element)));
  const rules: ValidationRuleDefinition[] = [];
  for (let i = 0; i + 1 < present.length; i++) {
    const upper = present[i]!;
    const lower = present[i + 1]!;
    // a stock above the funnel's flows can only be the last stage; two stocks are not a funnel
    if (!isFlow(upper.element)) continue;
    const flowToFlow = isFlow(lower.element);
    const a = upper.stage.label;
    const b = lower.stage.label;
    for (const breakdown of breakdowns(upper.element, lower.element, dimensions)) {
      rules.push({
        code: `funnel_${upper.element.code}_${lower.element.code}${breakdown.suffix}`,
        name: qualified(breakdown.label, {
          en: `Justice funnel: ${a.en} ≥ ${b.en}`,
          es: `Embudo de la justicia: ${a.es} ≥ ${b.es}`,
          pt: `Funil da justiça: ${a.pt} ≥ ${b.pt}`,
          fr: `Entonnoir pénal : ${a.fr} ≥ ${b.fr}`,
        }),
        description: flowToFlow
          ? {
              en: `Each stage of the UN-CTS funnel filters the one before: in a period there should not be more ${b.en} than ${a.en}.`,
              es: `Cada etapa del embudo UN-CTS filtra la anterior: en un período no debería haber más ${b.es} que ${a.es}.`,
              pt: `Cada etapa do funil UN-CTS filtra a anterior: em um período não deveria haver mais ${b.pt} que ${a.pt}.`,
              fr: `Chaque étape de l'entonnoir UN-CTS filtre la précédente : sur une période, il ne devrait pas y avoir plus de ${b.fr} que de ${a.fr}.`,
            }
          : {
              en: `A plausibility bound, not an identity: ${b.en} on the last day of the year usually stay below the year's ${a.en}; long sentences and falling arrests can reverse it.`,
              es: `Una cota de plausibilidad, no una identidad: las ${b.es} el último día del año suelen ser menos que las ${a.es} del año; penas largas y detenciones en baja pueden invertirlo.`,
              pt: `Um limite de plausibilidade, não uma identidade: as ${b.pt} no último dia do ano costumam ser menos que as ${a.pt} do ano; penas longas e detenções em queda podem invertê-lo.`,
              fr: `Une borne de plausibilité, pas une identité : les ${b.fr} le dernier jour de l'année sont d'ordinaire moins nombreuses que les ${a.fr} de l'année ; de longues peines et des interpellations en baisse peuvent l'inverser.`,
            },
        left: `${upper.element.code}${breakdown.filter}`,
        operator: '>=',
        right: `${lower.element.code}${breakdown.filter}`,
        severity: flowToFlow ? 'warning' : 'info',
        sources: 'across',
        ...(flowToFlow ? {} : { periodTypes: ['year'] as const }),
      });
    }
  }
  return rules;
}
