/**
 * A result in plain words, in the four languages: the estimate, its interval or p-value, and the
 * caveats that limit it. Numbers are written for each language (decimal comma in es, pt, fr).
 * Pure: the CLI prints it, the API returns it, the web app shows it.
 */
import { LANGUAGES, type Language, type LocalizedText } from '../kernel/i18n.ts';
import type { DidRun, ItsRun, ScmRun } from './panel-evaluation.ts';

export interface EvaluationSummary {
  readonly headline: LocalizedText;
  readonly details: readonly LocalizedText[];
  readonly caveats: readonly LocalizedText[];
}

const LOCALE: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-419', pt: 'pt-BR', fr: 'fr-FR' };

function num(value: number, language: Language, digits = 3): string {
  if (!Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(LOCALE[language], {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(value);
}

function pct(share: number, language: Language): string {
  return new Intl.NumberFormat(LOCALE[language], { style: 'percent', maximumFractionDigits: 1 }).format(
    share,
  );
}

function each(make: (language: Language) => string): LocalizedText {
  return Object.fromEntries(LANGUAGES.map((language) => [language, make(language)])) as LocalizedText;
}

function pValue(p: number, language: Language): string {
  return p < 0.001 ? `p < ${num(0.001, language)}` : `p = ${num(p, language)}`;
}

const ITS_CAVEAT_TEXT: Readonly<Record<string, LocalizedText>> = {
  overdispersion: {
    en: 'The counts vary more than a Poisson model allows; the quasi-Poisson intervals account for it, plain Poisson ones would be too narrow.',
    es: 'Los conteos varían más de lo que admite un modelo de Poisson; los intervalos cuasi-Poisson lo tienen en cuenta, los de Poisson serían demasiado estrechos.',
    pt: 'As contagens variam mais do que um modelo de Poisson admite; os intervalos quase-Poisson levam isso em conta, os de Poisson seriam estreitos demais.',
    fr: 'Les comptages varient plus que ne le permet un modèle de Poisson ; les intervalles quasi-Poisson en tiennent compte, ceux de Poisson seraient trop étroits.',
  },
  autocorrelation: {
    en: 'The residuals are autocorrelated (Ljung–Box p < 0.05): the intervals may be too narrow.',
    es: 'Los residuos están autocorrelacionados (Ljung–Box p < 0.05): los intervalos pueden ser demasiado estrechos.',
    pt: 'Os resíduos são autocorrelacionados (Ljung–Box p < 0,05): os intervalos podem ser estreitos demais.',
    fr: 'Les résidus sont autocorrélés (Ljung–Box p < 0,05) : les intervalles peuvent être trop étroits.',
  },
  short_pre_period: {
    en: 'Fewer than 8 points before the intervention: the underlying trend is poorly known.',
    es: 'Menos de 8 puntos antes de la intervención: la tendencia de fondo se conoce mal.',
    pt: 'Menos de 8 pontos antes da intervenção: a tendência de fundo é mal conhecida.',
    fr: 'Moins de 8 points avant l’intervention : la tendance de fond est mal connue.',
  },
  short_post_period: {
    en: 'Fewer than 8 points after the intervention: the change is poorly known.',
    es: 'Menos de 8 puntos después de la intervención: el cambio se conoce mal.',
    pt: 'Menos de 8 pontos depois da intervenção: a mudança é mal conhecida.',
    fr: 'Moins de 8 points après l’intervention : le changement est mal connu.',
  },
  few_points: {
    en: 'Fewer than 24 points in all: treat the result as indicative.',
    es: 'Menos de 24 puntos en total: tome el resultado como indicativo.',
    pt: 'Menos de 24 pontos no total: tome o resultado como indicativo.',
    fr: 'Moins de 24 points au total : prenez le résultat comme indicatif.',
  },
  few_seasonal_cycles: {
    en: 'The seasonal terms rest on fewer than two full cycles.',
    es: 'Los términos estacionales se basan en menos de dos ciclos completos.',
    pt: 'Os termos sazonais se baseiam em menos de dois ciclos completos.',
    fr: 'Les termes saisonniers reposent sur moins de deux cycles complets.',
  },
};

const ALWAYS: Readonly<Record<'its' | 'scm' | 'did', LocalizedText>> = {
  its: {
    en: 'An interrupted time series attributes to the intervention any change at its start that the earlier trend and season do not explain: another event at the same time would be counted too.',
    es: 'Una serie temporal interrumpida atribuye a la intervención todo cambio en su inicio que la tendencia y la estacionalidad previas no explican: otro hecho simultáneo también se contaría.',
    pt: 'Uma série temporal interrompida atribui à intervenção toda mudança no seu início que a tendência e a sazonalidade anteriores não explicam: outro evento simultâneo também seria contado.',
    fr: 'Une série temporelle interrompue attribue à l’intervention tout changement à son début que la tendance et la saisonnalité antérieures n’expliquent pas : un autre événement simultané serait compté aussi.',
  },
  scm: {
    en: 'A synthetic control is credible only if it tracks the treated unit closely before the intervention and no donor was affected by it.',
    es: 'Un control sintético solo es creíble si sigue de cerca a la unidad tratada antes de la intervención y ningún donante fue afectado por ella.',
    pt: 'Um controle sintético só é crível se acompanha de perto a unidade tratada antes da intervenção e nenhum doador foi afetado por ela.',
    fr: 'Un contrôle synthétique n’est crédible que s’il suit de près l’unité traitée avant l’intervention et si aucun donneur n’en a été affecté.',
  },
  did: {
    en: 'A difference-in-differences assumes the treated and comparison units would have followed parallel trends without the intervention.',
    es: 'Una diferencia en diferencias supone que las unidades tratadas y de comparación habrían seguido tendencias paralelas sin la intervención.',
    pt: 'Uma diferença em diferenças supõe que as unidades tratadas e de comparação teriam seguido tendências paralelas sem a intervenção.',
    fr: 'Une double différence suppose que les unités traitées et de comparaison auraient suivi des tendances parallèles sans l’intervention.',
  },
};

export function summarizeIts(run: ItsRun, outcome: string): EvaluationSummary {
  const level = run.result.levelChange;
  const change = level.rateRatio - 1;
  const clear = level.upper < 1 || level.lower > 1;
  const start = run.labels[run.result.interventionStart - 1] ?? String(run.result.interventionStart);
  const headline = each((l) => {
    const ci = `${num(level.lower, l)}–${num(level.upper, l)}`;
    const rr = num(level.rateRatio, l);
    const size = pct(Math.abs(change), l);
    const p = pValue(level.pValue, l);
    const verdict = {
      en: clear
        ? `The interval does not include 1, no change (${p}).`
        : `The interval includes 1, no change (${p}).`,
      es: clear
        ? `El intervalo no incluye 1, la ausencia de cambio (${p}).`
        : `El intervalo incluye 1, la ausencia de cambio (${p}).`,
      pt: clear
        ? `O intervalo não inclui 1, a ausência de mudança (${p}).`
        : `O intervalo inclui 1, a ausência de mudança (${p}).`,
      fr: clear
        ? `L’intervalle n’inclut pas 1, l’absence de changement (${p}).`
        : `L’intervalle inclut 1, l’absence de changement (${p}).`,
    }[l];
    return {
      en: `From ${start}, ${outcome} ${change < 0 ? 'fell' : 'rose'} by ${size} against the earlier trend (rate ratio ${rr}, 95% CI ${ci}). ${verdict}`,
      es: `Desde ${start}, ${outcome} ${change < 0 ? 'bajó' : 'subió'} un ${size} respecto de la tendencia previa (razón de tasas ${rr}, IC 95 % ${ci}). ${verdict}`,
      pt: `A partir de ${start}, ${outcome} ${change < 0 ? 'caiu' : 'subiu'} ${size} em relação à tendência anterior (razão de taxas ${rr}, IC 95% ${ci}). ${verdict}`,
      fr: `À partir de ${start}, ${outcome} a ${change < 0 ? 'baissé' : 'augmenté'} de ${size} par rapport à la tendance antérieure (rapport de taux ${rr}, IC à 95 % ${ci}). ${verdict}`,
    }[l];
  });
  const details: LocalizedText[] = [];
  const slope = run.result.slopeChange;
  if (slope !== null) {
    details.push(
      each(
        (l) =>
          ({
            en: `The trend changed by a factor of ${num(slope.rateRatio, l, 4)} per period (95% CI ${num(slope.lower, l, 4)}–${num(slope.upper, l, 4)}).`,
            es: `La tendencia cambió en un factor de ${num(slope.rateRatio, l, 4)} por período (IC 95 % ${num(slope.lower, l, 4)}–${num(slope.upper, l, 4)}).`,
            pt: `A tendência mudou por um fator de ${num(slope.rateRatio, l, 4)} por período (IC 95% ${num(slope.lower, l, 4)}–${num(slope.upper, l, 4)}).`,
            fr: `La tendance a changé d’un facteur ${num(slope.rateRatio, l, 4)} par période (IC à 95 % ${num(slope.lower, l, 4)}–${num(slope.upper, l, 4)}).`,
          })[l],
      ),
    );
  }
  details.push(
    each(
      (l) =>
        ({
          en: `${run.result.prePoints} points before, ${run.result.postPoints} after; ${run.result.family}, dispersion ${num(run.result.dispersion, l, 2)}.`,
          es: `${run.result.prePoints} puntos antes, ${run.result.postPoints} después; ${run.result.family}, dispersión ${num(run.result.dispersion, l, 2)}.`,
          pt: `${run.result.prePoints} pontos antes, ${run.result.postPoints} depois; ${run.result.family}, dispersão ${num(run.result.dispersion, l, 2)}.`,
          fr: `${run.result.prePoints} points avant, ${run.result.postPoints} après ; ${run.result.family}, dispersion ${num(run.result.dispersion, l, 2)}.`,
        })[l],
    ),
  );
  const caveats = run.result.caveats
    .map((code) => ITS_CAVEAT_TEXT[code])
    .filter((t): t is LocalizedText => t !== undefined);
  return { headline, details, caveats: [...caveats, ALWAYS.its] };
}

export function summarizeScm(run: ScmRun, outcome: string): EvaluationSummary {
  const fit = run.fit;
  const donors = fit.weights
    .filter((w) => w.weight >= 0.01)
    .sort((a, b) => b.weight - a.weight)
    .map((w) => w.name);
  const headline = each((l) => {
    const parts = fit.weights
      .filter((w) => w.weight >= 0.01)
      .sort((a, b) => b.weight - a.weight)
      .map((w) => `${w.name} ${pct(w.weight, l)}`)
      .join(', ');
    const gap = num(fit.averagePostGap, l);
    return {
      en: `After the intervention, ${fit.treated.name}'s ${outcome} was on average ${gap} from its synthetic control (${parts}).`,
      es: `Después de la intervención, ${outcome} de ${fit.treated.name} se apartó en promedio ${gap} de su control sintético (${parts}).`,
      pt: `Depois da intervenção, ${outcome} de ${fit.treated.name} se afastou em média ${gap} do seu controle sintético (${parts}).`,
      fr: `Après l’intervention, ${outcome} de ${fit.treated.name} s’est écarté en moyenne de ${gap} de son contrôle synthétique (${parts}).`,
    }[l];
  });
  const details: LocalizedText[] = [
    each(
      (l) =>
        ({
          en: `Pre-intervention fit: RMSPE ${num(fit.preRmspe, l)}; post/pre RMSPE ratio ${num(fit.rmspeRatio, l, 2)}.`,
          es: `Ajuste previo a la intervención: RMSPE ${num(fit.preRmspe, l)}; razón RMSPE posterior/previo ${num(fit.rmspeRatio, l, 2)}.`,
          pt: `Ajuste anterior à intervenção: RMSPE ${num(fit.preRmspe, l)}; razão RMSPE posterior/anterior ${num(fit.rmspeRatio, l, 2)}.`,
          fr: `Ajustement avant l’intervention : RMSPE ${num(fit.preRmspe, l)} ; rapport RMSPE après/avant ${num(fit.rmspeRatio, l, 2)}.`,
        })[l],
    ),
  ];
  const placebos = run.placebos;
  if (placebos !== null) {
    details.push(
      each(
        (l) =>
          ({
            en: `In-space placebos: the treated unit's ratio ranks ${placebos.rank} of ${placebos.n} (p = ${num(placebos.pValue, l)}).`,
            es: `Placebos en el espacio: la razón de la unidad tratada ocupa el puesto ${placebos.rank} de ${placebos.n} (p = ${num(placebos.pValue, l)}).`,
            pt: `Placebos no espaço: a razão da unidade tratada fica na posição ${placebos.rank} de ${placebos.n} (p = ${num(placebos.pValue, l)}).`,
            fr: `Placebos dans l’espace : le rapport de l’unité traitée est au rang ${placebos.rank} sur ${placebos.n} (p = ${num(placebos.pValue, l)}).`,
          })[l],
      ),
    );
  }
  const caveats: LocalizedText[] = [];
  if (donors.length === 1) {
    caveats.push({
      en: 'One donor carries the whole synthetic control: check that it is a fair comparison.',
      es: 'Un solo donante forma todo el control sintético: verifique que sea una comparación justa.',
      pt: 'Um só doador forma todo o controle sintético: verifique se é uma comparação justa.',
      fr: 'Un seul donneur forme tout le contrôle synthétique : vérifiez que la comparaison est juste.',
    });
  }
  if (!fit.converged) {
    caveats.push({
      en: 'The search for predictor weights stopped at its budget; the fit may not be the best one.',
      es: 'La búsqueda de pesos de los predictores se detuvo en su límite; el ajuste puede no ser el mejor.',
      pt: 'A busca de pesos dos preditores parou no seu limite; o ajuste pode não ser o melhor.',
      fr: 'La recherche des poids des prédicteurs s’est arrêtée à sa limite ; l’ajustement n’est peut-être pas le meilleur.',
    });
  }
  return { headline, details, caveats: [...caveats, ALWAYS.scm] };
}

export function summarizeDid(run: DidRun, outcome: string): EvaluationSummary {
  const estimate =
    run.design === '2x2'
      ? { att: run.result.estimate, lower: run.result.lower, upper: run.result.upper }
      : run.aggregations.simple.overall;
  const clear =
    estimate.lower !== null && estimate.upper !== null && (estimate.upper < 0 || estimate.lower > 0);
  const headline = each((l) => {
    const ci =
      estimate.lower === null || estimate.upper === null
        ? '–'
        : `${num(estimate.lower, l)} – ${num(estimate.upper, l)}`;
    const verdict = {
      en: clear
        ? 'The interval does not include zero.'
        : 'The interval includes zero: no effect cannot be ruled out.',
      es: clear
        ? 'El intervalo no incluye el cero.'
        : 'El intervalo incluye el cero: no se puede descartar la ausencia de efecto.',
      pt: clear
        ? 'O intervalo não inclui o zero.'
        : 'O intervalo inclui o zero: não se pode descartar a ausência de efeito.',
      fr: clear
        ? 'L’intervalle n’inclut pas zéro.'
        : 'L’intervalle inclut zéro : l’absence d’effet ne peut être exclue.',
    }[l];
    return {
      en: `The average effect on ${outcome} of the treated is ${num(estimate.att, l)} (95% CI ${ci}). ${verdict}`,
      es: `El efecto promedio sobre ${outcome} de los tratados es ${num(estimate.att, l)} (IC 95 % ${ci}). ${verdict}`,
      pt: `O efeito médio sobre ${outcome} dos tratados é ${num(estimate.att, l)} (IC 95% ${ci}). ${verdict}`,
      fr: `L’effet moyen sur ${outcome} des unités traitées est de ${num(estimate.att, l)} (IC à 95 % ${ci}). ${verdict}`,
    }[l];
  });
  const details: LocalizedText[] = [];
  const caveats: LocalizedText[] = [];
  const preP = run.design === '2x2' ? run.result.preTrend?.pValue : run.result.preTest?.pValue;
  if (preP !== undefined && Number.isFinite(preP)) {
    details.push(
      each(
        (l) =>
          ({
            en: `Test of parallel trends before the intervention: ${pValue(preP, l)}.`,
            es: `Prueba de tendencias paralelas antes de la intervención: ${pValue(preP, l)}.`,
            pt: `Teste de tendências paralelas antes da intervenção: ${pValue(preP, l)}.`,
            fr: `Test de tendances parallèles avant l’intervention : ${pValue(preP, l)}.`,
          })[l],
      ),
    );
    if (preP < 0.05) {
      caveats.push({
        en: 'Trends already differed before the intervention (p < 0.05): the estimate may be biased.',
        es: 'Las tendencias ya diferían antes de la intervención (p < 0.05): la estimación puede estar sesgada.',
        pt: 'As tendências já diferiam antes da intervenção (p < 0,05): a estimativa pode estar enviesada.',
        fr: 'Les tendances différaient déjà avant l’intervention (p < 0,05) : l’estimation peut être biaisée.',
      });
    }
  }
  if (run.design === 'staggered') {
    const dynamic = run.aggregations.dynamic.overall;
    details.push(
      each(
        (l) =>
          ({
            en: `Averaged by time since treatment: ${num(dynamic.att, l)}; ${run.result.groups.length} treatment cohorts.`,
            es: `Promedio según el tiempo desde el tratamiento: ${num(dynamic.att, l)}; ${run.result.groups.length} cohortes de tratamiento.`,
            pt: `Média pelo tempo desde o tratamento: ${num(dynamic.att, l)}; ${run.result.groups.length} coortes de tratamento.`,
            fr: `Moyenne selon le temps écoulé depuis le traitement : ${num(dynamic.att, l)} ; ${run.result.groups.length} cohortes de traitement.`,
          })[l],
      ),
    );
  }
  return { headline, details, caveats: [...caveats, ALWAYS.did] };
}
