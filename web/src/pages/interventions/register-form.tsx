/**
 * The form that registers an intervention (analysts, approvers and administrators): code, name,
 * type, country, start and end months, treated units at one level of the country (each with an
 * optional start month of its own), target indicators and description. The API validates; its
 * issues are shown next to the fields they name.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Indicator, OrgUnit } from '../../api/client.ts';
import { loadUnits } from '../../api/reference-data.ts';
import type { Session } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import { Loading } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { registerIntervention, RequestError, type CreateBody, type Issue } from './interventions-api.ts';

const TYPES = ['project', 'law', 'tactic', 'strategy'] as const;
const LEVELS = ['division', 'municipality'] as const;
type Level = (typeof LEVELS)[number];

/** The country's units at `level`: its children, or their children (one request per division). */
async function unitsAt(country: string, level: Level): Promise<{ parent: OrgUnit; units: OrgUnit[] }[]> {
  const divisions = await loadUnits({ parent: country });
  if (level === 'division') return [{ parent: { code: country } as OrgUnit, units: divisions }];
  return Promise.all(
    divisions.map(async (parent) => ({ parent, units: await loadUnits({ parent: parent.code }) })),
  );
}

export function RegisterForm({
  session,
  memberStates,
  indicators,
  onRegistered,
}: {
  session: Session;
  memberStates: readonly OrgUnit[];
  indicators: readonly Indicator[];
  onRegistered: (code: string) => void;
}) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  const [country, setCountry] = useState('');
  const [level, setLevel] = useState<Level>('municipality');
  const [selected, setSelected] = useState<string[]>([]);
  const [starts, setStarts] = useState<Record<string, string>>({});
  const [targets, setTargets] = useState<string[]>([]);
  const [issues, setIssues] = useState<readonly Issue[]>([]);
  const [status, setStatus] = useState<{
    kind: 'idle' | 'saving' | 'done' | 'invalid' | 'failed';
    text?: string;
  }>({
    kind: 'idle',
  });
  const units = useApi(country === '' ? null : `register-units:${country}:${level}`, () =>
    unitsAt(country, level),
  );
  const unitName = (code: string): string => {
    for (const group of units.data ?? []) {
      const unit = group.units.find((u) => u.code === code);
      if (unit !== undefined) return `${localized(unit.name, lang)} (${code})`;
    }
    return code;
  };

  const errorsOf = (field: string) => issues.filter((issue) => issue.field === field);
  const describedBy = (field: string, hint?: string) =>
    [hint, errorsOf(field).length > 0 ? `${field}-errors` : undefined].filter(Boolean).join(' ') || undefined;
  const FieldErrors = ({ field }: { field: string }) => {
    const found = errorsOf(field);
    if (found.length === 0) return null;
    return (
      <ul className="field-errors" id={`${field}-errors`} data-testid={`error-${field}`}>
        {found.map((issue, i) => (
          <li key={i}>{issue.message}</li>
        ))}
      </ul>
    );
  };
  const invalid = (field: string) => (errorsOf(field).length > 0 ? true : undefined);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const body: CreateBody = {
      code: text('code'),
      name: text('name'),
      type: text('type'),
      country,
      start: text('start'),
      end: text('end') === '' ? null : text('end'),
      units: selected.map((unit) =>
        (starts[unit] ?? '') === '' ? unit : { unit, start: starts[unit] ?? '' },
      ),
      indicators: targets,
      description: text('description'),
    };
    setStatus({ kind: 'saving' });
    setIssues([]);
    try {
      const created = await registerIntervention(session, body);
      setStatus({ kind: 'done', text: t('form.registered', { name: created.name }) });
      form.reset();
      setSelected([]);
      setStarts({});
      setTargets([]);
      onRegistered(created.code);
    } catch (error) {
      if (error instanceof RequestError && error.issues.length > 0) {
        setIssues(error.issues);
        setStatus({ kind: 'invalid', text: t('form.invalid') });
      } else {
        setStatus({
          kind: 'failed',
          text: t('form.failed', { message: error instanceof Error ? error.message : String(error) }),
        });
      }
    }
  };

  return (
    <form
      className="register-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby="register-heading"
    >
      <h2 id="register-heading">{t('form.heading')}</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="reg-code">{t('form.code')}</label>
          <input
            id="reg-code"
            name="code"
            type="text"
            required
            autoComplete="off"
            aria-invalid={invalid('code')}
            aria-describedby={describedBy('code', 'reg-code-hint')}
          />
          <p className="hint" id="reg-code-hint">
            {t('form.codeHint')}
          </p>
          <FieldErrors field="code" />
        </div>
        <div className="field">
          <label htmlFor="reg-name">{t('form.name')}</label>
          <input
            id="reg-name"
            name="name"
            type="text"
            required
            aria-invalid={invalid('name')}
            aria-describedby={describedBy('name')}
          />
          <FieldErrors field="name" />
        </div>
        <div className="field">
          <label htmlFor="reg-type">{t('form.type')}</label>
          <select
            id="reg-type"
            name="type"
            aria-invalid={invalid('type')}
            aria-describedby={describedBy('type')}
          >
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`type.${type}`)}
              </option>
            ))}
          </select>
          <FieldErrors field="type" />
        </div>
        <div className="field">
          <label htmlFor="reg-country">{t('form.country')}</label>
          <select
            id="reg-country"
            value={country}
            onChange={(event) => {
              setCountry(event.target.value);
              setSelected([]);
              setStarts({});
            }}
            aria-invalid={invalid('country')}
            aria-describedby={describedBy('country')}
          >
            <option value="">{t('form.chooseCountry')}</option>
            {memberStates.map((state) => (
              <option key={state.code} value={state.code}>
                {localized(state.name, lang)}
              </option>
            ))}
          </select>
          <FieldErrors field="country" />
        </div>
        <div className="field">
          <label htmlFor="reg-start">{t('form.start')}</label>
          <input
            id="reg-start"
            name="start"
            type="month"
            required
            aria-invalid={invalid('start')}
            aria-describedby={describedBy('start')}
          />
          <FieldErrors field="start" />
        </div>
        <div className="field">
          <label htmlFor="reg-end">{t('form.end')}</label>
          <input
            id="reg-end"
            name="end"
            type="month"
            aria-invalid={invalid('end')}
            aria-describedby={describedBy('end')}
          />
          <FieldErrors field="end" />
        </div>
      </div>
      {country === '' ? null : (
        <fieldset className="units-fieldset">
          <legend>{t('form.units')}</legend>
          <div className="field">
            <label htmlFor="reg-level">{t('form.level')}</label>
            <select
              id="reg-level"
              value={level}
              onChange={(event) => {
                setLevel(event.target.value as Level);
                setSelected([]);
                setStarts({});
              }}
            >
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`form.levels.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="reg-units">{t('form.units')}</label>
            {units.state === 'ready' ? (
              <select
                id="reg-units"
                multiple
                size={8}
                value={selected}
                onChange={(event) => setSelected([...event.target.selectedOptions].map((o) => o.value))}
                aria-invalid={invalid('units')}
                aria-describedby={describedBy('units', 'reg-units-hint')}
              >
                {units.data.map((group) =>
                  level === 'division' ? (
                    group.units.map((unit) => (
                      <option key={unit.code} value={unit.code}>
                        {localized(unit.name, lang)} ({unit.code})
                      </option>
                    ))
                  ) : (
                    <optgroup key={group.parent.code} label={localized(group.parent.name, lang)}>
                      {group.units.map((unit) => (
                        <option key={unit.code} value={unit.code}>
                          {localized(unit.name, lang)} ({unit.code})
                        </option>
                      ))}
                    </optgroup>
                  ),
                )}
              </select>
            ) : (
              <Loading />
            )}
            <p className="hint" id="reg-units-hint">
              {t('form.unitsHint')}
            </p>
            <FieldErrors field="units" />
          </div>
          {selected.length === 0 ? null : (
            <details className="unit-starts">
              <summary>{t('form.unitStarts')}</summary>
              <ul>
                {selected.map((unit) => (
                  <li key={unit}>
                    <label>
                      <span>{t('form.unitStart', { unit: unitName(unit) })}</span>{' '}
                      <input
                        type="month"
                        value={starts[unit] ?? ''}
                        onChange={(event) => setStarts({ ...starts, [unit]: event.target.value })}
                      />
                    </label>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor="reg-indicators">{t('form.indicators')}</label>
        <select
          id="reg-indicators"
          multiple
          size={5}
          value={targets}
          onChange={(event) => setTargets([...event.target.selectedOptions].map((o) => o.value))}
          aria-invalid={invalid('indicators')}
          aria-describedby={describedBy('indicators')}
        >
          {indicators.map((indicator) => (
            <option key={indicator.code} value={indicator.code}>
              {localized(indicator.name, lang)}
            </option>
          ))}
        </select>
        <FieldErrors field="indicators" />
      </div>
      <div className="field">
        <label htmlFor="reg-description">{t('form.description')}</label>
        <textarea
          id="reg-description"
          name="description"
          rows={3}
          aria-invalid={invalid('description')}
          aria-describedby={describedBy('description')}
        />
        <FieldErrors field="description" />
      </div>
      <p>
        <button type="submit" disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? t('form.saving') : t('form.submit')}
        </button>
      </p>
      <div role="status" aria-live="polite" className={status.kind === 'done' ? 'form-done' : undefined}>
        {status.kind === 'done' ? status.text : null}
      </div>
      {status.kind === 'invalid' || status.kind === 'failed' ? (
        <p role="alert" className="failed">
          {status.text}
        </p>
      ) : null}
    </form>
  );
}

/** What the public and accounts without the right see instead of the form. */
export function RegisterNote({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation('interventions');
  return (
    <p className="panel sign-in-note" data-testid="register-note">
      {signedIn ? (
        t('form.notAllowed')
      ) : (
        <>
          {t('form.signIn')} <a href="/sign-in">{t('form.signInLink')}</a>
        </>
      )}
    </p>
  );
}
