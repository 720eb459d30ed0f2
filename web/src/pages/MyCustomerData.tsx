// My page's customer sections: my marketing consents per shop (a switch per purpose with the consent
// texts, nothing on until I turn it on, and withdrawal one press as consent is), my points per shop
// with what expires next and the ledger, the download of everything the platform keeps about me (a
// JSON file), and the erasure of my data: what goes and what the law keeps, then my password and a
// typed confirmation; afterwards I am signed out and the account cannot sign in again.
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  CONSENT_PURPOSES,
  eraseMe,
  getConsentTexts,
  getMyCustomerProfile,
  getMyPoints,
  isApiError,
  MY_DATA_EXPORT_URL,
  setMyConsents,
  type Consent,
  type ConsentPurpose,
  type ConsentTexts,
  type MyCustomerProfile,
  type PointsView,
} from '../api';
import { ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../components/Form';
import { useDescribeError, useProblemText, type Failure } from '../errors';
import { useFormat } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { PointLedger, useLocalName, usePurposeName } from './merchant/customerBits';

type Shop = MyCustomerProfile['merchants'][number];

/** Loads my customer profile once for the sections that show it. */
export function useMyCustomerProfile(): {
  profile: MyCustomerProfile | null;
  failure: Failure | null;
  setConsents: (merchantId: string, consents: Consent[]) => void;
} {
  const [profile, setProfile] = useState<MyCustomerProfile | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getMyCustomerProfile(controller.signal).then(setProfile, (e: unknown) => {
      if (!controller.signal.aborted) setFailure({ error: e });
    });
    return () => controller.abort();
  }, []);
  const setConsents = (merchantId: string, consents: Consent[]) =>
    setProfile((old) =>
      old
        ? { ...old, merchants: old.merchants.map((m) => (m.merchant_id === merchantId ? { ...m, consents } : m)) }
        : old,
    );
  return { profile, failure, setConsents };
}

export function MyConsents({
  profile,
  failure,
  setConsents,
}: ReturnType<typeof useMyCustomerProfile>) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const [texts, setTexts] = useState<ConsentTexts | null>(null);
  const [textsFailure, setTextsFailure] = useState<Failure | null>(null);
  useEffect(() => {
    getConsentTexts().then(setTexts, (e: unknown) => setTextsFailure({ error: e }));
  }, []);
  const shown = failure ?? textsFailure;
  return (
    <section className="section card" aria-labelledby="me-consents" data-testid="my-consents">
      <h2 id="me-consents">{t('me.consents.title')}</h2>
      <p className="section__intro">{t('me.consents.intro')}</p>
      <p className="muted" data-testid="night-note">
        {t('me.consents.night')}
      </p>
      {shown && <ErrorBanner testId="consents-error">{problemText(shown.error)}</ErrorBanner>}
      {!profile && !failure && <Loading />}
      {profile && profile.merchants.length === 0 && <p className="empty">{t('me.consents.none')}</p>}
      {profile &&
        profile.merchants.map((m) => (
          <ShopConsents key={m.merchant_id} shop={m} texts={texts} onChanged={(c) => setConsents(m.merchant_id, c)} />
        ))}
    </section>
  );
}

function ShopConsents({
  shop,
  texts,
  onChanged,
}: {
  shop: Shop;
  texts: ConsentTexts | null;
  onChanged: (consents: Consent[]) => void;
}) {
  const { t, lang } = useI18n();
  const problemText = useProblemText();
  const purposeName = usePurposeName();
  const localName = useLocalName();
  const [busy, setBusy] = useState<ConsentPurpose | null>(null);
  // The switch shows what was pressed while it is sent; the server's answer then replaces it (or,
  // refused, the switch goes back).
  const [pending, setPending] = useState<Partial<Record<ConsentPurpose, boolean>>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const granted = (p: ConsentPurpose) =>
    pending[p] ?? shop.consents.find((c) => c.purpose === p)?.granted ?? false;

  async function toggle(purpose: ConsentPurpose, on: boolean) {
    setBusy(purpose);
    setPending({ [purpose]: on });
    setFailure(null);
    setNotice(null);
    try {
      const consents = await setMyConsents({
        merchant_id: shop.merchant_id,
        changes: [{ purpose, granted: on }],
        text_version: texts?.version ?? '',
      });
      onChanged(consents);
      setNotice(t(on ? 'me.consents.on' : 'me.consents.off', { purpose: purposeName(purpose) }));
    } catch (e) {
      setFailure({ error: e });
    } finally {
      setBusy(null);
      setPending({});
    }
  }

  const name = localName(shop.merchant_name);
  return (
    <fieldset className="my-consents" data-testid="shop-consents" data-merchant-id={shop.merchant_id}>
      <legend className="my-consents__shop">{name}</legend>
      {notice && <SuccessBanner testId="consent-notice">{notice}</SuccessBanner>}
      {failure && <ErrorBanner testId="consent-error">{problemText(failure.error)}</ErrorBanner>}
      <ul className="toggles">
        {CONSENT_PURPOSES.map((p) => {
          const on = granted(p);
          const text = texts?.texts[p];
          const id = `consent-${shop.merchant_id}-${p}`;
          return (
            <li key={p} className="toggle" data-testid="consent-toggle" data-purpose={p}>
              <label className="toggle__row" htmlFor={id}>
                <input
                  id={id}
                  type="checkbox"
                  role="switch"
                  className="toggle__input"
                  checked={on}
                  aria-checked={on}
                  disabled={busy !== null}
                  aria-describedby={text ? `${id}-text` : undefined}
                  onChange={(e) => void toggle(p, e.target.checked)}
                />
                <span className="toggle__label">{purposeName(p)}</span>
                <span className={on ? 'badge badge--granted' : 'badge badge--not-granted'}>
                  {t(on ? 'cust.consent.yes' : 'cust.consent.no')}
                </span>
              </label>
              {text && (
                <p id={`${id}-text`} className="toggle__text muted">
                  {text[lang] || text.ko}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

export function MyPoints({ profile }: { profile: MyCustomerProfile | null }) {
  const { t } = useI18n();
  const f = useFormat();
  const localName = useLocalName();
  const [open, setOpen] = useState<string | null>(null);
  if (!profile) return null;
  const shops = profile.merchants.filter((m) => m.points.balance !== 0 || m.purchases > 0);
  return (
    <section className="section card" aria-labelledby="me-points" data-testid="my-points">
      <h2 id="me-points">{t('me.points.title')}</h2>
      {shops.length === 0 ? (
        <p className="empty">{t('me.points.none')}</p>
      ) : (
        <ul className="list-cards">
          {shops.map((m) => (
            <li
              key={m.merchant_id}
              className="list-card list-card--column"
              data-testid="shop-points"
              data-merchant-id={m.merchant_id}
            >
              <div className="list-card__main">
                <p className="list-card__title">{localName(m.merchant_name)}</p>
                <p className="list-card__meta" data-testid="shop-points-balance">
                  {t('cust.points.balance', { points: f.count(m.points.balance) })}
                </p>
                {m.points.next_expiry_at && m.points.expiring_next > 0 && (
                  <p className="muted">
                    {t('cust.points.expiring', {
                      points: f.count(m.points.expiring_next),
                      date: f.date(m.points.next_expiry_at),
                    })}
                  </p>
                )}
              </div>
              <button
                type="button"
                className="button button--small button--quiet"
                aria-expanded={open === m.merchant_id}
                onClick={() => setOpen((old) => (old === m.merchant_id ? null : m.merchant_id))}
              >
                {t(open === m.merchant_id ? 'me.points.hide' : 'me.points.show')}
              </button>
              {open === m.merchant_id && <MyLedger merchantId={m.merchant_id} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MyLedger({ merchantId }: { merchantId: string }) {
  const problemText = useProblemText();
  const [view, setView] = useState<PointsView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getMyPoints(merchantId, controller.signal).then(setView, (e: unknown) => {
      if (!controller.signal.aborted) setFailure({ error: e });
    });
    return () => controller.abort();
  }, [merchantId]);
  if (failure) return <ErrorBanner>{problemText(failure.error)}</ErrorBanner>;
  if (!view) return <Loading />;
  return <PointLedger items={view.items} />;
}

export function MyDataDownload() {
  const { t } = useI18n();
  return (
    <section className="section card" aria-labelledby="me-download">
      <h2 id="me-download">{t('me.download.title')}</h2>
      <p className="section__intro">{t('me.download.intro')}</p>
      <a
        className="button button--secondary"
        href={MY_DATA_EXPORT_URL}
        download="jangteo-my-data.json"
        data-testid="download-data"
      >
        {t('me.download.button')}
      </a>
    </section>
  );
}

export function MyErasure() {
  const { t, lang } = useI18n();
  const describe = useDescribeError();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const word = lang === 'ko' ? '삭제' : 'DELETE';

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (password === '') fields.password = t('field.required');
    if (confirm.trim() !== '삭제' && confirm.trim() !== 'DELETE') fields.confirm = t('me.erase.typeWord', { word });
    setErrors(fields);
    setBanner(null);
    if (Object.keys(fields).length > 0) return;
    setSending(true);
    try {
      await eraseMe({ password, confirm: confirm.trim() });
      navigate('/', { replace: true, state: { erased: true } });
      await signOut().catch(() => undefined);
    } catch (e) {
      if (isApiError(e) && (e.reason === 'wrong_password' || e.status === 401 || e.status === 403)) {
        setErrors({ password: t('me.erase.wrongPassword') });
      } else {
        const d = describe(e, ['password', 'confirm']);
        setErrors(d.fields);
        setBanner(d.banner);
      }
      setSending(false);
    }
  }

  return (
    <section className="section card section--danger" aria-labelledby="me-erase">
      <h2 id="me-erase">{t('me.erase.title')}</h2>
      <p>{t('me.erase.intro')}</p>
      <ul className="bullets">
        <li>{t('me.erase.gone')}</li>
        <li>{t('me.erase.kept')}</li>
        <li>{t('me.erase.points')}</li>
        <li>{t('me.erase.account')}</li>
      </ul>
      <form className="form" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="erase-form">
        {banner && <ErrorBanner>{banner}</ErrorBanner>}
        <TextField
          label={t('me.erase.password')}
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.password}
          autoComplete="current-password"
          maxLength={128}
          required
        />
        <TextField
          label={t('me.erase.confirm', { word })}
          name="confirm"
          value={confirm}
          onChange={setConfirm}
          error={errors.confirm}
          autoComplete="off"
          maxLength={10}
          required
        />
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('me.erase.submit')} sendingLabel={t('common.sending')} />
        </div>
      </form>
    </section>
  );
}
