// /merchant/:merchantId/settings/points: the shop's points (GET/PUT …/point-policy): the earn rate in
// percent of what is paid (kept as basis points), the days before points expire, and the fewest points
// a customer may spend at once. Owners change it; staff read it in a disabled fieldset.
import { useEffect, useState, type FormEvent } from 'react';
import { getPointPolicy, isApiError, setPointPolicy, type PointPolicy as Policy } from '../../api';
import { ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useDescribeError, useProblemText, type Failure } from '../../errors';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';

interface Form {
  rate: string;
  expiry: string;
  min: string;
}

/** 150 basis points as "1.5". */
function percentOf(bp: number): string {
  return String(bp / 100);
}

/** "1.5" (or "1,5") percent as 150 basis points; null unless a number with at most two decimals. */
export function basisPoints(text: string): number | null {
  const s = text.trim().replace(',', '.').replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

function whole(text: string): number | null {
  const s = text.trim().replace(/,/g, '');
  return /^\d{1,9}$/.test(s) ? Number(s) : null;
}

const FIELD_OF: Record<string, keyof Form> = { earn_bp: 'rate', expiry_days: 'expiry', min_redeem: 'min' };

export function PointPolicy() {
  const { t } = useI18n();
  const problemText = useProblemText();
  const describe = useDescribeError();
  const { merchantId, merchantName, isOwner } = useBackOffice();
  useDocumentTitle(t('cust.policy.title') + t('title.separator') + merchantName);
  const [form, setForm] = useState<Form | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [sending, setSending] = useState(false);

  const fill = (p: Policy) =>
    setForm({ rate: percentOf(p.earn_bp), expiry: String(p.expiry_days), min: String(p.min_redeem) });

  useEffect(() => {
    const controller = new AbortController();
    getPointPolicy(merchantId, controller.signal).then(fill, (e: unknown) => {
      if (!controller.signal.aborted) setLoadFailure({ error: e });
    });
    return () => controller.abort();
  }, [merchantId]);

  if (loadFailure && !form) return <ErrorBanner testId="list-error">{problemText(loadFailure.error)}</ErrorBanner>;
  if (!form) return <Loading />;
  const set = (name: keyof Form) => (value: string) => setForm((old) => (old ? { ...old, [name]: value } : old));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!form) return;
    setSaved(false);
    setBanner(null);
    const earn = basisPoints(form.rate);
    const expiry = whole(form.expiry);
    const min = whole(form.min);
    const fields: Partial<Record<keyof Form, string>> = {};
    if (earn === null) fields.rate = t('cust.policy.invalidRate');
    if (expiry === null) fields.expiry = t('cust.policy.invalidWhole');
    if (min === null) fields.min = t('cust.policy.invalidWhole');
    setErrors(fields);
    if (earn === null || expiry === null || min === null) return;
    setSending(true);
    try {
      fill(await setPointPolicy(merchantId, { earn_bp: earn, expiry_days: expiry, min_redeem: min }));
      setSaved(true);
    } catch (e) {
      const at: Partial<Record<keyof Form, string>> = {};
      const d = describe(e, Object.keys(FIELD_OF));
      for (const [field, text] of Object.entries(d.fields)) {
        const name = FIELD_OF[field];
        if (name) at[name] = text;
      }
      setErrors(at);
      setBanner(isApiError(e) && Object.keys(at).length > 0 ? t('form.checkFields') : d.banner);
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('cust.policy.title')}</h2>
      </div>
      <form className="form card" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="point-policy">
        <p className="section__intro">{t('cust.policy.intro')}</p>
        {!isOwner && (
          <div className="banner banner--info" role="status" data-testid="owner-only">
            <p>{t('cust.policy.staff')}</p>
          </div>
        )}
        {banner && <ErrorBanner>{banner}</ErrorBanner>}
        <fieldset className="form__fieldset" disabled={!isOwner}>
          <legend className="visually-hidden">{t('cust.policy.title')}</legend>
          <TextField
            label={t('cust.policy.rate')}
            name="earn_rate"
            value={form.rate}
            onChange={set('rate')}
            error={errors.rate}
            hint={t('cust.policy.rateHint')}
            inputMode="decimal"
            maxLength={6}
          />
          <TextField
            label={t('cust.policy.expiry')}
            name="expiry_days"
            value={form.expiry}
            onChange={set('expiry')}
            error={errors.expiry}
            hint={t('cust.policy.expiryHint')}
            inputMode="numeric"
            maxLength={5}
          />
          <TextField
            label={t('cust.policy.min')}
            name="min_redeem"
            value={form.min}
            onChange={set('min')}
            error={errors.min}
            hint={t('cust.policy.minHint')}
            inputMode="numeric"
            maxLength={9}
          />
        </fieldset>
        {saved && <SuccessBanner testId="policy-saved">{t('cust.policy.saved')}</SuccessBanner>}
        {isOwner && (
          <div className="form__actions">
            <SubmitButton sending={sending} label={t('cust.policy.save')} sendingLabel={t('common.saving')} />
          </div>
        )}
      </form>
    </div>
  );
}
