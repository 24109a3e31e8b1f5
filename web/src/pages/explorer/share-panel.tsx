/** The link to this view and the code that embeds its chart in another site, each with Copy. */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The <iframe> that shows the chart of `search` from `origin` (in `language`). */
export function embedSnippet(origin: string, search: string, language: string, title: string): string {
  const src = `${origin}/embed/explore?${search}&lang=${language}`;
  return `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" width="100%" height="620" style="border:0" loading="lazy"></iframe>`;
}

function CopyField(props: { label: string; copyLabel: string; value: string; multiline?: boolean }) {
  const { t } = useTranslation('explorer');
  const id = useId();
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [status, setStatus] = useState<'' | 'copied' | 'failed'>('');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(props.value);
      setStatus('copied');
    } catch {
      field.current?.select();
      setStatus('failed');
    }
  };
  return (
    <div className="copy-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="copy-row">
        {props.multiline === true ? (
          <textarea
            id={id}
            ref={field}
            readOnly
            rows={3}
            value={props.value}
            onFocus={(e) => e.target.select()}
          />
        ) : (
          <input
            id={id}
            ref={field}
            type="text"
            readOnly
            value={props.value}
            onFocus={(e) => e.target.select()}
          />
        )}
        <button type="button" className="secondary" aria-label={props.copyLabel} onClick={() => void copy()}>
          {t('copy')}
        </button>
      </div>
      <p className="copy-status" role="status">
        {status === 'copied' ? t('copied') : status === 'failed' ? t('copyFailed') : ''}
      </p>
    </div>
  );
}

export function SharePanel(props: { search: string; title: string }) {
  const { t, i18n } = useTranslation('explorer');
  const origin = window.location.origin;
  return (
    <section className="share-panel" aria-labelledby="explorer-share-heading">
      <h2 id="explorer-share-heading">{t('share')}</h2>
      <CopyField
        label={t('permalink')}
        copyLabel={t('copyLink')}
        value={`${origin}/explore?${props.search}`}
      />
      <CopyField
        label={t('embed')}
        copyLabel={t('copyEmbed')}
        multiline
        value={embedSnippet(
          origin,
          props.search,
          i18n.language,
          t('embedFrameTitle', { title: props.title }),
        )}
      />
      <p className="hint">{t('embedHelp')}</p>
    </section>
  );
}
