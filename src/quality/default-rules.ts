/**
 * The default rule set: the consistency every store's data should have by the catalogue's own
 * definitions. Parts never exceed their total (a category of a breakdown, the sum of a dimension's
 * categories), cohorts are nested, and a few plausibility bounds against population catch values
 * in the wrong unit or for the wrong place. The UN-CTS funnel rules come from `funnel.ts`. No rule
 * repeats what the importer already refuses (negative values, shares above 100).
 */
import type { DataElement, Dimension } from '../catalogue/catalogue.ts';
import { formulaElements, parseFormula } from '../catalogue/formula.ts';
import { funnelRules, UN_CTS_STAGES } from './funnel.ts';
import { compileRule, type ValidationRule, type ValidationRuleDefinition } from './validation-rule.ts';

const SUM_OF_SEXES_TOLERANCE = 0.01;

/** The hand-written rules. */
export const CONSISTENCY_RULES: readonly ValidationRuleDefinition[] = [
  {
    code: 'firearm_homicides_within_total',
    name: {
      en: 'Firearm homicides do not exceed all homicides',
      es: 'Los homicidios con arma de fuego no superan el total de homicidios',
      pt: 'Os homicídios por arma de fogo não superam o total de homicídios',
      fr: "Les homicides par arme à feu ne dépassent pas l'ensemble des homicides",
    },
    description: {
      en: 'Victims killed with a firearm are part of all victims of intentional homicide of the same source, unit and period.',
      es: 'Las víctimas de homicidio con arma de fuego forman parte del total de víctimas de homicidio intencional de la misma fuente, unidad y período.',
      pt: 'As vítimas de homicídio por arma de fogo fazem parte do total de vítimas de homicídio intencional da mesma fonte, unidade e período.',
      fr: "Les victimes tuées par arme à feu font partie de l'ensemble des victimes d'homicide volontaire de la même source, unité et période.",
    },
    left: 'homicide_victims[weapon=firearm]',
    operator: '<=',
    right: 'homicide_victims',
    severity: 'error',
  },
  {
    code: 'homicides_by_weapon_within_total',
    name: {
      en: 'Homicides by weapon add up to no more than the total',
      es: 'Los homicidios por arma no suman más que el total',
      pt: 'Os homicídios por arma não somam mais que o total',
      fr: "Les homicides par arme ne dépassent pas, additionnés, l'ensemble",
    },
    description: {
      en: 'Firearm, sharp-object and other-means victims are disjoint parts of all homicide victims; their sum may fall short of the total (unknown weapon) but never exceed it.',
      es: 'Las víctimas por arma de fuego, objeto cortante u otros medios son partes disjuntas del total; su suma puede quedar por debajo (arma desconocida) pero nunca superarlo.',
      pt: 'As vítimas por arma de fogo, objeto cortante ou outros meios são partes disjuntas do total; sua soma pode ficar abaixo (arma desconhecida), mas nunca superá-lo.',
      fr: "Les victimes par arme à feu, objet tranchant ou autres moyens sont des parties disjointes de l'ensemble ; leur somme peut lui être inférieure (arme inconnue) mais jamais supérieure.",
    },
    left: 'homicide_victims[weapon=firearm] + homicide_victims[weapon=sharp_object] + homicide_victims[weapon=other]',
    operator: '<=',
    right: 'homicide_victims',
    severity: 'error',
  },
  {
    code: 'homicides_by_sex_within_total',
    name: {
      en: 'Female and male homicide victims add up to no more than the total',
      es: 'Las víctimas de homicidio mujeres y hombres no suman más que el total',
      pt: 'As vítimas de homicídio mulheres e homens não somam mais que o total',
      fr: "Les victimes d'homicide femmes et hommes ne dépassent pas, additionnées, l'ensemble",
    },
    description: {
      en: 'Female and male victims are disjoint parts of all victims of the same source, unit and period.',
      es: 'Las víctimas mujeres y hombres son partes disjuntas del total de víctimas de la misma fuente, unidad y período.',
      pt: 'As vítimas mulheres e homens são partes disjuntas do total de vítimas da mesma fonte, unidade e período.',
      fr: "Les victimes femmes et hommes sont des parties disjointes de l'ensemble des victimes de la même source, unité et période.",
    },
    left: 'homicide_victims[sex=F] + homicide_victims[sex=M]',
    operator: '<=',
    right: 'homicide_victims',
    severity: 'error',
  },
  {
    code: 'homicides_by_sex_account_for_total',
    name: {
      en: 'Female and male homicide victims account for the total',
      es: 'Las víctimas de homicidio mujeres y hombres dan cuenta del total',
      pt: 'As vítimas de homicídio mulheres e homens correspondem ao total',
      fr: "Les victimes d'homicide femmes et hommes rendent compte de l'ensemble",
    },
    description: {
      en: 'The victims by sex should add up to the total within 1%; a larger gap means victims of unknown sex or a breakdown from another count.',
      es: 'Las víctimas por sexo deberían sumar el total con un margen del 1%; una diferencia mayor indica víctimas de sexo desconocido o un desglose de otro conteo.',
      pt: 'As vítimas por sexo deveriam somar o total com margem de 1%; uma diferença maior indica vítimas de sexo desconhecido ou uma desagregação de outra contagem.',
      fr: "Les victimes par sexe devraient totaliser l'ensemble à 1 % près ; un écart plus grand signale des victimes de sexe inconnu ou une ventilation issue d'un autre décompte.",
    },
    left: 'homicide_victims[sex=F] + homicide_victims[sex=M]',
    operator: '==',
    right: 'homicide_victims',
    tolerance: SUM_OF_SEXES_TOLERANCE,
    severity: 'warning',
  },
  {
    code: 'women_prisoners_within_total',
    name: {
      en: 'Women prisoners do not exceed all prisoners',
      es: 'Las mujeres privadas de libertad no superan el total',
      pt: 'As mulheres privadas de liberdade não superam o total',
      fr: "Les femmes détenues ne dépassent pas l'ensemble des personnes détenues",
    },
    description: {
      en: 'Women held in prison are part of all persons held, in the same source, unit and period.',
      es: 'Las mujeres recluidas forman parte del total de personas privadas de libertad de la misma fuente, unidad y período.',
      pt: 'As mulheres custodiadas fazem parte do total de pessoas privadas de liberdade da mesma fonte, unidade e período.',
      fr: "Les femmes détenues font partie de l'ensemble des personnes détenues de la même source, unité et période.",
    },
    left: 'prisoners[sex=F]',
    operator: '<=',
    right: 'prisoners',
    severity: 'error',
  },
  {
    code: 'prisoners_by_detention_within_total',
    name: {
      en: 'Sentenced and unsentenced prisoners add up to no more than the total',
      es: 'Las personas condenadas y sin condena no suman más que el total',
      pt: 'As pessoas condenadas e provisórias não somam mais que o total',
      fr: "Les personnes condamnées et non condamnées ne dépassent pas, additionnées, l'ensemble",
    },
    description: {
      en: 'Sentenced and unsentenced persons are disjoint parts of all persons held.',
      es: 'Las personas condenadas y sin condena son partes disjuntas del total de personas privadas de libertad.',
      pt: 'As pessoas condenadas e provisórias são partes disjuntas do total de pessoas privadas de liberdade.',
      fr: "Les personnes condamnées et non condamnées sont des parties disjointes de l'ensemble des personnes détenues.",
    },
    left: 'prisoners[detention=sentenced] + prisoners[detention=unsentenced]',
    operator: '<=',
    right: 'prisoners',
    severity: 'error',
  },
  {
    code: 'prisoners_by_offence_within_total',
    name: {
      en: 'Prisoners by offence add up to no more than the total',
      es: 'Las personas privadas de libertad por delito no suman más que el total',
      pt: 'As pessoas privadas de liberdade por crime não somam mais que o total',
      fr: "Les personnes détenues par infraction ne dépassent pas, additionnées, l'ensemble",
    },
    description: {
      en: 'Persons held for drug, violent, property and other offences are disjoint parts of all persons held (each counted under the most serious offence).',
      es: 'Las personas recluidas por delitos de drogas, violentos, contra la propiedad y otros son partes disjuntas del total (cada una bajo el delito más grave).',
      pt: 'As pessoas custodiadas por crimes de drogas, violentos, contra o patrimônio e outros são partes disjuntas do total (cada uma sob o crime mais grave).',
      fr: "Les personnes détenues pour des infractions liées aux drogues, violentes, contre les biens et autres sont des parties disjointes de l'ensemble (chacune sous l'infraction la plus grave).",
    },
    left: 'prisoners[offence=drug] + prisoners[offence=violent] + prisoners[offence=property] + prisoners[offence=other]',
    operator: '<=',
    right: 'prisoners',
    severity: 'error',
  },
  {
    code: 'women_arrested_within_total',
    name: {
      en: 'Women arrested do not exceed all persons arrested',
      es: 'Las mujeres detenidas no superan el total de personas detenidas',
      pt: 'As mulheres detidas não superam o total de pessoas detidas',
      fr: "Les femmes interpellées ne dépassent pas l'ensemble des personnes interpellées",
    },
    description: {
      en: 'Women arrested or suspected are part of all persons arrested or suspected.',
      es: 'Las mujeres detenidas o sospechosas forman parte del total de personas detenidas o sospechosas.',
      pt: 'As mulheres detidas ou suspeitas fazem parte do total de pessoas detidas ou suspeitas.',
      fr: "Les femmes interpellées ou mises en cause font partie de l'ensemble des personnes interpellées ou mises en cause.",
    },
    left: 'arrests[sex=F]',
    operator: '<=',
    right: 'arrests',
    severity: 'error',
  },
  {
    code: 'women_police_within_total',
    name: {
      en: 'Women police officers do not exceed all police officers',
      es: 'Las mujeres policías no superan el total del personal policial',
      pt: 'As policiais mulheres não superam o efetivo total',
      fr: "Les femmes policières ne dépassent pas l'ensemble des effectifs de police",
    },
    description: {
      en: 'Women police officers are part of all police personnel.',
      es: 'Las mujeres policías forman parte del total del personal policial.',
      pt: 'As policiais mulheres fazem parte do efetivo policial total.',
      fr: 'Les femmes policières font partie des effectifs de police.',
    },
    left: 'police_officers[sex=F]',
    operator: '<=',
    right: 'police_officers',
    severity: 'error',
  },
  {
    code: 'trained_police_within_personnel',
    name: {
      en: 'Police officers trained do not exceed police personnel',
      es: 'Los policías capacitados no superan el personal policial',
      pt: 'Os policiais capacitados não superam o efetivo policial',
      fr: 'Les policiers formés ne dépassent pas les effectifs de police',
    },
    description: {
      en: 'Each officer trained in the period is counted once, so their number should not exceed the personnel at the end of the period (officers who left after training make a small excess possible).',
      es: 'Cada policía capacitado en el período se cuenta una vez, por lo que su número no debería superar el personal al final del período (quienes se retiraron tras capacitarse permiten un exceso pequeño).',
      pt: 'Cada policial capacitado no período é contado uma vez; seu número não deveria superar o efetivo no fim do período (quem saiu após a capacitação permite um pequeno excesso).',
      fr: 'Chaque policier formé dans la période est compté une fois : leur nombre ne devrait pas dépasser les effectifs en fin de période (les départs après formation permettent un léger excédent).',
    },
    left: 'police_officers_trained',
    operator: '<=',
    right: 'police_officers',
    severity: 'warning',
    sources: 'across',
  },
  {
    code: 'reconvicted_within_released',
    name: {
      en: 'Persons re-convicted do not exceed persons released',
      es: 'Las personas condenadas de nuevo no superan las liberadas',
      pt: 'Os egressos condenados novamente não superam os egressos',
      fr: 'Les personnes recondamnées ne dépassent pas les personnes libérées',
    },
    description: {
      en: 'The re-convicted are counted in their release cohort, so they are part of the persons released in the same period.',
      es: 'Las personas condenadas de nuevo se cuentan en su cohorte de egreso, por lo que forman parte de las liberadas en el mismo período.',
      pt: 'Os condenados novamente são contados na sua coorte de saída; fazem parte dos egressos do mesmo período.',
      fr: 'Les personnes recondamnées sont comptées dans leur cohorte de sortie : elles font partie des personnes libérées de la même période.',
    },
    left: 'reconvicted',
    operator: '<=',
    right: 'released_prisoners',
    severity: 'error',
    sources: 'across',
  },
  {
    code: 'homicides_plausible_for_population',
    name: {
      en: 'Homicide victims below 1% of the population',
      es: 'Víctimas de homicidio por debajo del 1% de la población',
      pt: 'Vítimas de homicídio abaixo de 1% da população',
      fr: "Victimes d'homicide en dessous de 1 % de la population",
    },
    description: {
      en: 'No place records 1 000 homicides per 100 000 inhabitants in a period; a value above it is in the wrong unit or for the wrong place.',
      es: 'Ningún lugar registra 1 000 homicidios por cada 100 000 habitantes en un período; un valor mayor está en otra unidad o corresponde a otro lugar.',
      pt: 'Nenhum lugar registra 1 000 homicídios por 100 mil habitantes em um período; um valor maior está em outra unidade ou é de outro lugar.',
      fr: "Aucun lieu n'enregistre 1 000 homicides pour 100 000 habitants sur une période ; une valeur supérieure est dans une autre unité ou concerne un autre lieu.",
    },
    left: 'homicide_victims',
    operator: '<',
    right: '0.01 * population',
    severity: 'warning',
    sources: 'across',
  },
  {
    code: 'prisoners_plausible_for_population',
    name: {
      en: 'Prisoners below 2% of the population',
      es: 'Personas privadas de libertad por debajo del 2% de la población',
      pt: 'Pessoas privadas de liberdade abaixo de 2% da população',
      fr: 'Personnes détenues en dessous de 2 % de la population',
    },
    description: {
      en: 'The highest national prison rates are below 2 000 per 100 000 inhabitants; a value above it is in the wrong unit or for the wrong place.',
      es: 'Las tasas nacionales de encarcelamiento más altas están por debajo de 2 000 por cada 100 000 habitantes; un valor mayor está en otra unidad o corresponde a otro lugar.',
      pt: 'As maiores taxas nacionais de encarceramento ficam abaixo de 2 000 por 100 mil habitantes; um valor maior está em outra unidade ou é de outro lugar.',
      fr: "Les taux d'incarcération nationaux les plus élevés sont inférieurs à 2 000 pour 100 000 habitants ; une valeur supérieure est dans une autre unité ou concerne un autre lieu.",
    },
    left: 'prisoners',
    operator: '<',
    right: '0.02 * population',
    severity: 'warning',
    sources: 'across',
  },
];

/**
 * The default rule set for a catalogue, compiled: the hand-written rules and the UN-CTS funnel. Rules reading an element the catalogue lacks are left out (a store may
 * carry a smaller catalogue); any other problem is a bug and throws.
 */
export function defaultRuleSet(
  elements: readonly DataElement[],
  dimensions: readonly Dimension[],
): ValidationRule[] {
  const known = new Set(elements.map((e) => e.code));
  const definitions = [...CONSISTENCY_RULES, ...funnelRules(UN_CTS_STAGES, elements, dimensions)];
  const rules: ValidationRule[] = [];
  for (const definition of definitions) {
    const reads = [definition.left, definition.right].flatMap((side) => formulaElements(parseFormula(side)));
    if (reads.some((code) => !known.has(code))) continue;
    rules.push(compileRule(definition, elements, dimensions));
  }
  return rules;
}
