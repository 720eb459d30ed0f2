// /merchant/:merchantId/customers: the shop's customers, shop and web alike (GET …/customers), newest
// last purchase first, "show more" by cursor. One search box takes a mobile number in any written form,
// an e-mail, a membership card number or the start of a name (the server tells which); the search is
// kept in the address, so that a list can be reloaded and shared. Each row links to the customer's
// page (CustomerDetail.tsx). CustomersSection is the menu above the list and the review queue.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, NavLink, Outlet, useSearchParams } from 'react-router-dom';
import { listCustomers, type CustomerSummary } from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useProblemText, type Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';

const PAGE_SIZE = 20;

/** The customers' menu: the list and the review queue; the context passes through. */
export function CustomersSection() {
  const { t } = useI18n();
  const context = useBackOffice();
  const base = `/merchant/${encodeURIComponent(context.merchantId)}/customers`;
  return (
    <div className="customers-section">
      <nav className="subnav" aria-label={t('cust.nav.label')}>
        <NavLink to={base} end className="subnav__link">
          {t('cust.nav.list')}
        </NavLink>
        <NavLink to={`${base}/reviews`} className="subnav__link">
          {t('cust.nav.reviews')}
        </NavLink>
      </nav>
      <Outlet context={context} />
    </div>
  );
}

type Results =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: CustomerSummary[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

export function Customers() {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const { merchantId, merchantName } = useBackOffice();
  useDocumentTitle(t('cust.title') + t('title.separator') + merchantName);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [results, setResults] = useState<Results>({ kind: 'loading' });
  const base = `/merchant/${encodeURIComponent(merchantId)}/customers`;

  useEffect(() => setDraft(q), [q]);

  const load = useCallback(
    (cursor: string | null, signal?: AbortSignal) => listCustomers(merchantId, { q, cursor, limit: PAGE_SIZE }, signal),
    [merchantId, q],
  );

  useEffect(() => {
    const controller = new AbortController();
    setResults({ kind: 'loading' });
    load(null, controller.signal).then(
      (page) =>
        setResults({ kind: 'ready', items: page.items, next: page.next_cursor, loadingMore: false, moreError: null }),
      (e: unknown) => {
        if (!controller.signal.aborted) setResults({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [load]);

  async function loadMore() {
    if (results.kind !== 'ready' || results.next === null) return;
    const cursor = results.next;
    setResults({ ...results, loadingMore: true, moreError: null });
    try {
      const page = await load(cursor);
      setResults((old) =>
        old.kind === 'ready'
          ? {
              kind: 'ready',
              items: [...old.items, ...page.items],
              next: page.next_cursor,
              loadingMore: false,
              moreError: null,
            }
          : old,
      );
    } catch (e) {
      setResults((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.trim()) next.set('q', draft.trim());
    setParams(next);
  }

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('cust.title')}</h2>
      </div>
      <form className="filters card" role="search" aria-label={t('cust.search.label')} onSubmit={onSubmit}>
        <div className="filters__search">
          <TextField
            label={t('cust.search.label')}
            name="q"
            type="search"
            value={draft}
            onChange={setDraft}
            maxLength={100}
            hint={t('cust.search.hint')}
            autoComplete="off"
          />
          <button type="submit" className="button" data-testid="customer-search">
            {t('cust.search.submit')}
          </button>
        </div>
      </form>

      {results.kind === 'loading' && <Loading />}
      {results.kind === 'error' && <ErrorBanner testId="list-error">{problemText(results.error)}</ErrorBanner>}
      {results.kind === 'ready' && results.items.length === 0 && (
        <p className="empty card" data-testid="no-customers">
          {t(q ? 'cust.noneFound' : 'cust.none')}
        </p>
      )}
      {results.kind === 'ready' && results.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table table--stack" data-testid="customers">
              <thead>
                <tr>
                  <th scope="col">{t('cust.name')}</th>
                  <th scope="col">{t('cust.phone')}</th>
                  <th scope="col">{t('cust.email')}</th>
                  <th scope="col">{t('cust.cardNo')}</th>
                  <th scope="col">{t('cust.purchases')}</th>
                  <th scope="col">{t('cust.total')}</th>
                  <th scope="col">{t('cust.points')}</th>
                  <th scope="col">{t('cust.lastPurchase')}</th>
                </tr>
              </thead>
              <tbody>
                {results.items.map((c) => (
                  <tr key={c.id} data-testid="customer-row" data-person-id={c.id}>
                    <th scope="row" data-label={t('cust.name')}>
                      <Link to={`${base}/${encodeURIComponent(c.id)}`} data-testid="customer-link">
                        {c.name || t('cust.noName')}
                      </Link>
                    </th>
                    <td data-label={t('cust.phone')}>{c.phone}</td>
                    <td data-label={t('cust.email')}>{c.email}</td>
                    <td data-label={t('cust.cardNo')}>{c.card_no}</td>
                    <td data-label={t('cust.purchases')} className="num">
                      {f.count(c.purchases)}
                    </td>
                    <td data-label={t('cust.total')} className="num">
                      {f.won(c.total_won)}
                    </td>
                    <td data-label={t('cust.points')} className="num" data-testid="customer-points">
                      {t('cust.pointsValue', { points: f.count(c.points) })}
                    </td>
                    <td data-label={t('cust.lastPurchase')}>
                      <Time iso={c.last_purchase_at} dateOnly />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {results.moreError && <ErrorBanner testId="more-error">{problemText(results.moreError.error)}</ErrorBanner>}
          {results.next !== null && (
            <div className="more">
              <button
                type="button"
                className="button button--quiet"
                disabled={results.loadingMore}
                onClick={() => void loadMore()}
                data-testid="more"
              >
                {results.loadingMore ? t('a11y.loading') : t('cust.more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
