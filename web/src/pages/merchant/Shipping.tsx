// /merchant/:merchantId/shipping: the shop's delivery fees (GET/PUT …/shipping): a flat fee, the
// subtotal from which delivery is free (or never), and the surcharges for Jeju and for the other
// islands (도서산간), which apply even to free deliveries. Owners change them; staff read them in a
// disabled fieldset. Version 0 means the platform's defaults, never saved. Someone else saving
// meanwhile (409 version_changed) offers to load their version.
import { useEffect, useState, type FormEvent } from 'react';
import { getShipping, isApiError, setShipping, type ShippingRules } from '../../api';
import { ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useOrdersText } from '../../components/OrderBits';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { parseWhole } from './inventoryBits';

interface Form {
  flat: string;
  neverFree: boolean;
  freeOver: string;
  jeju: string;
  islands: string;
}

function formOf(r: ShippingRules): Form {
  return {
    flat: String(r.flat_fee_won),
    neverFree: r.free_over_won === null,
    freeOver: r.free_over_won === null ? '' : String(r.free_over_won),
    jeju: String(r.jeju_surcharge_won),
    islands: String(r.islands_surcharge_won),
  };
}

const FIELD_OF: Record<string, keyof Form> = {
  flat_fee_won: 'flat',
  free_over_won: 'freeOver',
  jeju_surcharge_won: 'jeju',
  islands_surcharge_won: 'islands',
};

export function Shipping() {
  const { t } = useI18n();
  const f = useFormat();
  const text = useOrdersText();
  const { merchantId, merchantName, isOwner } = useBackOffice();
  useDocumentTitle(t('shipping.title') + t('title.separator') + merchantName);
  const [rules, setRules] = useState<ShippingRules | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    getShipping(merchantId, controller.signal).then(
      (r) => {
        setRules(r);
        setForm(formOf(r));
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setLoadFailure({ error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, attempt]);

  if (loadFailure && !rules) {
    return (
      <div className="sections">
        <ErrorBanner testId="list-error">{text.problem(loadFailure.error)}</ErrorBanner>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!rules || !form) return <Loading />;

  const set = (name: keyof Form) => (value: string) => setForm((old) => (old ? { ...old, [name]: value } : old));

  async function reload() {
    setConflict(false);
    setFailure(null);
    try {
      const r = await getShipping(merchantId);
      setRules(r);
      setForm(formOf(r));
      setSaved(t('shipping.reloaded'));
    } catch (e) {
      setFailure({ error: e });
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!form || !rules) return;
    const fields: Record<string, string> = {};
    const number = (name: keyof Form, value: string): number => {
      const n = parseWhole(value);
      if (n === null) fields[name] = t('shipping.invalid');
      return n ?? 0;
    };
    const body = {
      flat_fee_won: number('flat', form.flat),
      free_over_won: form.neverFree ? null : number('freeOver', form.freeOver),
      jeju_surcharge_won: number('jeju', form.jeju),
      islands_surcharge_won: number('islands', form.islands),
      version: rules.version,
    };
    setErrors(fields);
    setSaved(null);
    setFailure(null);
    setConflict(false);
    if (Object.keys(fields).length > 0) return;
    setSending(true);
    try {
      const r = await setShipping(merchantId, body);
      setRules(r);
      setForm(formOf(r));
      setSaved(t('shipping.saved'));
    } catch (e) {
      if (isApiError(e) && e.status === 409 && e.reason === 'version_changed') setConflict(true);
      else {
        const at: Record<string, string> = {};
        for (const fe of isApiError(e) ? e.fieldErrors : []) {
          const name = FIELD_OF[fe.field];
          if (name && !(name in at)) at[name] = text.field(fe);
        }
        setErrors(at);
        setFailure({ error: e });
      }
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('shipping.title')}</h2>
      </div>
      <form
        className="form card shipping-form"
        noValidate
        onSubmit={onSubmit}
        aria-busy={sending}
        data-testid="shipping-form"
      >
        <p className="section__intro">{t('shipping.intro')}</p>
        {rules.version === 0 && (
          <p className="muted" data-testid="shipping-defaults">
            {t('shipping.defaults')}
          </p>
        )}
        {!isOwner && (
          <div className="banner banner--info" role="status" data-testid="owner-only">
            <p>{t('shipping.staff')}</p>
          </div>
        )}
        <fieldset className="form__fieldset" disabled={!isOwner}>
          <legend className="visually-hidden">{t('shipping.title')}</legend>
          <TextField
            label={t('shipping.flat')}
            name="flat_fee_won"
            value={form.flat}
            onChange={set('flat')}
            error={errors.flat}
            hint={t('shipping.wonHint')}
            inputMode="numeric"
            maxLength={9}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={form.neverFree}
              onChange={(e) => setForm((old) => (old ? { ...old, neverFree: e.target.checked } : old))}
              data-testid="never-free"
            />
            <span className="check__label check__label--plain">{t('shipping.neverFree')}</span>
          </label>
          {!form.neverFree && (
            <TextField
              label={t('shipping.freeOver')}
              name="free_over_won"
              value={form.freeOver}
              onChange={set('freeOver')}
              error={errors.freeOver}
              hint={t('shipping.freeOverHint')}
              inputMode="numeric"
              maxLength={9}
            />
          )}
          <div className="form__grid">
            <TextField
              label={t('shipping.jeju')}
              name="jeju_surcharge_won"
              value={form.jeju}
              onChange={set('jeju')}
              error={errors.jeju}
              inputMode="numeric"
              maxLength={9}
            />
            <TextField
              label={t('shipping.islands')}
              name="islands_surcharge_won"
              value={form.islands}
              onChange={set('islands')}
              error={errors.islands}
              inputMode="numeric"
              maxLength={9}
            />
          </div>
          <p className="muted">{t('shipping.surchargeNote')}</p>
        </fieldset>
        <p className="muted" data-testid="shipping-example">
          {t('shipping.example', {
            flat: f.won(parseWhole(form.flat) ?? 0),
            free: form.neverFree ? t('shipping.never') : f.won(parseWhole(form.freeOver) ?? 0),
          })}
        </p>
        {saved && <SuccessBanner testId="shipping-saved">{saved}</SuccessBanner>}
        {conflict && (
          <div className="banner banner--error" role="alert" data-testid="conflict">
            <p>{t('shipping.conflict')}</p>
            <button type="button" className="button button--secondary" onClick={() => void reload()}>
              {t('bo.order.reload')}
            </button>
          </div>
        )}
        {failure && <ErrorBanner testId="shipping-error">{text.problem(failure.error)}</ErrorBanner>}
        {isOwner && (
          <div className="form__actions">
            <SubmitButton sending={sending} label={t('shipping.save')} sendingLabel={t('common.saving')} />
          </div>
        )}
      </form>
    </div>
  );
}
