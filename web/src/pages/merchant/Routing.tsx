// /merchant/:merchantId/routing: how the shop's web orders are routed and credited (GET/PUT
// …/routing, GET …/credits; docs/routing.md). The policy: the locations in the order they are
// preferred (moved up and down; the whole list is sent, so the order on screen is the order saved),
// whether an order that no one location has in full may be split, and the commission credited to the
// shop whose territory holds the buyer's address, typed in percent and sent in basis points. Owners
// change it; staff read it. Someone else saving meanwhile (409 version_changed) offers to load their
// version. Below: each location's channel report, and the credit ledger, newest first.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import {
  getRoutingPolicy,
  isApiError,
  listCredits,
  setRoutingPolicy,
  type CreditEntry,
  type Location,
  type RoutingPolicy,
} from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { KindBadge, OpenBadge, useInventoryText, useLocationName, useLocations } from './inventoryBits';

/** The locations as the policy orders them: those it lists first, in its order, then the others by id. */
export function orderedLocations(all: Location[], priorities: string[]): Location[] {
  const rank = (id: string) => {
    const i = priorities.indexOf(id);
    return i < 0 ? priorities.length : i;
  };
  return [...all].sort((a, b) => rank(a.id) - rank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A percentage typed by a person ("3", "2.5", "0.25") in basis points, or null (0 to 100, two decimals). */
export function percentToBasisPoints(text: string): number | null {
  const cleaned = text.trim().replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  const bp = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

export function basisPointsToPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

function PolicyForm({ locations }: { locations: Location[] }) {
  const { t } = useI18n();
  const name = useLocationName();
  const text = useInventoryText();
  const { merchantId, isOwner } = useBackOffice();
  const [policy, setPolicy] = useState<RoutingPolicy | null>(null);
  const [order, setOrder] = useState<string[]>([]);
  const [split, setSplit] = useState(true);
  const [rate, setRate] = useState('0');
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [rateError, setRateError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const show = useCallback(
    (p: RoutingPolicy) => {
      setPolicy(p);
      setOrder(orderedLocations(locations, p.priorities).map((l) => l.id));
      setSplit(p.allow_split);
      setRate(basisPointsToPercent(p.commission_bp));
    },
    [locations],
  );

  useEffect(() => {
    const controller = new AbortController();
    getRoutingPolicy(merchantId, controller.signal).then(show, (e: unknown) => {
      if (!controller.signal.aborted) setLoadFailure({ error: e });
    });
    return () => controller.abort();
  }, [merchantId, attempt, show]);

  if (loadFailure && !policy) {
    return (
      <div className="sections">
        <ErrorBanner testId="routing-load-error">{text.problem(loadFailure.error)}</ErrorBanner>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!policy) return <Loading />;

  const byId = new Map(locations.map((l) => [l.id, l]));
  const move = (index: number, by: -1 | 1) => {
    setSaved(null);
    setOrder((old) => {
      const next = [...old];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  };

  async function reload() {
    setConflict(false);
    setFailure(null);
    try {
      show(await getRoutingPolicy(merchantId));
      setSaved(t('routing.reloaded'));
    } catch (e) {
      setFailure(text.problem(e));
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!policy) return;
    setSaved(null);
    setFailure(null);
    setConflict(false);
    const bp = percentToBasisPoints(rate);
    setRateError(bp === null ? t('routing.rateInvalid') : null);
    if (bp === null) return;
    setSending(true);
    try {
      show(
        await setRoutingPolicy(merchantId, {
          priorities: order,
          allow_split: split,
          commission_bp: bp,
          version: policy.version,
        }),
      );
      setSaved(t('routing.saved'));
    } catch (e) {
      if (isApiError(e) && e.status === 409 && e.reason === 'version_changed') {
        setConflict(true);
      } else {
        const rateField = isApiError(e) ? e.fieldErrors.find((fe) => fe.field === 'commission_bp') : undefined;
        if (rateField) setRateError(t('routing.rateInvalid'));
        setFailure(text.problem(e));
      }
    } finally {
      setSending(false);
    }
  }

  return (
    <form
      className="form card routing-form"
      noValidate
      onSubmit={onSubmit}
      aria-busy={sending}
      data-testid="routing-form"
    >
      <p className="section__intro">{t('routing.intro')}</p>
      {policy.version === 0 && (
        <p className="muted" data-testid="routing-defaults">
          {t('routing.defaults')}
        </p>
      )}
      {!isOwner && (
        <div className="banner banner--info" role="status" data-testid="owner-only">
          <p>{t('routing.staff')}</p>
        </div>
      )}
      <fieldset className="form__fieldset" disabled={!isOwner}>
        <legend>{t('routing.priorities')}</legend>
        <p className="muted">{t('routing.prioritiesHint')}</p>
        <ol className="priority-list" data-testid="priority-list">
          {order.map((id, i) => {
            const l = byId.get(id);
            return (
              <li key={id} className="priority-list__row" data-testid="priority-row" data-location={id}>
                <span className="priority-list__rank num">{i + 1}</span>
                <span className="priority-list__name">{name(l)}</span>
                {l && <KindBadge kind={l.kind} />}
                {l && !l.active && <OpenBadge active={false} />}
                <span className="button-row priority-list__moves">
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    disabled={i === 0}
                    aria-label={t('routing.up', { name: name(l) })}
                    data-testid="move-up"
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    disabled={i === order.length - 1}
                    aria-label={t('routing.down', { name: name(l) })}
                    data-testid="move-down"
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
        <label className="check">
          <input
            type="checkbox"
            name="allow_split"
            checked={split}
            onChange={(e) => {
              setSaved(null);
              setSplit(e.target.checked);
            }}
            data-testid="allow-split"
          />
          <span className="check__label check__label--plain">{t('routing.split')}</span>
        </label>
        <p className="muted">{t('routing.splitHint')}</p>
        <TextField
          label={t('routing.rate')}
          name="commission_percent"
          value={rate}
          onChange={(v) => {
            setSaved(null);
            setRate(v);
          }}
          error={rateError}
          hint={t('routing.rateHint')}
          inputMode="decimal"
          maxLength={6}
        />
      </fieldset>
      {saved && <SuccessBanner testId="routing-saved">{saved}</SuccessBanner>}
      {conflict && (
        <div className="banner banner--error" role="alert" data-testid="conflict">
          <p>{t('routing.conflict')}</p>
          <button type="button" className="button button--secondary" onClick={() => void reload()}>
            {t('bo.order.reload')}
          </button>
        </div>
      )}
      {failure && <ErrorBanner testId="routing-error">{failure}</ErrorBanner>}
      {isOwner && (
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('routing.save')} sendingLabel={t('common.saving')} />
        </div>
      )}
    </form>
  );
}

function CreditLedger({ locations }: { locations: Location[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const text = useInventoryText();
  const { merchantId } = useBackOffice();
  const [items, setItems] = useState<CreditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const byId = new Map(locations.map((l) => [l.id, l]));
  const base = `/merchant/${encodeURIComponent(merchantId)}`;

  const more = useCallback(
    async (after: string | null, signal?: AbortSignal) => {
      try {
        const page = await listCredits(merchantId, { cursor: after, limit: 50 }, signal);
        setItems((old) => (after && old ? [...old, ...page.items] : page.items));
        setCursor(page.next_cursor);
      } catch (e) {
        if (!signal?.aborted) setFailure(text.problem(e));
      }
    },
    [merchantId, text],
  );
  useEffect(() => {
    const controller = new AbortController();
    void more(null, controller.signal);
    return () => controller.abort();
  }, [more]);

  if (failure) return <ErrorBanner testId="credits-error">{failure}</ErrorBanner>;
  if (!items) return <Loading />;
  if (items.length === 0) {
    return (
      <p className="empty" data-testid="credits-empty">
        {t('routing.credits.empty')}
      </p>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table className="table table--stack" data-testid="credits">
          <thead>
            <tr>
              <th scope="col">{t('routing.credits.at')}</th>
              <th scope="col">{t('routing.credits.location')}</th>
              <th scope="col">{t('routing.credits.order')}</th>
              <th scope="col">{t('routing.credits.kind')}</th>
              <th scope="col" className="num">
                {t('routing.credits.goods')}
              </th>
              <th scope="col" className="num">
                {t('routing.credits.commission')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="credit-row" data-kind={e.kind}>
                <td data-label={t('routing.credits.at')}>
                  <Time iso={e.at} />
                </td>
                <td data-label={t('routing.credits.location')}>{name(byId.get(e.location_id))}</td>
                <td data-label={t('routing.credits.order')}>
                  <Link to={`${base}/orders/${encodeURIComponent(e.order_id)}`}>{e.order_id}</Link>
                </td>
                <td data-label={t('routing.credits.kind')}>{t(`routing.credits.${e.kind}`)}</td>
                <td data-label={t('routing.credits.goods')} className="num" data-testid="credit-goods">
                  {f.won(e.goods_won)}
                </td>
                <td data-label={t('routing.credits.commission')} className="num" data-testid="credit-commission">
                  {f.won(e.commission_won)}
                  <span className="muted"> ({basisPointsToPercent(e.rate_bp)}%)</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cursor && (
        <button type="button" className="button button--secondary" onClick={() => void more(cursor)}>
          {t('routing.credits.more')}
        </button>
      )}
    </>
  );
}

export function Routing() {
  const { t } = useI18n();
  const name = useLocationName();
  const text = useInventoryText();
  const { merchantId, merchantName } = useBackOffice();
  useDocumentTitle(t('routing.title') + t('title.separator') + merchantName);
  const { state, reload } = useLocations(merchantId);
  const base = `/merchant/${encodeURIComponent(merchantId)}`;

  if (state.kind === 'error') {
    return (
      <div className="sections">
        <ErrorBanner testId="list-error">{text.problem(state.error)}</ErrorBanner>
        <button type="button" className="button" onClick={reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (state.kind === 'loading') return <Loading />;
  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('routing.title')}</h2>
      </div>
      <PolicyForm locations={state.items} />
      <section className="card section" aria-labelledby="routing-reports">
        <h2 id="routing-reports">{t('routing.reports')}</h2>
        <p className="muted">{t('routing.reportsHint')}</p>
        <ul className="link-list" data-testid="report-links">
          {state.items.map((l) => (
            <li key={l.id}>
              <Link to={`${base}/locations/${encodeURIComponent(l.id)}/report`} data-testid="report-link">
                {name(l)}
              </Link>{' '}
              <KindBadge kind={l.kind} />
            </li>
          ))}
        </ul>
      </section>
      <section className="card section" aria-labelledby="routing-credits">
        <h2 id="routing-credits">{t('routing.credits.title')}</h2>
        <p className="muted">{t('routing.credits.intro')}</p>
        <CreditLedger locations={state.items} />
      </section>
    </div>
  );
}
