// /merchant/:merchantId/pos/exceptions: what the counter's sales left for the back office (GET
// …/pos/exceptions), oldest first: codes that name no product (unknown_item) and prices other than the
// shop price list's (price_mismatch), each with its sale's receipt, code, title, quantity and the
// expected and charged prices. Open ones by default (state and shop kept in the address); each is
// marked looked at with a note of what was done (POST …/resolve), which stays on it. The sale stands.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listPosExceptions, resolvePosException, type PosException } from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { useLocationName, useLocations } from './inventoryBits';
import { usePosText } from './posBits';

const PAGE_SIZE = 50;

type Results =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: PosException[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

function ResolveForm({
  merchantId,
  item,
  onResolved,
}: {
  merchantId: string;
  item: PosException;
  onResolved: (item: PosException) => void;
}) {
  const { t } = useI18n();
  const text = usePosText();
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const id = `resolve-${item.id}`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSending(true);
    setError(null);
    try {
      onResolved(await resolvePosException(merchantId, item.id, note.trim()));
    } catch (e) {
      setError({ error: e });
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="pos-resolve" noValidate onSubmit={onSubmit} aria-busy={sending}>
      <label htmlFor={id} className="field__label">
        {t('pos.exceptions.note')}
      </label>
      <div className="pos-resolve__row">
        <input
          id={id}
          className="field__input"
          value={note}
          maxLength={500}
          autoComplete="off"
          placeholder={t('pos.exceptions.notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="submit" className="button button--small" disabled={sending} data-testid="resolve">
          {sending ? t('common.sending') : t('pos.exceptions.resolve')}
        </button>
      </div>
      {error && <ErrorBanner testId="resolve-error">{text.problem(error.error)}</ErrorBanner>}
    </form>
  );
}

export function PosExceptions() {
  const { t } = useI18n();
  const f = useFormat();
  const text = usePosText();
  const name = useLocationName();
  const { merchantId, merchantName } = useBackOffice();
  useDocumentTitle(t('pos.exceptions.title') + t('title.separator') + merchantName);
  const locations = useLocations(merchantId);
  const [params, setParams] = useSearchParams();
  const state = params.get('state') === 'all' ? 'all' : 'open';
  const locationId = params.get('location_id') ?? '';
  const [results, setResults] = useState<Results>({ kind: 'loading' });
  const base = `/merchant/${encodeURIComponent(merchantId)}/pos`;

  const query = useCallback(
    (cursor: string | null) => ({ state, location_id: locationId, cursor, limit: PAGE_SIZE }) as const,
    [state, locationId],
  );

  useEffect(() => {
    const controller = new AbortController();
    setResults({ kind: 'loading' });
    listPosExceptions(merchantId, query(null), controller.signal).then(
      (page) =>
        setResults({ kind: 'ready', items: page.items, next: page.next_cursor, loadingMore: false, moreError: null }),
      (e: unknown) => {
        if (!controller.signal.aborted) setResults({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, query]);

  async function loadMore() {
    if (results.kind !== 'ready' || results.next === null) return;
    const cursor = results.next;
    setResults({ ...results, loadingMore: true, moreError: null });
    try {
      const page = await listPosExceptions(merchantId, query(cursor));
      setResults((old) =>
        old.kind === 'ready'
          ? { ...old, items: [...old.items, ...page.items], next: page.next_cursor, loadingMore: false }
          : old,
      );
    } catch (e) {
      setResults((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }

  function apply(change: { state?: string; location_id?: string }) {
    const next = new URLSearchParams();
    const s = change.state ?? state;
    const l = change.location_id ?? locationId;
    if (s === 'all') next.set('state', 'all');
    if (l) next.set('location_id', l);
    setParams(next);
  }

  const resolved = (item: PosException) =>
    setResults((old) =>
      old.kind === 'ready' ? { ...old, items: old.items.map((e) => (e.id === item.id ? item : e)) } : old,
    );
  const byId = locations.state.kind === 'ready' ? locations.state.byId : new Map();
  const shops = locations.state.kind === 'ready' ? locations.state.items : [];

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('pos.exceptions.title')}</h2>
      </div>
      <p className="section__intro">{t('pos.exceptions.intro')}</p>
      <div className="filters filters--pos card" role="search" aria-label={t('pos.exceptions.filter')}>
        <SelectField
          label={t('pos.exceptions.state')}
          name="state"
          value={state}
          onChange={(v) => apply({ state: v })}
          options={[
            { value: 'open', label: t('pos.exceptions.state.open') },
            { value: 'all', label: t('pos.exceptions.state.all') },
          ]}
        />
        <SelectField
          label={t('pos.filter.shop')}
          name="location_id"
          value={locationId}
          onChange={(v) => apply({ location_id: v })}
          placeholder={t('pos.filter.allShops')}
          options={shops.map((l) => ({ value: l.id, label: name(l) }))}
        />
      </div>
      {results.kind === 'loading' && <Loading />}
      {results.kind === 'error' && <ErrorBanner testId="list-error">{text.problem(results.error)}</ErrorBanner>}
      {results.kind === 'ready' && results.items.length === 0 && (
        <p className="empty card" data-testid="no-exceptions">
          {t(state === 'open' ? 'pos.exceptions.noneOpen' : 'pos.exceptions.none')}
        </p>
      )}
      {results.kind === 'ready' && results.items.length > 0 && (
        <ul className="list-cards pos-exceptions" data-testid="pos-exceptions">
          {results.items.map((e) => (
            <li
              key={e.id}
              className="list-card pos-exception"
              data-testid="pos-exception"
              data-exception-id={e.id}
              data-kind={e.kind}
              data-state={e.state}
              data-code={e.code}
            >
              <div className="list-card__main">
                <p className="list-card__title">
                  <span className={`badge badge--pos-${e.kind === 'unknown_item' ? 'unknown' : 'price'}`}>
                    {t(`pos.exceptions.kind.${e.kind}`)}
                  </span>{' '}
                  {e.title || e.code}{' '}
                  <span
                    className={e.state === 'open' ? 'badge badge--applied' : 'badge badge--approved'}
                    data-testid="exception-state"
                  >
                    {t(`pos.exceptions.state.${e.state}`)}
                  </span>
                </p>
                <p className="list-card__meta">
                  <Time iso={e.raised_at} /> · {name(byId.get(e.location_id))} ·{' '}
                  <Link to={`${base}/sales/${encodeURIComponent(e.sale.id)}`}>
                    {t('pos.exceptions.receipt', { receipt: e.sale.receipt_no || e.sale.sale_id, line: e.line_no })}
                  </Link>
                </p>
                <p className="list-card__meta">
                  {t('pos.exceptions.code')} <code>{e.code}</code> ·{' '}
                  {t('pos.exceptions.quantity', { n: f.count(e.quantity) })} ·{' '}
                  {e.expected_price !== null
                    ? t('pos.exceptions.prices', { expected: f.won(e.expected_price), charged: f.won(e.charged_price) })
                    : t('pos.exceptions.charged', { charged: f.won(e.charged_price) })}
                </p>
                {e.state === 'resolved' && (
                  <p className="list-card__meta" data-testid="exception-resolution">
                    {t('pos.exceptions.resolvedAt', { at: f.dateTime(e.resolved_at) })}
                    {e.resolution_note && ` · ${e.resolution_note}`}
                  </p>
                )}
                {e.state === 'open' && <ResolveForm merchantId={merchantId} item={e} onResolved={resolved} />}
              </div>
            </li>
          ))}
        </ul>
      )}
      {results.kind === 'ready' && results.moreError && (
        <ErrorBanner testId="more-error">{text.problem(results.moreError.error)}</ErrorBanner>
      )}
      {results.kind === 'ready' && results.next !== null && (
        <div className="more">
          <button
            type="button"
            className="button button--quiet"
            disabled={results.loadingMore}
            onClick={() => void loadMore()}
            data-testid="more"
          >
            {results.loadingMore ? t('a11y.loading') : t('pos.sales.more')}
          </button>
        </div>
      )}
    </div>
  );
}
