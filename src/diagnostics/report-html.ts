/**
 * The diagnosis as one self-contained HTML page in one language: inline CSS, charts as inline SVG
 * (report-charts.ts), no script and nothing fetched. Title, date (given by the caller, so the
 * output is stable), the synthetic-data notice when the store holds demo data, a methods
 * paragraph, then the problems, strengths and limitations, each with its numbers, explanation and
 * charts. Every text is escaped.
 */
import type { Language, LocalizedText } from '../kernel/i18n.ts';
import type { Diagnosis, Finding, FindingNumbers } from './diagnosis-model.ts';
import { formatNumber, formatPercent } from './finding-text.ts';
import { escapeXml, peerBarChart, trendChart } from './report-charts.ts';

export interface ReportOptions {
  readonly language: Language;
  /** the date printed on the report, e.g. `2024-06-01` */
  readonly date: string;
  /** the synthetic-data notice, when the store holds demo data */
  readonly syntheticNotice?: LocalizedText;
  /** indicator code → name (defaults to the code) */
  readonly indicatorNames?: ReadonlyMap<string, LocalizedText>;
}

const T = {
  title: { en: 'Diagnosis', es: 'Diagnóstico', pt: 'Diagnóstico', fr: 'Diagnostic' },
  date: { en: 'Date', es: 'Fecha', pt: 'Data', fr: 'Date' },
  methods: { en: 'Methods', es: 'Métodos', pt: 'Métodos', fr: 'Méthodes' },
  methodsText: {
    en: 'Published figures only. A unit is compared with its peers (the other units under the same parent, such as the member states of its subregion) on a log scale: a finding needs the value to be at least 1.5 times, or at most two thirds of, the peer median and, for rates from counts, its exact Poisson 95% interval to leave the median out. Trends are the annual percent change over the last ten years (log-linear fit, 95% interval from Student’s t) and count only when the interval leaves out zero. The outcome gap compares the unit’s mean percentile among its peers on police, prison and arrest rates with that on prevention centres, treatment centres and social workers; a gap of 50 points or more is reported. Each indicator’s desired direction decides whether a finding is a problem or a strength. Severity is in log units on one scale for every kind (0.69 means twice or half as much). Data-quality limitations (incomplete reporting, small counts, sources more than 10% apart, missing years) are listed with the findings they affect.',
    es: 'Solo cifras publicadas. La unidad se compara con sus pares (las demás unidades bajo el mismo nivel superior, como los Estados miembros de su subregión) en escala logarítmica: un hallazgo exige que el valor sea al menos 1,5 veces, o como mucho dos tercios, la mediana de los pares y, para tasas basadas en conteos, que su intervalo exacto de Poisson del 95 % excluya la mediana. Las tendencias son el cambio porcentual anual de los últimos diez años (ajuste log-lineal, intervalo del 95 % según la t de Student) y solo cuentan si el intervalo excluye el cero. La brecha de resultados compara el percentil medio de la unidad entre sus pares en tasas de policía, prisión y detenciones con el de centros de prevención, centros de tratamiento y trabajadores sociales; se informa una brecha de 50 puntos o más. La dirección deseada de cada indicador decide si un hallazgo es un problema o una fortaleza. La gravedad se mide en unidades logarítmicas en una misma escala para todos los tipos (0,69 significa el doble o la mitad). Las limitaciones de calidad de los datos (registro incompleto, conteos pequeños, fuentes que difieren más del 10 %, años faltantes) se listan con los hallazgos a los que afectan.',
    pt: 'Apenas números publicados. A unidade é comparada com seus pares (as outras unidades sob o mesmo nível superior, como os Estados membros de sua sub-região) em escala logarítmica: um achado exige que o valor seja pelo menos 1,5 vez, ou no máximo dois terços, a mediana dos pares e, para taxas baseadas em contagens, que seu intervalo exato de Poisson de 95 % exclua a mediana. As tendências são a variação percentual anual dos últimos dez anos (ajuste log-linear, intervalo de 95 % pela t de Student) e só contam se o intervalo exclui o zero. A lacuna de resultados compara o percentil médio da unidade entre seus pares nas taxas de polícia, prisão e detenções com o de centros de prevenção, centros de tratamento e assistentes sociais; uma lacuna de 50 pontos ou mais é relatada. A direção desejada de cada indicador decide se um achado é um problema ou um ponto forte. A gravidade é medida em unidades logarítmicas numa mesma escala para todos os tipos (0,69 significa o dobro ou a metade). As limitações de qualidade dos dados (registro incompleto, contagens pequenas, fontes que diferem mais de 10 %, anos faltantes) são listadas com os achados que afetam.',
    fr: 'Chiffres publiés uniquement. L’unité est comparée à ses pairs (les autres unités sous le même niveau supérieur, comme les États membres de sa sous-région) sur une échelle logarithmique : un constat exige que la valeur atteigne au moins 1,5 fois, ou au plus les deux tiers de, la médiane des pairs et, pour les taux issus de décomptes, que son intervalle de Poisson exact à 95 % exclue la médiane. Les tendances sont la variation annuelle en pourcentage sur les dix dernières années (ajustement log-linéaire, intervalle à 95 % selon le t de Student) et ne comptent que si l’intervalle exclut zéro. L’écart de résultats compare le centile moyen de l’unité parmi ses pairs pour les taux de policiers, de détenus et d’arrestations à celui des centres de prévention, des centres de traitement et des travailleurs sociaux ; un écart de 50 points ou plus est signalé. La direction souhaitée de chaque indicateur décide si un constat est un problème ou un point fort. La gravité est mesurée en unités logarithmiques sur une même échelle pour tous les types (0,69 signifie le double ou la moitié). Les limites de qualité des données (déclarations incomplètes, petits effectifs, sources divergeant de plus de 10 %, années manquantes) sont listées avec les constats qu’elles affectent.',
  },
  problems: { en: 'Problems', es: 'Problemas', pt: 'Problemas', fr: 'Problèmes' },
  strengths: { en: 'Strengths', es: 'Fortalezas', pt: 'Pontos fortes', fr: 'Points forts' },
  quality: {
    en: 'Limits of the data',
    es: 'Límites de los datos',
    pt: 'Limites dos dados',
    fr: 'Limites des données',
  },
  none: {
    en: 'None found.',
    es: 'No se encontró ninguno.',
    pt: 'Nenhum encontrado.',
    fr: 'Aucun constat.',
  },
  severity: { en: 'severity', es: 'gravedad', pt: 'gravidade', fr: 'gravité' },
  affects: { en: 'Affects', es: 'Afecta a', pt: 'Afeta', fr: 'Concerne' },
  trend: { en: 'Trend', es: 'Tendencia', pt: 'Tendência', fr: 'Tendance' },
  peers: { en: 'Peers', es: 'Pares', pt: 'Pares', fr: 'Pairs' },
  numbers: {
    value: { en: 'Value', es: 'Valor', pt: 'Valor', fr: 'Valeur' },
    interval: {
      en: '95% interval',
      es: 'Intervalo del 95 %',
      pt: 'Intervalo de 95 %',
      fr: 'Intervalle à 95 %',
    },
    median: { en: 'Peer median', es: 'Mediana de pares', pt: 'Mediana dos pares', fr: 'Médiane des pairs' },
    peers: { en: 'Peers', es: 'Pares', pt: 'Pares', fr: 'Pairs' },
    apc: {
      en: 'Annual percent change',
      es: 'Cambio porcentual anual',
      pt: 'Variação percentual anual',
      fr: 'Variation annuelle',
    },
    years: { en: 'Years', es: 'Años', pt: 'Anos', fr: 'Années' },
    enforcement: {
      en: 'Enforcement percentile',
      es: 'Percentil de represión',
      pt: 'Percentil de repressão',
      fr: 'Centile de répression',
    },
    prevention: {
      en: 'Prevention percentile',
      es: 'Percentil de prevención',
      pt: 'Percentil de prevenção',
      fr: 'Centile de prévention',
    },
    difference: {
      en: 'Difference between sources',
      es: 'Diferencia entre fuentes',
      pt: 'Diferença entre fontes',
      fr: 'Écart entre sources',
    },
    events: { en: 'Events', es: 'Casos', pt: 'Casos', fr: 'Événements' },
    latest: { en: 'Latest year', es: 'Último año', pt: 'Último ano', fr: 'Dernière année' },
  },
} as const;

const CSS = `body{font-family:Georgia,'Times New Roman',serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1f4e79;color:#1f4e79;margin-top:2rem}
h3{margin-bottom:.3rem}.date{color:#555}.notice{background:#fff3cd;border:1px solid #e0c36c;padding:.6rem .8rem}
.finding{page-break-inside:avoid;margin-bottom:1.5rem}.severity{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;font-size:.9rem}
.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}figcaption{font-size:.85rem;color:#555}
.methods{font-size:.9rem}`;

function numberRows(n: FindingNumbers, language: Language): string[][] {
  const t = T.numbers;
  const f = (v: number) => formatNumber(v, language);
  const rows: string[][] = [];
  if (n.value !== null) rows.push([t.value[language], f(n.value)]);
  if (n.lower !== null && n.upper !== null) rows.push([t.interval[language], `${f(n.lower)}–${f(n.upper)}`]);
  if (n.median !== null) rows.push([t.median[language], f(n.median)]);
  if (n.peers !== null) rows.push([t.peers[language], String(n.peers)]);
  if (n.apc !== null) {
    const interval =
      n.apcLower === null || n.apcUpper === null
        ? ''
        : ` (${formatPercent(n.apcLower, language)} / ${formatPercent(n.apcUpper, language)})`;
    rows.push([t.apc[language], `${formatPercent(n.apc, language)}${interval}`]);
  }
  if (n.fromYear !== null && n.toYear !== null) {
    rows.push([t.years[language], `${n.fromYear}–${n.toYear} (${n.years ?? ''})`]);
  }
  if (n.enforcementPercentile !== null) {
    rows.push([t.enforcement[language], String(Math.round(n.enforcementPercentile * 100))]);
  }
  if (n.preventionPercentile !== null) {
    rows.push([t.prevention[language], String(Math.round(n.preventionPercentile * 100))]);
  }
  if (n.sourceDifference !== null) {
    rows.push([t.difference[language], formatPercent(n.sourceDifference * 100, language)]);
  }
  if (n.numerator !== null) rows.push([t.events[language], f(n.numerator)]);
  if (n.latestYear !== null) rows.push([t.latest[language], String(n.latestYear)]);
  return rows;
}

function findingHtml(finding: Finding, diagnosis: Diagnosis, options: ReportOptions): string {
  const { language } = options;
  const e = escapeXml;
  const name =
    finding.indicator === null
      ? ''
      : (options.indicatorNames?.get(finding.indicator)?.[language] ?? finding.indicator);
  const rows = numberRows(finding.numbers, language);
  if (finding.kind === 'outcome_gap') {
    for (const c of finding.components) {
      const label = options.indicatorNames?.get(c.indicator)?.[language] ?? c.indicator;
      rows.push([label, `${formatNumber(c.value, language)} (${Math.round(c.percentile * 100)})`]);
    }
  }
  for (const s of finding.sources) rows.push([s.source, formatNumber(s.value, language)]);
  const table =
    rows.length === 0
      ? ''
      : `<table>${rows.map(([k, v]) => `<tr><th>${e(k!)}</th><td>${e(v!)}</td></tr>`).join('')}</table>`;
  const charts: string[] = [];
  const showTrend = finding.kind !== 'data_quality' || finding.issue === 'missing_recent_years';
  if (showTrend && finding.series.length >= 2) {
    const label = `${T.trend[language]}: ${name}`;
    charts.push(
      `<figure>${trendChart(finding.series, label, language)}<figcaption>${e(label)}</figcaption></figure>`,
    );
  }
  if (finding.peerValues.length >= 2) {
    const label = `${T.peers[language]}: ${name}`;
    charts.push(
      `<figure>${peerBarChart(finding.peerValues, diagnosis.orgUnit, finding.numbers.median, label, language)}<figcaption>${e(label)}</figcaption></figure>`,
    );
  }
  const affects =
    finding.affects.length === 0
      ? ''
      : `<p class="affects">${e(T.affects[language])}: ${finding.affects.map((id) => `<code>${e(id)}</code>`).join(', ')}</p>`;
  return (
    `<section class="finding" id="${e(finding.id)}"><h3>${e(finding.title[language])}</h3>` +
    `<p class="severity">${e(T.severity[language])} ${e(formatNumber(finding.severity, language))}</p>` +
    `<p>${e(finding.explanation[language])}</p>${table}${affects}` +
    (charts.length === 0 ? '' : `<div class="charts">${charts.join('')}</div>`) +
    `</section>`
  );
}

export function reportHtml(diagnosis: Diagnosis, options: ReportOptions): string {
  const { language } = options;
  const e = escapeXml;
  const title = `${T.title[language]}: ${diagnosis.orgUnitName[language]} (${diagnosis.orgUnit}), ${diagnosis.year}`;
  const section = (heading: LocalizedText, findings: readonly Finding[]) =>
    `<h2>${e(heading[language])}</h2>` +
    (findings.length === 0
      ? `<p>${e(T.none[language])}</p>`
      : findings.map((f) => findingHtml(f, diagnosis, options)).join('\n'));
  return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="date">${e(T.date[language])}: ${e(options.date)}</p>
${options.syntheticNotice === undefined ? '' : `<p class="notice">${e(options.syntheticNotice[language])}</p>\n`}<h2>${e(T.methods[language])}</h2>
<p class="methods">${e(T.methodsText[language])}</p>
${section(T.problems, diagnosis.findings)}
${section(T.strengths, diagnosis.strengths)}
${section(T.quality, diagnosis.quality)}
</body>
</html>
`;
}
