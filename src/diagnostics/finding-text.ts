/**
 * The plain-language titles and explanations of findings, in en, es, pt and fr. Numbers are
 * formatted for each language (decimal comma in es, pt, fr) with as many decimals as their size
 * needs; every function returns all four languages.
 */
import type { DesiredDirection } from '../catalogue/catalogue.ts';
import { LANGUAGES, type Language, type LocalizedText } from '../kernel/i18n.ts';

const LOCALES: Record<Language, string> = { en: 'en-US', es: 'es-ES', pt: 'pt-BR', fr: 'fr-FR' };

/** A number for a sentence: 0 decimals from 100 on, 1 from 10 on, 2 below. */
export function formatNumber(value: number, language: Language): string {
  const size = Math.abs(value);
  const digits = size >= 100 ? 0 : size >= 10 ? 1 : 2;
  return new Intl.NumberFormat(LOCALES[language], {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
    useGrouping: size >= 10_000,
  }).format(value);
}

/** A percentage (of 100) with one decimal. */
export function formatPercent(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1 }).format(value) + ' %';
}

const localized = (make: (language: Language) => string): LocalizedText =>
  Object.fromEntries(LANGUAGES.map((language) => [language, make(language)])) as LocalizedText;

const BETTER: Record<Exclude<DesiredDirection, 'neutral'>, LocalizedText> = {
  down: {
    en: 'lower is better',
    es: 'cuanto menor, mejor',
    pt: 'quanto menor, melhor',
    fr: 'plus bas, c’est mieux',
  },
  up: {
    en: 'higher is better',
    es: 'cuanto mayor, mejor',
    pt: 'quanto maior, melhor',
    fr: 'plus haut, c’est mieux',
  },
};

export interface PeerTextInput {
  readonly indicatorName: LocalizedText;
  readonly unitLabel: LocalizedText;
  readonly unitName: LocalizedText;
  readonly value: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly median: number;
  readonly peers: number;
  readonly direction: Exclude<DesiredDirection, 'neutral'>;
  readonly worse: boolean;
}

export function farFromPeersText(t: PeerTextInput): { title: LocalizedText; explanation: LocalizedText } {
  const ratio = t.value / t.median;
  const above = ratio > 1;
  const pct = (language: Language) => formatPercent(Math.abs(ratio - 1) * 100, language);
  const n = (v: number, language: Language) => formatNumber(v, language);
  const interval = (language: Language): string => {
    if (t.lower === null || t.upper === null) return '';
    const range = `${n(t.lower, language)}–${n(t.upper, language)}`;
    return {
      en: ` Its 95% interval (${range}) leaves out the median: the gap is not chance.`,
      es: ` Su intervalo del 95 % (${range}) excluye la mediana: la diferencia no es azar.`,
      pt: ` Seu intervalo de 95 % (${range}) exclui a mediana: a diferença não é acaso.`,
      fr: ` Son intervalle à 95 % (${range}) exclut la médiane : l’écart n’est pas dû au hasard.`,
    }[language];
  };
  const title = localized((language) => {
    const name = t.indicatorName[language];
    const side = above
      ? { en: 'above', es: 'por encima de', pt: 'acima de', fr: 'au-dessus de' }[language]
      : { en: 'below', es: 'por debajo de', pt: 'abaixo de', fr: 'en dessous de' }[language];
    return {
      en: `${name}: ${pct(language)} ${side} its peers`,
      es: `${name}: ${pct(language)} ${side} sus pares`,
      pt: `${name}: ${pct(language)} ${side} seus pares`,
      fr: `${name} : ${pct(language)} ${side} ses pairs`,
    }[language];
  });
  const explanation = localized((language) => {
    const name = t.indicatorName[language];
    const unit = t.unitName[language];
    const label = t.unitLabel[language];
    const value = n(t.value, language);
    const median = n(t.median, language);
    const better = BETTER[t.direction][language];
    const side = above
      ? { en: 'above', es: 'por encima de', pt: 'acima d', fr: 'au-dessus de' }[language]
      : { en: 'below', es: 'por debajo de', pt: 'abaixo d', fr: 'en dessous de' }[language];
    const verdict = t.worse
      ? { en: 'worse than', es: 'peor que', pt: 'pior que', fr: 'moins bien que' }[language]
      : { en: 'better than', es: 'mejor que', pt: 'melhor que', fr: 'mieux que' }[language];
    return {
      en: `${name} in ${unit} is ${value} (${label}), ${pct(language)} ${side} the median of its ${t.peers} peers (${median}). Since ${better}, it does ${verdict} its peers.${interval(language)}`,
      es: `${name} en ${unit} es ${value} (${label}), un ${pct(language)} ${side} la mediana de sus ${t.peers} pares (${median}). Como ${better}, está ${verdict} sus pares.${interval(language)}`,
      pt: `${name} em ${unit} é ${value} (${label}), ${pct(language)} ${side}a mediana de seus ${t.peers} pares (${median}). Como ${better}, está ${verdict} seus pares.${interval(language)}`,
      fr: `${name} à ${unit} vaut ${value} (${label}), ${pct(language)} ${side} la médiane de ses ${t.peers} pairs (${median}). Comme ${better}, l’unité fait ${verdict} ses pairs.${interval(language)}`,
    }[language];
  });
  return { title, explanation };
}

export interface TrendTextInput {
  readonly indicatorName: LocalizedText;
  readonly unitName: LocalizedText;
  readonly apc: number;
  readonly lower: number;
  readonly upper: number;
  readonly fromYear: number;
  readonly toYear: number;
  readonly direction: Exclude<DesiredDirection, 'neutral'>;
  readonly worse: boolean;
}

export function trendText(t: TrendTextInput): { title: LocalizedText; explanation: LocalizedText } {
  const rising = t.apc > 0;
  const p = (v: number, language: Language) => formatPercent(v, language);
  const title = localized((language) => {
    const name = t.indicatorName[language];
    const change = p(Math.abs(t.apc), language);
    return rising
      ? {
          en: `${name}: rising ${change} a year`,
          es: `${name}: sube un ${change} al año`,
          pt: `${name}: sobe ${change} ao ano`,
          fr: `${name} : hausse de ${change} par an`,
        }[language]
      : {
          en: `${name}: falling ${change} a year`,
          es: `${name}: baja un ${change} al año`,
          pt: `${name}: cai ${change} ao ano`,
          fr: `${name} : baisse de ${change} par an`,
        }[language];
  });
  const explanation = localized((language) => {
    const name = t.indicatorName[language];
    const unit = t.unitName[language];
    const change = p(Math.abs(t.apc), language);
    const range = `${p(t.lower, language)} / ${p(t.upper, language)}`;
    const better = BETTER[t.direction][language];
    const verb = rising
      ? { en: 'rose', es: 'subió', pt: 'subiu', fr: 'a augmenté' }[language]
      : { en: 'fell', es: 'bajó', pt: 'caiu', fr: 'a baissé' }[language];
    const verdict = t.worse
      ? { en: 'this is a problem', es: 'es un problema', pt: 'é um problema', fr: 'c’est un problème' }[
          language
        ]
      : {
          en: 'this is an improvement',
          es: 'es una mejora',
          pt: 'é uma melhora',
          fr: 'c’est une amélioration',
        }[language];
    return {
      en: `${name} in ${unit} ${verb} by ${change} a year from ${t.fromYear} to ${t.toYear} (95% interval ${range}, which leaves out zero). Since ${better}, ${verdict}.`,
      es: `${name} en ${unit} ${verb} un ${change} al año de ${t.fromYear} a ${t.toYear} (intervalo del 95 % ${range}, que excluye el cero). Como ${better}, ${verdict}.`,
      pt: `${name} em ${unit} ${verb} ${change} ao ano de ${t.fromYear} a ${t.toYear} (intervalo de 95 % ${range}, que exclui o zero). Como ${better}, ${verdict}.`,
      fr: `${name} à ${unit} ${verb} de ${change} par an de ${t.fromYear} à ${t.toYear} (intervalle à 95 % ${range}, qui exclut zéro). Comme ${better}, ${verdict}.`,
    }[language];
  });
  return { title, explanation };
}

export interface GapTextInput {
  readonly unitName: LocalizedText;
  readonly peers: number;
  readonly enforcement: readonly LocalizedText[];
  readonly prevention: readonly LocalizedText[];
  readonly enforcementPercentile: number;
  readonly preventionPercentile: number;
}

export function outcomeGapText(t: GapTextInput): { title: LocalizedText; explanation: LocalizedText } {
  const title: LocalizedText = {
    en: 'Much enforcement, little prevention',
    es: 'Mucha represión, poca prevención',
    pt: 'Muita repressão, pouca prevenção',
    fr: 'Beaucoup de répression, peu de prévention',
  };
  const pct = (v: number) => Math.round(v * 100);
  const explanation = localized((language) => {
    const unit = t.unitName[language];
    const e = t.enforcement.map((x) => x[language]).join(', ');
    const v = t.prevention.map((x) => x[language]).join(', ');
    const pe = pct(t.enforcementPercentile);
    const pv = pct(t.preventionPercentile);
    return {
      en: `Among its ${t.peers} peers, ${unit} stands high on the traditional response (${e}: on average above ${pe}% of its peers) but low on prevention and treatment (${v}: above only ${pv}%). The gap, ${pe - pv} percentile points, suggests a response weighted towards enforcement.`,
      es: `Entre sus ${t.peers} pares, ${unit} está alto en la respuesta tradicional (${e}: en promedio por encima del ${pe} % de sus pares) pero bajo en prevención y tratamiento (${v}: por encima de solo el ${pv} %). La brecha, de ${pe - pv} puntos percentiles, sugiere una respuesta volcada a la represión.`,
      pt: `Entre seus ${t.peers} pares, ${unit} está alto na resposta tradicional (${e}: em média acima de ${pe} % dos pares) mas baixo em prevenção e tratamento (${v}: acima de apenas ${pv} %). A diferença, de ${pe - pv} pontos percentuais, sugere uma resposta voltada à repressão.`,
      fr: `Parmi ses ${t.peers} pairs, ${unit} se situe haut dans la réponse traditionnelle (${e} : en moyenne au-dessus de ${pe} % de ses pairs) mais bas en prévention et traitement (${v} : au-dessus de seulement ${pv} %). L’écart, de ${pe - pv} points de centile, suggère une réponse tournée vers la répression.`,
    }[language];
  });
  return { title, explanation };
}

export function incompleteText(
  indicatorName: LocalizedText,
  unitName: LocalizedText,
  year: number,
): { title: LocalizedText; explanation: LocalizedText } {
  return {
    title: localized(
      (l) =>
        ({
          en: `${indicatorName.en}: incomplete reporting in ${year}`,
          es: `${indicatorName.es}: registro incompleto en ${year}`,
          pt: `${indicatorName.pt}: registro incompleto em ${year}`,
          fr: `${indicatorName.fr} : déclarations incomplètes en ${year}`,
        })[l],
    ),
    explanation: localized(
      (l) =>
        ({
          en: `Not every expected unit or month reported ${indicatorName.en.toLowerCase()} for ${unitName.en} in ${year}: the figure may be too low, and findings on it are less certain.`,
          es: `No todas las unidades o meses esperados informaron ${indicatorName.es.toLowerCase()} de ${unitName.es} en ${year}: la cifra puede quedarse corta y los hallazgos que la usan son menos seguros.`,
          pt: `Nem todas as unidades ou meses esperados informaram ${indicatorName.pt.toLowerCase()} de ${unitName.pt} em ${year}: o número pode estar subestimado e os achados que o usam são menos seguros.`,
          fr: `Toutes les unités ou tous les mois attendus n’ont pas déclaré ${indicatorName.fr.toLowerCase()} pour ${unitName.fr} en ${year} : le chiffre peut être trop bas et les constats qui l’utilisent sont moins sûrs.`,
        })[l],
    ),
  };
}

export function smallCountText(
  indicatorName: LocalizedText,
  unitName: LocalizedText,
  year: number,
  events: number,
): { title: LocalizedText; explanation: LocalizedText } {
  return {
    title: localized(
      (l) =>
        ({
          en: `${indicatorName.en}: few events in ${year}`,
          es: `${indicatorName.es}: pocos casos en ${year}`,
          pt: `${indicatorName.pt}: poucos casos em ${year}`,
          fr: `${indicatorName.fr} : peu d’événements en ${year}`,
        })[l],
    ),
    explanation: localized((l) => {
      const n = formatNumber(events, l);
      return {
        en: `${indicatorName.en} for ${unitName.en} in ${year} rests on ${n} events (fewer than 20): the rate moves a lot by chance and its interval is wide.`,
        es: `${indicatorName.es} de ${unitName.es} en ${year} se basa en ${n} casos (menos de 20): la tasa varía mucho por azar y su intervalo es amplio.`,
        pt: `${indicatorName.pt} de ${unitName.pt} em ${year} se baseia em ${n} casos (menos de 20): a taxa varia muito por acaso e seu intervalo é largo.`,
        fr: `${indicatorName.fr} pour ${unitName.fr} en ${year} repose sur ${n} événements (moins de 20) : le taux varie beaucoup par hasard et son intervalle est large.`,
      }[l];
    }),
  };
}

export function sourcesDisagreeText(
  elementName: LocalizedText,
  unitName: LocalizedText,
  year: number,
  high: { name: LocalizedText; value: number },
  low: { name: LocalizedText; value: number },
  difference: number,
): { title: LocalizedText; explanation: LocalizedText } {
  return {
    title: localized(
      (l) =>
        ({
          en: `${elementName.en}: sources disagree in ${year}`,
          es: `${elementName.es}: las fuentes no coinciden en ${year}`,
          pt: `${elementName.pt}: as fontes divergem em ${year}`,
          fr: `${elementName.fr} : les sources divergent en ${year}`,
        })[l],
    ),
    explanation: localized((l) => {
      const h = `${high.name[l]} (${formatNumber(high.value, l)})`;
      const w = `${low.name[l]} (${formatNumber(low.value, l)})`;
      const d = formatPercent(difference * 100, l);
      return {
        en: `For ${unitName.en} in ${year}, ${h} counts ${d} more than ${w}: more than the 10% two registers of the same deaths should differ by. Indicators built on this count are uncertain until the difference is explained.`,
        es: `Para ${unitName.es} en ${year}, ${h} cuenta un ${d} más que ${w}: más del 10 % en que deberían diferir dos registros de las mismas muertes. Los indicadores construidos con este conteo son inciertos hasta que se explique la diferencia.`,
        pt: `Para ${unitName.pt} em ${year}, ${h} conta ${d} a mais que ${w}: mais que os 10 % em que dois registros das mesmas mortes deveriam diferir. Os indicadores feitos com essa contagem são incertos até que a diferença seja explicada.`,
        fr: `Pour ${unitName.fr} en ${year}, ${h} compte ${d} de plus que ${w} : plus que les 10 % d’écart admissibles entre deux registres des mêmes décès. Les indicateurs fondés sur ce décompte restent incertains tant que l’écart n’est pas expliqué.`,
      }[l];
    }),
  };
}

export function missingYearsText(
  indicatorName: LocalizedText,
  unitName: LocalizedText,
  year: number,
  latestYear: number,
): { title: LocalizedText; explanation: LocalizedText } {
  return {
    title: localized(
      (l) =>
        ({
          en: `${indicatorName.en}: no figure since ${latestYear}`,
          es: `${indicatorName.es}: sin dato desde ${latestYear}`,
          pt: `${indicatorName.pt}: sem dado desde ${latestYear}`,
          fr: `${indicatorName.fr} : pas de chiffre depuis ${latestYear}`,
        })[l],
    ),
    explanation: localized(
      (l) =>
        ({
          en: `${unitName.en} has no figure of ${indicatorName.en.toLowerCase()} for ${year}; the latest is from ${latestYear}. It cannot be compared with its peers this year.`,
          es: `${unitName.es} no tiene dato de ${indicatorName.es.toLowerCase()} para ${year}; el último es de ${latestYear}. No puede compararse con sus pares este año.`,
          pt: `${unitName.pt} não tem dado de ${indicatorName.pt.toLowerCase()} para ${year}; o último é de ${latestYear}. Não pode ser comparado com seus pares neste ano.`,
          fr: `${unitName.fr} n’a pas de chiffre de ${indicatorName.fr.toLowerCase()} pour ${year} ; le dernier date de ${latestYear}. Il ne peut pas être comparé à ses pairs cette année.`,
        })[l],
    ),
  };
}
