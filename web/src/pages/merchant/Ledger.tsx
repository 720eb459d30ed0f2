// /merchant/:merchantId/ledger: the stock ledger, newest first, "show more" by cursor. Filters by
// location and by variant (found by a part of its SKU or title), kept in the address (`location`,
// `variant`, and `sku` to name the variant without asking again), so that the stock page can link to
// a variant's ledger. Each row: the time in Korea, the location, SKU and title, the reason, the change
// (+/−), on hand after it, who made it (a member by name, from the shop's member list; an API key by
// its id; a customer's order; the platform) and what it belongs to (a transfer, a count, an order).
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listLedger, listMembers, listStock, type Movement, type VariantStock } from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { NoLocations, useInventoryText, useLocationName, useLocations, useSigned } from './inventoryBits';
import { useVariantTitle } from './Stock';

const PAGE_SIZE = 50;
const FIND_LIMIT = 20;

type Results =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: Movement[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

/** Names of the shop's members by user id; empty when the list cannot be read. */
function useMemberNames(merchantId: string): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    const controller = new AbortController();
    listMembers(merchantId, controller.signal).then(
      (answer) => setNames(new Map(answer.items.map((m) => [m.user.id, m.user.name]))),
      () => setNames(new Map()),
    );
    return () => controller.abort();
  }, [merchantId]);
  return names;
}

export function Ledger() {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const title = useVariantTitle();
  const signed = useSigned();
  const text = useInventoryText();
  const { merchantId, merchantName, isOwner } = useBackOffice();
  useDocumentTitle(t('ledger.title') + t('title.separator') + merchantName);
  const locations = useLocations(merchantId);
  const members = useMemberNames(merchantId);
  const [params, setParams] = useSearchParams();
  const location = params.get('location') ?? '';
  const variant = params.get('variant') ?? '';
  const sku = params.get('sku') ?? '';
  const [results, setResults] = useState<Results>({ kind: 'loading' });
  const [find, setFind] = useState('');
  const [found, setFound] = useState<VariantStock[] | null>(null);
  const [finding, setFinding] = useState(false);
  const [findError, setFindError] = useState<Failure | null>(null);
  const base = `/merchant/${encodeURIComponent(merchantId)}`;

  useEffect(() => {
    const controller = new AbortController();
    setResults({ kind: 'loading' });
    listLedger(merchantId, { location_id: location, variant_id: variant, limit: PAGE_SIZE }, controller.signal).then(
      (page) =>
        setResults({ kind: 'ready', items: page.items, next: page.next_cursor, loadingMore: false, moreError: null }),
      (e: unknown) => {
        if (!controller.signal.aborted) setResults({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, location, variant]);

  async function loadMore() {
    if (results.kind !== 'ready' || results.next === null) return;
    const cursor = results.next;
    setResults({ ...results, loadingMore: true, moreError: null });
    try {
      const page = await listLedger(merchantId, {
        location_id: location,
        variant_id: variant,
        cursor,
        limit: PAGE_SIZE,
      });
      setResults((old) =>
        old.kind === 'ready'
          ? { ...old, items: [...old.items, ...page.items], next: page.next_cursor, loadingMore: false }
          : old,
      );
    } catch (e) {
      setResults((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }

  function apply(change: { location?: string; variant?: string; sku?: string }) {
    const next = { location, variant, sku, ...change };
    const search = new URLSearchParams();
    if (next.location) search.set('location', next.location);
    if (next.variant) {
      search.set('variant', next.variant);
      if (next.sku) search.set('sku', next.sku);
    }
    setParams(search);
  }

  function choose(item: VariantStock) {
    setFound(null);
    setFind('');
    apply({ variant: item.variant_id, sku: item.sku });
  }

  async function onFind(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (find.trim() === '') {
      setFound(null);
      apply({ variant: '', sku: '' });
      return;
    }
    setFinding(true);
    setFindError(null);
    try {
      const page = await listStock(merchantId, { q: find.trim(), limit: FIND_LIMIT });
      // One match is the variant meant; an exact SKU among several is too.
      const exact = page.items.filter((v) => v.sku.toLowerCase() === find.trim().toLowerCase());
      if (page.items.length === 1) choose(page.items[0]!);
      else if (exact.length === 1) choose(exact[0]!);
      else setFound(page.items);
    } catch (e) {
      setFindError({ error: e });
    } finally {
      setFinding(false);
    }
  }

  function who(m: Movement): string {
    switch (m.actor.kind) {
      case 'user':
        return m.actor.id ? (members.get(m.actor.id) ?? m.actor.id) : t('ledger.actor.user');
      case 'api_key':
        return t('ledger.actor.key', { id: m.actor.id ?? '' });
      case 'customer':
        return t('ledger.actor.customer');
      default:
        return t('ledger.actor.system');
    }
  }

  function refText(m: Movement): string {
    if (!m.ref) return '—';
    const kind = m.ref.kind;
    const label =
      kind === 'transfer' || kind === 'count' || kind === 'order' ? t(`ledger.ref.${kind}`) : kind;
    return m.ref.id ? `${label} ${m.ref.id}` : label;
  }

  if (locations.state.kind === 'ready' && locations.state.items.length === 0) {
    return (
      <div className="sections">
        <div className="section__head">
          <h2>{t('ledger.title')}</h2>
        </div>
        <NoLocations base={base} isOwner={isOwner} />
      </div>
    );
  }
  const byId = locations.state.kind === 'ready' ? locations.state.byId : new Map();
  const locationOptions =
    locations.state.kind === 'ready' ? locations.state.items.map((l) => ({ value: l.id, label: name(l) })) : [];

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('ledger.title')}</h2>
        <Link to={`${base}/stock`} className="button button--quiet button--small">
          {t('ledger.toStock')}
        </Link>
      </div>
      <p className="section__intro">{t('ledger.intro')}</p>
      <div className="filters filters--ledger card" role="search" aria-label={t('ledger.filter.label')}>
        <SelectField
          label={t('ledger.filter.location')}
          name="location"
          value={location}
          onChange={(v) => apply({ location: v })}
          placeholder={t('ledger.filter.allLocations')}
          options={locationOptions}
        />
        <form className="filters__search" onSubmit={onFind}>
          <TextField
            label={t('ledger.filter.variant')}
            name="variant_q"
            type="search"
            value={find}
            onChange={setFind}
            hint={t('ledger.filter.variantHint')}
            maxLength={100}
            inputMode="search"
          />
          <button type="submit" className="button" disabled={finding}>
            {finding ? t('a11y.loading') : t('ledger.filter.find')}
          </button>
        </form>
      </div>
      {findError && <ErrorBanner testId="find-error">{text.problem(findError.error)}</ErrorBanner>}
      {found !== null && (
        <div className="card" data-testid="ledger-found">
          {found.length === 0 ? (
            <p className="empty">{t('ledger.filter.noMatch')}</p>
          ) : (
            <>
              <p className="muted">{t('ledger.filter.choose')}</p>
              <ul className="pick-list">
                {found.map((v) => (
                  <li key={v.variant_id} className="pick-list__item">
                    <span>
                      <span className="num">{v.sku}</span> {title(v)}
                    </span>
                    <button type="button" className="button button--small button--quiet" onClick={() => choose(v)}>
                      {t('ledger.filter.pick')}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {variant && (
        <p className="ledger-filter" data-testid="ledger-variant">
          {t('ledger.filter.showing', { sku: sku || variant })}{' '}
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => apply({ variant: '', sku: '' })}
          >
            {t('ledger.filter.clear')}
          </button>
        </p>
      )}

      {results.kind === 'loading' && <Loading />}
      {results.kind === 'error' && <ErrorBanner testId="list-error">{text.problem(results.error)}</ErrorBanner>}
      {results.kind === 'ready' && results.items.length === 0 && (
        <p className="empty card" data-testid="ledger-empty">
          {location || variant ? t('ledger.empty.filtered') : t('ledger.empty')}
        </p>
      )}
      {results.kind === 'ready' && results.items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--stack ledger-table" data-testid="ledger">
            <thead>
              <tr>
                <th scope="col">{t('ledger.col.at')}</th>
                <th scope="col">{t('ledger.col.location')}</th>
                <th scope="col">{t('ledger.col.variant')}</th>
                <th scope="col">{t('ledger.col.reason')}</th>
                <th scope="col" className="num">
                  {t('ledger.col.delta')}
                </th>
                <th scope="col" className="num">
                  {t('ledger.col.after')}
                </th>
                <th scope="col">{t('ledger.col.who')}</th>
                <th scope="col">{t('ledger.col.ref')}</th>
                <th scope="col">{t('ledger.col.note')}</th>
              </tr>
            </thead>
            <tbody>
              {results.items.map((m) => (
                <tr
                  key={m.seq}
                  data-testid="movement"
                  data-reason={m.reason}
                  data-sku={m.sku}
                  data-location-id={m.location_id}
                >
                  <th scope="row" data-label={t('ledger.col.at')} className="audit__time">
                    <Time iso={m.at} seconds />
                  </th>
                  <td data-label={t('ledger.col.location')} data-testid="movement-location">
                    {name(byId.get(m.location_id))}
                  </td>
                  <td data-label={t('ledger.col.variant')}>
                    <span>
                      <span className="num">{m.sku}</span>{' '}
                      <span className="muted">{title(m)}</span>
                    </span>
                  </td>
                  <td data-label={t('ledger.col.reason')} data-testid="movement-reason">
                    {t(`ledger.reason.${m.reason}`)}
                  </td>
                  <td
                    data-label={t('ledger.col.delta')}
                    className={`num ${m.delta < 0 ? 'delta delta--out' : 'delta delta--in'}`}
                    data-testid="movement-delta"
                  >
                    {signed(m.delta)}
                  </td>
                  <td data-label={t('ledger.col.after')} className="num" data-testid="movement-after">
                    {f.count(m.on_hand_after)}
                  </td>
                  <td data-label={t('ledger.col.who')} data-testid="movement-who">
                    {who(m)}
                  </td>
                  <td data-label={t('ledger.col.ref')} className="audit__id" data-testid="movement-ref">
                    {refText(m)}
                  </td>
                  <td data-label={t('ledger.col.note')} data-empty={m.note ? undefined : ''}>
                    {m.note || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
            {results.loadingMore ? t('a11y.loading') : t('products.more')}
          </button>
        </div>
      )}
    </div>
  );
}
