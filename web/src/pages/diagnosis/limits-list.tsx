/**
 * The limits of the data: each data-quality limitation with its explanation, the figures of each
 * source when sources disagree, and links to the problems and strengths it weakens.
 */
import { useTranslation } from 'react-i18next';
import { localized } from '../../components/names.ts';
import { formatNumber } from '../../format.ts';
import { affectedFindings, findingAnchor, type Diagnosis, type Finding } from './diagnosis-model.ts';

export function LimitsList(props: {
  diagnosis: Diagnosis;
  sourceNames: ReadonlyMap<string, Readonly<Record<string, string>>>;
}) {
  return (
    <ul className="limit-list">
      {props.diagnosis.quality.map((limit) => (
        <li key={limit.id}>
          <Limit limit={limit} {...props} />
        </li>
      ))}
    </ul>
  );
}

function Limit({
  limit,
  diagnosis,
  sourceNames,
}: {
  limit: Finding;
  diagnosis: Diagnosis;
  sourceNames: ReadonlyMap<string, Readonly<Record<string, string>>>;
}) {
  const { t, i18n } = useTranslation('diagnosis');
  const lang = i18n.language;
  const anchor = findingAnchor(limit.id);
  const affected = affectedFindings(limit, diagnosis);
  return (
    <article
      className="limit-item"
      id={anchor}
      aria-labelledby={`${anchor}-title`}
      data-finding={limit.id}
      data-issue={limit.issue ?? ''}
    >
      <p className="finding-kind">
        {limit.issue === null ? t('kind.data_quality') : t(`issue.${limit.issue}`)}
      </p>
      <h3 id={`${anchor}-title`}>{localized(limit.title, lang)}</h3>
      <p className="finding-explanation">{localized(limit.explanation, lang)}</p>
      {limit.sources.length === 0 ? null : (
        <dl className="finding-numbers" aria-label={t('sourcesCaption')} data-testid="limit-sources">
          {limit.sources.map((s) => (
            <div key={s.source} data-source={s.source}>
              <dt>{localized(sourceNames.get(s.source), lang) || s.source}</dt>
              <dd>
                <strong>{formatNumber(s.value, lang)}</strong>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="limit-affects" data-testid="limit-affects">
        {affected.length === 0 ? (
          t('affectsNothing')
        ) : (
          <>
            {t('affects')}{' '}
            {affected.map((finding, i) => (
              <span key={finding.id}>
                {i === 0 ? null : ' · '}
                <a href={`#${findingAnchor(finding.id)}`} data-affects={finding.id}>
                  {localized(finding.title, lang)}
                </a>
              </span>
            ))}
          </>
        )}
      </p>
    </article>
  );
}
