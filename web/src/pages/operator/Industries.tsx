import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { addIndustry, listAllIndustries, setIndustryActive, type Industry } from '../../api';
import { ConfirmButton } from '../../components/Bits';
import { ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useDescribeError, useProblemText, type DescribedError, type Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { ConsoleHeader } from './Console';

const FIELDS = ['code', 'name_ko', 'name_en'] as const;
type Field = (typeof FIELDS)[number];
const EMPTY: Record<Field, string> = { code: '', name_ko: '', name_en: '' };

function AddIndustry({ onAdded }: { onAdded: (industry: Industry) => void }) {
  const { t } = useI18n();
  const describe = useDescribeError();
  const [form, setForm] = useState(EMPTY);
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<DescribedError>({ banner: null, fields: {} });
  const set = (name: Field) => (value: string) => setForm((old) => ({ ...old, [name]: value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { code: form.code.trim(), name_ko: form.name_ko.trim(), name_en: form.name_en.trim() };
    const fields: Record<string, string> = {};
    for (const name of FIELDS) if (body[name] === '') fields[name] = t('field.required');
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: null, fields });
      return;
    }
    setSending(true);
    setErrors({ banner: null, fields: {} });
    try {
      const made = await addIndustry(body);
      setForm(EMPTY);
      onAdded(made);
    } catch (e) {
      setErrors(describe(e, FIELDS));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="section card" aria-labelledby="industries-add">
      <h2 id="industries-add">{t('industries.add.title')}</h2>
      <form className="form form--wide" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="industry-form">
        {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
        <TextField
          label={t('industries.add.code')}
          name="code"
          value={form.code}
          onChange={set('code')}
          error={errors.fields.code}
          hint={t('industries.add.codeHint')}
          required
          maxLength={32}
          autoComplete="off"
        />
        <div className="form__grid">
          <TextField
            label={t('industries.add.nameKo')}
            name="name_ko"
            value={form.name_ko}
            onChange={set('name_ko')}
            error={errors.fields.name_ko}
            hint={t('industries.add.nameKoHint')}
            required
            maxLength={50}
            autoComplete="off"
          />
          <TextField
            label={t('industries.add.nameEn')}
            name="name_en"
            value={form.name_en}
            onChange={set('name_en')}
            error={errors.fields.name_en}
            hint={t('industries.add.nameEnHint')}
            required
            maxLength={50}
            autoComplete="off"
          />
        </div>
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('industries.add.submit')} sendingLabel={t('common.saving')} />
        </div>
      </form>
    </section>
  );
}

/** /operator/industries: the industry code list applicants choose from; add, retire, offer again. */
export function Industries() {
  const { t } = useI18n();
  useDocumentTitle(t('industries.title'));
  const f = useFormat();
  const problemText = useProblemText();
  const [items, setItems] = useState<Industry[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const answer = await listAllIndustries(signal);
      setItems(answer.items);
      setError(null);
    } catch (e) {
      if (!signal?.aborted) setError({ error: e });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  async function onAdded(industry: Industry) {
    setError(null);
    await load();
    setNotice(t('industries.added', { name: f.local(industry.name) }));
  }

  async function setActive(industry: Industry, active: boolean) {
    setNotice(null);
    setError(null);
    setBusy(industry.code);
    try {
      const changed = await setIndustryActive(industry.code, active);
      setItems((old) => old && old.map((i) => (i.code === changed.code ? changed : i)));
      setNotice(t(active ? 'industries.reactivated' : 'industries.retired', { name: f.local(changed.name) }));
    } catch (e) {
      setError({ error: e });
    } finally {
      setBusy(null);
    }
  }

  const active = items?.filter((i) => i.active).length ?? 0;
  return (
    <div className="page page--console">
      <ConsoleHeader title={<h1>{t('industries.title')}</h1>} />
      <p className="page__intro">{t('industries.intro')}</p>
      <div className="sections">
        <AddIndustry onAdded={(industry) => void onAdded(industry)} />
        <section className="section card" aria-labelledby="industries-list">
          <h2 id="industries-list">{t('industries.list.title')}</h2>
          {notice && <SuccessBanner testId="industries-notice">{notice}</SuccessBanner>}
          {error && <ErrorBanner testId="industries-error">{problemText(error.error)}</ErrorBanner>}
          {items === null && !error && <Loading />}
          {items !== null && (
            <>
              <p className="list-count" role="status">
                {t('industries.list.count', { n: items.length, active })}
              </p>
              <div className="table-wrap">
                <table className="table table--stack" data-testid="industries">
                  <thead>
                    <tr>
                      <th scope="col">{t('industries.list.name')}</th>
                      <th scope="col">{t('industries.list.code')}</th>
                      <th scope="col">{t('industries.list.state')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((i) => (
                      <tr key={i.code} data-testid="industry" data-code={i.code} data-active={i.active}>
                        <th scope="row" data-label={t('industries.list.name')}>
                          {i.name.ko}
                          {i.name.en && (
                            <>
                              <br />
                              <span className="muted" lang="en">
                                {i.name.en}
                              </span>
                            </>
                          )}
                        </th>
                        <td data-label={t('industries.list.code')}>
                          <code>{i.code}</code>
                        </td>
                        <td data-label={t('industries.list.state')} data-testid="industry-state">
                          {i.active ? (
                            <span className="badge badge--approved">{t('industries.list.active')}</span>
                          ) : (
                            <span className="badge badge--closed">{t('industries.list.retired')}</span>
                          )}
                        </td>
                        <td className="table__actions">
                          {i.active ? (
                            <ConfirmButton
                              label={t('industries.retire')}
                              question={t('industries.retireQuestion', { name: f.local(i.name) })}
                              confirmLabel={t('industries.retireConfirm')}
                              sendingLabel={t('common.saving')}
                              disabled={busy !== null}
                              onConfirm={() => setActive(i, false)}
                            />
                          ) : (
                            <button
                              type="button"
                              className="button button--small button--quiet"
                              disabled={busy !== null}
                              onClick={() => void setActive(i, true)}
                            >
                              {busy === i.code ? t('common.saving') : t('industries.reactivate')}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
