import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, validateBusinessNumber, type BusinessNumber } from '../api';
import { isMessageKey, useI18n } from '../i18n';
import type { MessageKey } from '../i18n/ko';
import { useDocumentTitle } from '../components/useDocumentTitle';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'submitting' }
  | { kind: 'valid'; result: BusinessNumber }
  /** The number was refused, with the words to show: ours for the server's code, else its message. */
  | { kind: 'invalid'; message: string | null; key: MessageKey }
  | { kind: 'failed'; status: number };

export function BusinessNumberCheck() {
  const { t } = useI18n();
  useDocumentTitle(t('check.title'));
  const [value, setValue] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const latest = useRef(0);
  const id = useId();
  const inputId = `${id}-number`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const number = value.trim();
    if (number === '') {
      setOutcome({ kind: 'invalid', message: null, key: 'check.required' });
      inputRef.current?.focus();
      return;
    }
    const call = ++latest.current;
    setOutcome({ kind: 'submitting' });
    try {
      const result = await validateBusinessNumber(number);
      if (call !== latest.current) return;
      setOutcome({ kind: 'valid', result });
    } catch (e) {
      if (call !== latest.current) return;
      if (e instanceof ApiError && e.kind === 'http' && e.status === 422) {
        const errors = e.problem?.errors ?? [];
        const field = errors.find((f) => f.field === 'number') ?? errors[0];
        // The server's field codes are stable; each known one has our own words in both languages.
        const known = field?.code ? `check.error.${field.code}` : '';
        if (isMessageKey(known)) {
          setOutcome({ kind: 'invalid', message: null, key: known });
        } else {
          setOutcome({ kind: 'invalid', message: field?.message ?? null, key: 'check.invalid' });
        }
        inputRef.current?.focus();
      } else {
        setOutcome({ kind: 'failed', status: e instanceof ApiError ? e.status : 0 });
      }
    }
  }

  const invalid = outcome.kind === 'invalid';
  const describedBy = invalid ? `${hintId} ${errorId}` : hintId;

  return (
    <div className="page page--check">
      <h1>{t('check.title')}</h1>
      <p className="page__intro">{t('check.intro')}</p>
      <form className="form card" noValidate onSubmit={onSubmit} aria-busy={outcome.kind === 'submitting'}>
        <div className={invalid ? 'field field--invalid' : 'field'}>
          <label htmlFor={inputId} className="field__label">
            {t('check.label')}
          </label>
          <p id={hintId} className="field__hint">
            {t('check.hint')}
          </p>
          <div className="field__row">
            <input
              ref={inputRef}
              id={inputId}
              name="number"
              className="field__input"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              maxLength={32}
              value={value}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onChange={(e) => {
                setValue(e.target.value);
                if (outcome.kind !== 'submitting') setOutcome({ kind: 'idle' });
              }}
            />
            <button type="submit" className="button" disabled={outcome.kind === 'submitting'}>
              {outcome.kind === 'submitting' ? t('check.submitting') : t('check.submit')}
            </button>
          </div>
          {invalid && (
            <p id={errorId} className="field__error" data-testid="field-error">
              {outcome.message ?? t(outcome.key)}
            </p>
          )}
        </div>
      </form>
      <div role="status" aria-live="polite" className="check__status">
        {outcome.kind === 'valid' && (
          <div className="result result--ok" data-testid="check-result">
            <p className="result__title">{t('check.valid')}</p>
            <dl className="result__list">
              <div>
                <dt>{t('check.formatted')}</dt>
                <dd data-testid="formatted-number">{outcome.result.formatted}</dd>
              </div>
              <div>
                <dt>{t('check.digits')}</dt>
                <dd>{outcome.result.number}</dd>
              </div>
            </dl>
          </div>
        )}
      </div>
      {outcome.kind === 'failed' && (
        <div className="banner banner--error" role="alert" data-testid="check-failed">
          <p>{outcome.status === 0 ? t('check.networkError') : t('check.serverError', { status: outcome.status })}</p>
        </div>
      )}
    </div>
  );
}
