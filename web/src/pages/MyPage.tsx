import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import {
  changePassword,
  getMerchant,
  listMySessions,
  revokeMySession,
  statusReason,
  type Membership,
  type MySession,
} from '../api';
import { AreaHeader } from '../components/Area';
import { ConfirmButton, RoleLabel, StatusBadge, Time } from '../components/Bits';
import { ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../components/Form';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useDescribeError, useProblemText, type DescribedError, type Failure } from '../errors';
import { useFormat } from '../format';
import { useI18n } from '../i18n';
import { useMe, useSession } from '../session';
import { MyConsents, MyDataDownload, MyErasure, MyPoints, useMyCustomerProfile } from './MyCustomerData';

function Profile() {
  const { t } = useI18n();
  const me = useMe();
  if (!me) return null;
  return (
    <section className="section card" aria-labelledby="me-profile">
      <h2 id="me-profile">{t('me.profile.title')}</h2>
      <dl className="details" data-testid="profile">
        <div>
          <dt>{t('me.profile.name')}</dt>
          <dd data-testid="profile-name">{me.user.name}</dd>
        </div>
        <div>
          <dt>{t('me.profile.email')}</dt>
          <dd data-testid="profile-email">{me.user.email}</dd>
        </div>
        <div>
          <dt>{t('me.profile.mobile')}</dt>
          <dd>{me.user.mobile ?? t('me.profile.noMobile')}</dd>
        </div>
        <div>
          <dt>{t('me.profile.since')}</dt>
          <dd>
            <Time iso={me.user.created_at} dateOnly />
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** Why a refused, suspended or closed shop is so: the last reason the operator gave. */
function StatusReason({ merchantId }: { merchantId: string }) {
  const { t } = useI18n();
  const [reason, setReason] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getMerchant(merchantId, controller.signal).then(
      (m) => setReason(statusReason(m)),
      () => setReason(null),
    );
    return () => controller.abort();
  }, [merchantId]);
  if (!reason) return null;
  return (
    <p className="shop__reason" data-testid="status-reason">
      {t('me.shops.reason', { reason })}
    </p>
  );
}

function ShopItem({ membership }: { membership: Membership }) {
  const { t } = useI18n();
  const f = useFormat();
  const status = membership.merchant_status;
  return (
    <li className="list-card shop" data-testid="my-shop" data-merchant-id={membership.merchant_id}>
      <div className="list-card__main">
        <p className="list-card__title">{f.local(membership.merchant_name)}</p>
        <p className="list-card__meta">
          <StatusBadge status={status} /> <RoleLabel role={membership.role} />
        </p>
        <p className="shop__note">{t(`me.shops.note.${status}`)}</p>
        {(status === 'rejected' || status === 'suspended' || status === 'closed') && (
          <StatusReason merchantId={membership.merchant_id} />
        )}
      </div>
      {status !== 'rejected' && status !== 'closed' && (
        <Link to={`/merchant/${encodeURIComponent(membership.merchant_id)}`} className="button button--small">
          {t('me.shops.open')}
        </Link>
      )}
    </li>
  );
}

function Shops() {
  const { t } = useI18n();
  const me = useMe();
  if (!me) return null;
  return (
    <section className="section card" aria-labelledby="me-shops">
      <div className="section__head">
        <h2 id="me-shops">{t('me.shops.title')}</h2>
        <Link to="/apply" className="button button--small button--quiet">
          {t('me.shops.apply')}
        </Link>
      </div>
      {me.memberships.length === 0 ? (
        <p className="empty">{t('me.shops.none')}</p>
      ) : (
        <ul className="list-cards" data-testid="my-shops">
          {me.memberships.map((m) => (
            <ShopItem key={m.merchant_id} membership={m} />
          ))}
        </ul>
      )}
    </section>
  );
}

// Browsers and systems by the marks their user agents carry, most specific first (Edge and Whale say
// "Chrome" too, Chrome says "Safari").
const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/Whale\/(\d+)/, 'Whale'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/KAKAOTALK\s?(\d+)?/i, 'KakaoTalk'],
  [/NAVER\(inapp;/, 'NAVER'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/(?:Headless)?Chrome\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari/, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Chrome 124 · Windows" from a user agent; null when it names nothing known. */
export function describeDevice(userAgent: string): string | null {
  const parts: string[] = [];
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) {
      parts.push(match[1] ? `${name} ${match[1]}` : name);
      break;
    }
  }
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent));
  if (system) parts.push(system[1]);
  return parts.length > 0 ? parts.join(' · ') : null;
}

function Sessions({ reloadKey }: { reloadKey: number }) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const [items, setItems] = useState<MySession[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const answer = await listMySessions(signal);
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
  }, [load, reloadKey]);

  async function revoke(id: string) {
    setNotice(null);
    try {
      await revokeMySession(id);
      await load();
      setNotice(t('me.sessions.revoked'));
    } catch (e) {
      setError({ error: e });
    }
  }

  return (
    <section className="section card" aria-labelledby="me-sessions">
      <h2 id="me-sessions">{t('me.sessions.title')}</h2>
      <p className="section__intro">{t('me.sessions.intro')}</p>
      {notice && <SuccessBanner testId="sessions-notice">{notice}</SuccessBanner>}
      {error && <ErrorBanner testId="sessions-error">{problemText(error.error)}</ErrorBanner>}
      {items === null && !error && <Loading />}
      {items !== null && (
        <ul className="list-cards" data-testid="sessions">
          {items.map((s) => (
            <li key={s.id} className="list-card" data-testid="session" data-current={s.current}>
              <div className="list-card__main">
                <p className="list-card__title" title={s.user_agent}>
                  {describeDevice(s.user_agent) ?? t('me.sessions.unknownDevice')}
                  {s.current && <span className="badge badge--current">{t('me.sessions.current')}</span>}
                </p>
                <dl className="inline-details">
                  <div>
                    <dt>{t('me.sessions.address')}</dt>
                    <dd>{s.client_address}</dd>
                  </div>
                  <div>
                    <dt>{t('me.sessions.created')}</dt>
                    <dd>
                      <Time iso={s.created_at} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('me.sessions.lastSeen')}</dt>
                    <dd>
                      <Time iso={s.last_seen_at} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('me.sessions.expires')}</dt>
                    <dd>
                      <Time iso={s.expires_at} />
                    </dd>
                  </div>
                </dl>
              </div>
              {!s.current && (
                <ConfirmButton
                  label={t('me.sessions.revoke')}
                  question={t('me.sessions.revokeQuestion')}
                  confirmLabel={t('me.sessions.revokeConfirm')}
                  sendingLabel={t('common.sending')}
                  onConfirm={() => revoke(s.id)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ChangePassword({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const describe = useDescribeError();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);
  const [errors, setErrors] = useState<DescribedError>({ banner: null, fields: {} });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const fields: Record<string, string> = {};
    if (current === '') fields.current_password = t('field.required');
    if (next === '') fields.new_password = t('field.required');
    else if ([...next].length < 10) fields.new_password = t('field.password_too_short');
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: t('form.checkFields'), fields });
      return;
    }
    setSending(true);
    setErrors({ banner: null, fields: {} });
    try {
      await changePassword({ current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setDone(true);
      onChanged();
    } catch (e) {
      setErrors(describe(e, ['current_password', 'new_password']));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="section card" aria-labelledby="me-password">
      <h2 id="me-password">{t('me.password.title')}</h2>
      <form className="form" noValidate onSubmit={onSubmit} aria-busy={sending}>
        {done && <SuccessBanner testId="password-changed">{t('me.password.done')}</SuccessBanner>}
        {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
        <TextField
          label={t('me.password.current')}
          name="current_password"
          type="password"
          value={current}
          onChange={setCurrent}
          error={errors.fields.current_password}
          autoComplete="current-password"
          required
          maxLength={128}
        />
        <TextField
          label={t('me.password.new')}
          name="new_password"
          type="password"
          value={next}
          onChange={setNext}
          error={errors.fields.new_password}
          autoComplete="new-password"
          hint={t('password.hint')}
          required
          maxLength={128}
        />
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('me.password.submit')} sendingLabel={t('common.saving')} />
        </div>
      </form>
    </section>
  );
}

export function MyPage() {
  const { t } = useI18n();
  useDocumentTitle(t('me.title'));
  const me = useMe();
  const location = useLocation();
  const flash = location.state as { welcome?: boolean; applied?: string; accepted?: string } | null;
  const [sessionsKey, setSessionsKey] = useState(0);
  const { refresh } = useSession();
  const customer = useMyCustomerProfile();
  // The shops' statuses may have changed since the app started (an approval, a rejection).
  useEffect(() => {
    void refresh();
  }, [refresh]);
  if (!me) return null;
  return (
    <div className="page page--me">
      <AreaHeader variant="me" area={t('area.me')} title={<h1>{t('me.title')}</h1>} />
      {flash?.welcome && <SuccessBanner testId="welcome">{t('me.welcome', { name: me.user.name })}</SuccessBanner>}
      {flash?.applied && <SuccessBanner testId="applied">{t('me.applied', { name: flash.applied })}</SuccessBanner>}
      <div className="sections">
        <Profile />
        <Shops />
        <Sessions reloadKey={sessionsKey} />
        <ChangePassword onChanged={() => setSessionsKey((k) => k + 1)} />
        <MyConsents {...customer} />
        <MyPoints profile={customer.profile} />
        <MyDataDownload />
        <MyErasure />
      </div>
    </div>
  );
}
