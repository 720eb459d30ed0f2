import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { createApiKey, getApiKeyScopes, listApiKeys, revokeApiKey, type ApiKey, type ApiKeyScope } from '../../api';
import { ConfirmButton, Time } from '../../components/Bits';
import { CheckboxGroup, ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useDescribeError, useProblemText, type DescribedError, type Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { OwnerOnly, useBackOffice } from './BackOffice';

async function copyText(text: string, fallbackFrom: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (or no secure context): select the text so that the person can copy it.
    if (fallbackFrom) {
      fallbackFrom.focus();
      fallbackFrom.select();
    }
    return false;
  }
}

/** The new key's secret, shown this once, with a copy button and the warning that it will not come back. */
export function SecretOnce({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const { t } = useI18n();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  useEffect(() => {
    boxRef.current?.focus();
  }, []);

  return (
    <div
      className="secret"
      role="region"
      aria-labelledby="secret-title"
      tabIndex={-1}
      ref={boxRef}
      data-testid="secret-box"
    >
      <h3 id="secret-title">{t('keys.secret.title', { name })}</h3>
      <p className="secret__warning" data-testid="secret-warning">
        {t('keys.secret.warning')}
      </p>
      <label htmlFor="new-key-secret" className="field__label">
        {t('keys.secret.label')}
      </label>
      <div className="secret__row">
        <textarea
          ref={inputRef}
          id="new-key-secret"
          className="field__input secret__value"
          readOnly
          rows={2}
          value={secret}
          spellCheck={false}
          autoComplete="off"
          data-testid="secret-value"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="button"
          onClick={async () => setCopied((await copyText(secret, inputRef.current)) ? 'yes' : 'no')}
        >
          {t('keys.secret.copy')}
        </button>
      </div>
      <p className="secret__copied" aria-live="polite" data-testid="secret-copied">
        {copied === 'yes' && t('keys.secret.copied')}
        {copied === 'no' && t('keys.secret.copyFailed')}
      </p>
      <button type="button" className="button button--quiet" onClick={onDone}>
        {t('keys.secret.done')}
      </button>
    </div>
  );
}

function CreateKey({ merchantId, onCreated }: { merchantId: string; onCreated: () => void }) {
  const { t, lang } = useI18n();
  const describe = useDescribeError();
  const problemText = useProblemText();
  const [scopes, setScopes] = useState<ApiKeyScope[] | null>(null);
  const [scopesError, setScopesError] = useState<Failure | null>(null);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<DescribedError>({ banner: null, fields: {} });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  useEffect(() => {
    getApiKeyScopes().then(
      (answer) => setScopes(answer.items),
      (e: unknown) => setScopesError({ error: e }),
    );
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (name.trim() === '') fields.name = t('field.required');
    if (chosen.length === 0) fields.scopes = t('keys.create.scopesRequired');
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: null, fields });
      return;
    }
    setSending(true);
    setErrors({ banner: null, fields: {} });
    try {
      const answer = await createApiKey(merchantId, { name: name.trim(), scopes: chosen });
      setCreated({ name: answer.key.name, secret: answer.secret });
      setName('');
      setChosen([]);
      onCreated();
    } catch (e) {
      setErrors(describe(e, ['name', 'scopes']));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="section card" aria-labelledby="keys-create">
      <h2 id="keys-create">{t('keys.create.title')}</h2>
      {created ? (
        <SecretOnce name={created.name} secret={created.secret} onDone={() => setCreated(null)} />
      ) : (
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={sending}>
          <p className="section__intro">{t('keys.create.intro')}</p>
          {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
          {scopesError && <ErrorBanner testId="scopes-error">{problemText(scopesError.error)}</ErrorBanner>}
          <TextField
            label={t('keys.create.name')}
            name="name"
            value={name}
            onChange={setName}
            error={errors.fields.name}
            required
            maxLength={100}
            hint={t('keys.create.nameHint')}
          />
          {scopes === null && !scopesError && <Loading />}
          {scopes !== null && (
            <CheckboxGroup
              legend={t('keys.create.scopes')}
              name="scopes"
              values={chosen}
              onChange={setChosen}
              error={errors.fields.scopes}
              options={scopes.map((s) => ({
                value: s.scope,
                label: s.scope,
                hint: s.description[lang] || s.description.ko,
              }))}
            />
          )}
          <div className="form__actions">
            <SubmitButton sending={sending} label={t('keys.create.submit')} sendingLabel={t('common.sending')} />
          </div>
        </form>
      )}
    </section>
  );
}

function KeyList({ merchantId, reloadKey }: { merchantId: string; reloadKey: number }) {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const [items, setItems] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const answer = await listApiKeys(merchantId, signal);
        setItems(answer.items);
        setError(null);
      } catch (e) {
        if (!signal?.aborted) setError({ error: e });
      }
    },
    [merchantId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load, reloadKey]);

  async function revoke(key: ApiKey) {
    setNotice(null);
    setError(null);
    try {
      await revokeApiKey(merchantId, key.id);
      await load();
      setNotice(t('keys.revoked', { name: key.name }));
    } catch (e) {
      setError({ error: e });
    }
  }

  return (
    <section className="section card" aria-labelledby="keys-list">
      <h2 id="keys-list">{t('keys.list.title')}</h2>
      {notice && <SuccessBanner testId="keys-notice">{notice}</SuccessBanner>}
      {error && <ErrorBanner testId="keys-error">{problemText(error.error)}</ErrorBanner>}
      {items === null && !error && <Loading />}
      {items !== null && items.length === 0 && <p className="empty">{t('keys.list.none')}</p>}
      {items !== null && items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--stack" data-testid="api-keys">
            <thead>
              <tr>
                <th scope="col">{t('keys.list.name')}</th>
                <th scope="col">{t('keys.list.prefix')}</th>
                <th scope="col">{t('keys.list.scopes')}</th>
                <th scope="col">{t('keys.list.created')}</th>
                <th scope="col">{t('keys.list.lastUsed')}</th>
                <th scope="col">{t('keys.list.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.id} data-testid="api-key" data-revoked={k.revoked_at !== null}>
                  <th scope="row" data-label={t('keys.list.name')}>
                    {k.name}
                  </th>
                  <td data-label={t('keys.list.prefix')}>
                    <code>{k.prefix}…</code>
                  </td>
                  <td data-label={t('keys.list.scopes')}>
                    <span className="scopes">
                      {k.scopes.map((s) => (
                        <code key={s} className="scope">
                          {s}
                        </code>
                      ))}
                    </span>
                  </td>
                  <td data-label={t('keys.list.created')}>
                    <span>
                      <Time iso={k.created_at} />
                      <br />
                      <span className="muted">{t('keys.list.by', { name: k.created_by.name })}</span>
                    </span>
                  </td>
                  <td data-label={t('keys.list.lastUsed')}>
                    <span>{k.last_used_at ? <Time iso={k.last_used_at} /> : t('keys.list.never')}</span>
                  </td>
                  <td data-label={t('keys.list.state')} data-testid="key-state">
                    {k.revoked_at ? (
                      <span className="badge badge--closed">
                        {t('keys.list.revokedAt', { at: f.dateTime(k.revoked_at) })}
                      </span>
                    ) : (
                      <span className="badge badge--approved">{t('keys.list.active')}</span>
                    )}
                  </td>
                  <td className="table__actions">
                    {!k.revoked_at && (
                      <ConfirmButton
                        label={t('keys.revoke')}
                        question={t('keys.revokeQuestion', { name: k.name })}
                        confirmLabel={t('keys.revokeConfirm')}
                        sendingLabel={t('common.sending')}
                        onConfirm={() => revoke(k)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ApiKeys() {
  const { t } = useI18n();
  const { merchantId, isOwner, merchantName } = useBackOffice();
  useDocumentTitle(t('keys.title') + t('title.separator') + merchantName);
  const [reloadKey, setReloadKey] = useState(0);
  if (!isOwner) return <OwnerOnly />;
  return (
    <div className="sections">
      <CreateKey merchantId={merchantId} onCreated={() => setReloadKey((k) => k + 1)} />
      <KeyList merchantId={merchantId} reloadKey={reloadKey} />
    </div>
  );
}
