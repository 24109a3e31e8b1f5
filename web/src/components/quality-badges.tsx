/** Data-quality badges next to a value: small count, incomplete reporting, disagreeing sources. */
import { useTranslation } from 'react-i18next';

export interface QualityFacts {
  readonly smallCount?: boolean;
  readonly complete?: boolean;
  /** Sources that disagree, with their relative difference (0.12 = 12%). */
  readonly disagreement?: { readonly first: string; readonly second: string; readonly share: number };
}

export function QualityBadges({ facts }: { facts: QualityFacts }) {
  const { t, i18n } = useTranslation();
  const badges: { key: string; label: string; help: string; tone: string }[] = [];
  if (facts.smallCount === true)
    badges.push({
      key: 'small',
      label: t('badge.smallCount'),
      help: t('badge.smallCountHelp'),
      tone: 'warn',
    });
  if (facts.complete === false)
    badges.push({
      key: 'incomplete',
      label: t('badge.incomplete'),
      help: t('badge.incompleteHelp'),
      tone: 'warn',
    });
  if (facts.disagreement !== undefined) {
    const percent = new Intl.NumberFormat(i18n.language, {
      style: 'percent',
      maximumFractionDigits: 0,
    }).format(facts.disagreement.share);
    badges.push({
      key: 'sources',
      label: t('badge.sourcesDisagree'),
      help: t('badge.sourcesDisagreeHelp', {
        first: facts.disagreement.first,
        second: facts.disagreement.second,
        percent,
      }),
      tone: 'alert',
    });
  }
  if (badges.length === 0) return null;
  return (
    <span className="badges">
      {badges.map((badge) => (
        <span key={badge.key} className={`badge badge-${badge.tone}`} title={badge.help}>
          {badge.label}
          <span className="visually-hidden">: {badge.help}</span>
        </span>
      ))}
    </span>
  );
}
