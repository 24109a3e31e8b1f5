/**
 * An evaluation's result, shared by the intervention page and the CSV page: the plain-language
 * summary and caveats in the reader's language, the estimate with its interval, the observed
 * against counterfactual chart, the method's diagnostics, and downloads (JSON, SVG).
 */
import type { PlotModule } from '../../components/plot-chart.tsx';
import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localized } from '../../components/names.ts';
import { formatNumber, locale } from '../../format.ts';
import {
  COLORS,
  intervalChart,
  lineChart,
  PlotFigure,
  saveFile,
  type LinePoint,
  type Series,
} from './evaluation-chart.tsx';
import type { DidOutcome, ItsOutcome, Outcome, ScmOutcome, TimeLabel } from './evaluation-types.ts';

/** Three decimals at most, for ratios and effects. */
export function fixed(value: number | null | undefined, language: string, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(locale(language), { maximumFractionDigits: digits }).format(value);
}

export function formatP(p: number | null | undefined, language: string): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  return p < 0.001 ? `< ${fixed(0.001, language)}` : fixed(p, language);
}

export function EvaluationResult({
  outcome,
  download,
  fileName,
  timeLabel,
  children,
}: {
  outcome: Outcome;
  /** what the JSON download holds (the whole answer of the API) */
  download: unknown;
  fileName: string;
  timeLabel: TimeLabel;
  /** the panel's description, when the evaluation came from the register */
  children?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  return (
    <section
      className="panel evaluation-result"
      aria-labelledby="result-heading"
      data-testid="evaluation-result"
    >
      <h2 id="result-heading">{t('result.heading')}</h2>
      <p className="evaluation-headline" data-testid="headline">
        {localized(outcome.summary.headline, lang)}
      </p>
      {outcome.summary.details.map((detail, i) => (
        <p key={i}>{localized(detail, lang)}</p>
      ))}
      <Estimate outcome={outcome} />
      {children}
      {outcome.method === 'its' ? (
        <ItsChart outcome={outcome} fileName={fileName} />
      ) : outcome.method === 'scm' ? (
        <ScmCharts outcome={outcome} fileName={fileName} />
      ) : outcome.design === 'staggered' ? (
        <DidChart outcome={outcome} fileName={fileName} />
      ) : null}
      {outcome.summary.caveats.length === 0 ? null : (
        <>
          <h3>{t('result.caveats')}</h3>
          <ul className="caveats">
            {outcome.summary.caveats.map((caveat, i) => (
              <li key={i}>{localized(caveat, lang)}</li>
            ))}
          </ul>
        </>
      )}
      <Diagnostics outcome={outcome} timeLabel={timeLabel} />
      <p>
        <button
          type="button"
          onClick={() => saveFile(`${fileName}.json`, JSON.stringify(download, null, 2), 'application/json')}
        >
          {t('result.download')}
        </button>
      </p>
    </section>
  );
}

function Estimate({ outcome }: { outcome: Outcome }) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  const rows: [string, string, string | undefined][] = [];
  if (outcome.method === 'its') {
    const level = outcome.result.levelChange;
    rows.push([
      t('result.rateRatio'),
      t('result.estimateValue', {
        value: fixed(level.rateRatio, lang),
        lower: fixed(level.lower, lang),
        upper: fixed(level.upper, lang),
      }),
      formatP(level.pValue, lang),
    ]);
    const slope = outcome.result.slopeChange;
    if (slope !== null)
      rows.push([
        t('result.slopeChange'),
        t('result.estimateValue', {
          value: fixed(slope.rateRatio, lang, 4),
          lower: fixed(slope.lower, lang, 4),
          upper: fixed(slope.upper, lang, 4),
        }),
        formatP(slope.pValue, lang),
      ]);
  } else if (outcome.method === 'scm') {
    rows.push([
      t('result.averageGap'),
      fixed(outcome.fit.averagePostGap, lang),
      outcome.placebos === null ? undefined : formatP(outcome.placebos.pValue, lang),
    ]);
  } else if (outcome.design === 'staggered') {
    const overall = outcome.aggregations.simple.overall;
    rows.push([
      t('result.att'),
      t('result.estimateValue', {
        value: fixed(overall.att, lang),
        lower: fixed(overall.lower, lang),
        upper: fixed(overall.upper, lang),
      }),
      undefined,
    ]);
  } else {
    const r = outcome.result;
    rows.push([
      t('result.att'),
      t('result.estimateValue', {
        value: fixed(r.estimate, lang),
        lower: fixed(r.lower, lang),
        upper: fixed(r.upper, lang),
      }),
      formatP(r.pValue, lang),
    ]);
  }
  return (
    <dl className="estimate-list" data-testid="estimate">
      {rows.map(([label, value, p]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            <strong>{value}</strong>
            {p === undefined ? null : (
              <span className="p-value">
                {' '}
                · {t('result.pValue')} {p}
              </span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ItsChart({ outcome, fileName }: { outcome: ItsOutcome; fileName: string }) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  const { labels, result } = outcome;
  const startIndex = result.points.findIndex((p) => p.post);
  const label = (i: number): string => labels[Math.round(i)] ?? '';
  const series: Series[] = [
    { key: 'observed', label: t('chart.observed'), color: COLORS.faint },
    { key: 'fitted', label: t('chart.fitted'), color: COLORS.accent },
    { key: 'counterfactual', label: t('chart.counterfactual'), color: COLORS.alert, dashed: true },
  ];
  const make = useCallback(
    (Plot: PlotModule, width: number) => {
      const points: LinePoint[] = [];
      result.points.forEach((p, i) => {
        points.push({ x: i, y: p.observed, series: 'observed' });
        points.push({ x: i, y: p.fitted, series: 'fitted' });
        if (p.post || i === startIndex - 1)
          points.push({ x: i, y: p.counterfactual, series: 'counterfactual' });
      });
      return lineChart(Plot, {
        width,
        points,
        series,
        start: startIndex < 0 ? undefined : startIndex - 0.5,
        xLabel: t('chart.time'),
        yLabel: t('chart.observed'),
        tickFormat: label,
        language: lang,
      });
    },
    [result, lang],
  );
  return (
    <PlotFigure
      testId="its-chart"
      title={t('chart.its')}
      label={t('chart.itsLabel', {
        first: labels[0] ?? '',
        last: labels[labels.length - 1] ?? '',
        start: labels[startIndex] ?? '',
      })}
      legend={series}
      make={make}
      fileName={fileName}
      table={
        <SeriesTable
          head={t('chart.time')}
          columns={[t('chart.observed'), t('chart.fitted'), t('chart.counterfactual')]}
          rows={result.points.map((p, i) => ({
            key: i,
            label: labels[i],
            cells: [
              formatNumber(p.observed, lang),
              formatNumber(p.fitted, lang),
              formatNumber(p.counterfactual, lang),
            ],
          }))}
        />
      }
    />
  );
}

function ScmCharts({ outcome, fileName }: { outcome: ScmOutcome; fileName: string }) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  const { fit, placebos } = outcome;
  const start = fit.series.find((p) => p.post)?.time;
  const series: Series[] = [
    { key: 'treated', label: t('chart.treated'), color: COLORS.ink },
    { key: 'synthetic', label: t('chart.synthetic'), color: COLORS.alert, dashed: true },
  ];
  const gapSeries: Series[] = [
    { key: 'placebo', label: t('chart.placebos'), color: COLORS.faint, faint: true },
    { key: 'treated', label: t('chart.treated'), color: COLORS.ink },
  ];
  const make = useCallback(
    (Plot: PlotModule, width: number) =>
      lineChart(Plot, {
        width,
        points: fit.series.flatMap((p) => [
          { x: p.time, y: p.observed, series: 'treated' },
          { x: p.time, y: p.synthetic, series: 'synthetic' },
        ]),
        series,
        start: start === undefined ? undefined : start - 0.5,
        xLabel: t('chart.time'),
        yLabel: t('chart.treated'),
        tickFormat: (x) => String(x),
        language: lang,
      }),
    [fit, lang],
  );
  const makeGaps = useCallback(
    (Plot: PlotModule, width: number) =>
      lineChart(Plot, {
        width,
        points: [
          ...(placebos?.placebos ?? []).flatMap((unit) =>
            unit.gaps.map((g) => ({ x: g.time, y: g.gap, series: 'placebo', group: unit.id })),
          ),
          ...fit.series.map((p) => ({ x: p.time, y: p.gap, series: 'treated' })),
        ],
        series: gapSeries,
        start: start === undefined ? undefined : start - 0.5,
        zeroLine: true,
        xLabel: t('chart.time'),
        yLabel: t('chart.gap'),
        tickFormat: (x) => String(x),
        language: lang,
      }),
    [fit, placebos, lang],
  );
  const first = fit.series[0]?.time;
  const last = fit.series[fit.series.length - 1]?.time;
  return (
    <>
      <PlotFigure
        testId="scm-chart"
        title={t('chart.scm')}
        label={t('chart.scmLabel', { first, last, start })}
        legend={series}
        make={make}
        fileName={fileName}
        table={
          <SeriesTable
            head={t('chart.time')}
            columns={[t('chart.treated'), t('chart.synthetic'), t('chart.gap')]}
            rows={fit.series.map((p) => ({
              key: p.time,
              label: p.time,
              cells: [
                formatNumber(p.observed, lang),
                formatNumber(p.synthetic, lang),
                formatNumber(p.gap, lang),
              ],
            }))}
          />
        }
      />
      {placebos === null ? null : (
        <PlotFigure
          testId="placebo-chart"
          title={t('chart.placebo')}
          label={t('chart.placeboLabel')}
          legend={gapSeries}
          make={makeGaps}
          fileName={`${fileName}-placebos`}
          table={
            <SeriesTable
              head={t('diagnostics.donor')}
              columns={[t('diagnostics.preRmspe'), t('diagnostics.rmspeRatio')]}
              rows={[placebos.treated, ...placebos.placebos].map((unit) => ({
                key: unit.id,
                label: unit.name,
                cells: [fixed(unit.preRmspe, lang), fixed(unit.ratio, lang)],
              }))}
            />
          }
        />
      )}
    </>
  );
}

function DidChart({
  outcome,
  fileName,
}: {
  outcome: Extract<DidOutcome, { design: 'staggered' }>;
  fileName: string;
}) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  const elements = outcome.aggregations.dynamic.elements;
  const make = useCallback(
    (Plot: PlotModule, width: number) =>
      intervalChart(Plot, {
        width,
        points: elements
          .filter((e) => e.att !== null && Number.isFinite(e.att))
          .map((e) => ({ x: e.key, y: e.att ?? 0, lower: e.lower, upper: e.upper })),
        xLabel: t('chart.eventTime'),
        yLabel: t('chart.effect'),
        language: lang,
      }),
    [elements, lang],
  );
  return (
    <PlotFigure
      testId="did-chart"
      title={t('chart.did')}
      label={t('chart.didLabel')}
      legend={[
        { key: 'effect', label: t('chart.effect'), color: COLORS.accent },
        { key: 'interval', label: t('interval', { ns: 'common' }), color: COLORS.faint },
      ]}
      make={make}
      fileName={fileName}
      table={
        <SeriesTable
          head={t('chart.eventTime')}
          columns={[t('chart.effect'), t('chart.lower'), t('chart.upper')]}
          rows={elements.map((e) => ({
            key: e.key,
            label: e.key,
            cells: [fixed(e.att, lang), fixed(e.lower, lang), fixed(e.upper, lang)],
          }))}
        />
      }
    />
  );
}

function Diagnostics({ outcome, timeLabel }: { outcome: Outcome; timeLabel: TimeLabel }) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  return (
    <section aria-labelledby="diagnostics-heading" className="diagnostics" data-testid="diagnostics">
      <h3 id="diagnostics-heading">{t('diagnostics.heading')}</h3>
      {outcome.method === 'its' ? (
        <dl className="definition-list">
          <dt>{t('diagnostics.prePost')}</dt>
          <dd>
            {outcome.result.prePoints} / {outcome.result.postPoints}
          </dd>
          <dt>{t('diagnostics.dispersion')}</dt>
          <dd>{fixed(outcome.result.estimatedDispersion, lang)}</dd>
          <dt>{t('diagnostics.ljungBox')}</dt>
          <dd>
            {t('diagnostics.ljungBoxValue', {
              statistic: fixed(outcome.result.autocorrelation.ljungBox.statistic, lang, 2),
              df: outcome.result.autocorrelation.ljungBox.df,
              p: formatP(outcome.result.autocorrelation.ljungBox.pValue, lang),
            })}
          </dd>
          <dt>{t('diagnostics.durbinWatson')}</dt>
          <dd>{fixed(outcome.result.autocorrelation.durbinWatson, lang)}</dd>
        </dl>
      ) : outcome.method === 'scm' ? (
        <ScmDiagnostics outcome={outcome} />
      ) : (
        <DidDiagnostics outcome={outcome} timeLabel={timeLabel} />
      )}
    </section>
  );
}

function ScmDiagnostics({ outcome }: { outcome: ScmOutcome }) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  const { fit, placebos } = outcome;
  const weighted = fit.weights.filter((w) => w.weight >= 0.0005).sort((a, b) => b.weight - a.weight);
  const hidden = fit.weights.length - weighted.length;
  return (
    <>
      <dl className="definition-list">
        <dt>{t('diagnostics.preRmspe')}</dt>
        <dd>{fixed(fit.preRmspe, lang)}</dd>
        <dt>{t('diagnostics.postRmspe')}</dt>
        <dd>{fixed(fit.postRmspe, lang)}</dd>
        <dt>{t('diagnostics.rmspeRatio')}</dt>
        <dd>{fixed(fit.rmspeRatio, lang)}</dd>
        <dt>{t('diagnostics.placeboP')}</dt>
        <dd data-testid="placebo-p">
          {placebos === null
            ? t('diagnostics.placebosNotRun')
            : t('diagnostics.placeboRank', {
                p: formatP(placebos.pValue, lang),
                rank: placebos.rank,
                n: placebos.n,
              })}
        </dd>
      </dl>
      <div className="table-scroll">
        <table className="data-table" data-testid="donor-weights">
          <caption>{t('diagnostics.weights')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('diagnostics.donor')}</th>
              <th scope="col" className="num">
                {t('diagnostics.weight')}
              </th>
            </tr>
          </thead>
          <tbody>
            {weighted.map((w) => (
              <tr key={w.id}>
                <th scope="row">{w.name}</th>
                <td className="num">{fixed(w.weight, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hidden > 0 ? <p className="hint">{t('diagnostics.weightsHidden', { count: hidden })}</p> : null}
      <div className="table-scroll">
        <table className="data-table">
          <caption>{t('diagnostics.balance')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('diagnostics.predictor')}</th>
              <th scope="col" className="num">
                V
              </th>
              <th scope="col" className="num">
                {t('diagnostics.treated')}
              </th>
              <th scope="col" className="num">
                {t('diagnostics.synthetic')}
              </th>
              <th scope="col" className="num">
                {t('diagnostics.sampleMean')}
              </th>
            </tr>
          </thead>
          <tbody>
            {fit.balance.map((b) => (
              <tr key={b.predictor}>
                <th scope="row">{b.predictor}</th>
                <td className="num">{fixed(b.v, lang)}</td>
                <td className="num">{formatNumber(b.treated, lang)}</td>
                <td className="num">{formatNumber(b.synthetic, lang)}</td>
                <td className="num">{formatNumber(b.sampleMean, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function DidDiagnostics({ outcome, timeLabel }: { outcome: DidOutcome; timeLabel: TimeLabel }) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  if (outcome.design === '2x2') {
    const r = outcome.result;
    return (
      <dl className="definition-list">
        <dt>{t('diagnostics.treatedUnits')}</dt>
        <dd>{r.treatedUnits}</dd>
        <dt>{t('diagnostics.comparisonUnits')}</dt>
        <dd>{r.controlUnits}</dd>
        <dt>{t('diagnostics.preTrend')}</dt>
        <dd>{r.preTrend === null ? t('diagnostics.notAvailable') : formatP(r.preTrend.pValue, lang)}</dd>
      </dl>
    );
  }
  const { result } = outcome;
  return (
    <>
      <dl className="definition-list">
        <dt>{t('diagnostics.preTest')}</dt>
        <dd>
          {result.preTest === null ? t('diagnostics.notAvailable') : formatP(result.preTest.pValue, lang)}
        </dd>
        {result.notes.length === 0 ? null : (
          <>
            <dt>{t('diagnostics.notes')}</dt>
            {result.notes.map((note) => (
              <dd key={note}>{note}</dd>
            ))}
          </>
        )}
      </dl>
      <details>
        <summary>{t('diagnostics.groupTime')}</summary>
        <div className="table-scroll">
          <table className="data-table" data-testid="group-time">
            <thead>
              <tr>
                <th scope="col">{t('diagnostics.group')}</th>
                <th scope="col">{t('diagnostics.time')}</th>
                <th scope="col" className="num">
                  ATT
                </th>
                <th scope="col" className="num">
                  {t('chart.lower')}
                </th>
                <th scope="col" className="num">
                  {t('chart.upper')}
                </th>
                <th scope="col" className="num">
                  {t('diagnostics.treatedUnits')}
                </th>
                <th scope="col" className="num">
                  {t('diagnostics.comparisonUnits')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.effects.map((e) => (
                <tr key={`${e.group}:${e.time}`}>
                  <td>{timeLabel(e.group)}</td>
                  <td>{timeLabel(e.time)}</td>
                  <td className="num">{fixed(e.att, lang)}</td>
                  <td className="num">{fixed(e.lower, lang)}</td>
                  <td className="num">{fixed(e.upper, lang)}</td>
                  <td className="num">{e.treatedUnits}</td>
                  <td className="num">{e.comparisonUnits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

/** A chart's numbers as a table: one row per point, its label as the row header, the values right-aligned. */
function SeriesTable(props: {
  head: string;
  columns: readonly string[];
  rows: readonly { key: string | number; label: ReactNode; cells: readonly string[] }[];
}) {
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">{props.head}</th>
          {props.columns.map((column) => (
            <th key={column} scope="col" className="num">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {row.cells.map((cell, i) => (
              <td key={i} className="num">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
