// /merchant/:merchantId/orders: the shop's orders, newest first (GET …/orders), filtered by status,
// fulfilment and an order id (kept in the address, so that a filtered list can be reloaded and
// shared), "show more" by cursor; each row with its number, time, customer, delivery or pickup,
// status, payment and total, and a link to the order (OrderDetail.tsx).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listOrders, ORDER_STATUSES, type Order } from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, TextField } from '../../components/Form';
import { OrderStatusBadge, PaymentStatusBadge, useMethodName, useOrdersText } from '../../components/OrderBits';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';

const PAGE_SIZE = 20;

interface Filter {
  status: string;
  fulfilment: string;
  q: string;
}

function readFilter(params: URLSearchParams): Filter {
  return { status: params.get('status') ?? '', fulfilment: params.get('fulfilment') ?? '', q: params.get('q') ?? '' };
}

function writeFilter(filter: Filter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.fulfilment) params.set('fulfilment', filter.fulfilment);
  if (filter.q.trim()) params.set('q', filter.q.trim());
  return params;
}

type Results =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: Order[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

export function Orders() {
  const { t } = useI18n();
  const f = useFormat();
  const text = useOrdersText();
  const methodName = useMethodName();
  const { merchantId, merchantName } = useBackOffice();
  useDocumentTitle(t('bo.orders.title') + t('title.separator') + merchantName);
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const filterKey = writeFilter(filter).toString();
  const [draftQ, setDraftQ] = useState(filter.q);
  const [results, setResults] = useState<Results>({ kind: 'loading' });
  const base = `/merchant/${encodeURIComponent(merchantId)}/orders`;

  useEffect(() => setDraftQ(filter.q), [filter.q]);

  const query = useCallback(
    (cursor: string | null) => ({ ...readFilter(new URLSearchParams(filterKey)), cursor, limit: PAGE_SIZE }),
    [filterKey],
  );

  useEffect(() => {
    const controller = new AbortController();
    setResults({ kind: 'loading' });
    listOrders(merchantId, query(null), controller.signal).then(
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
      const page = await listOrders(merchantId, query(cursor));
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

  const apply = (change: Partial<Filter>) => setParams(writeFilter({ ...filter, ...change }));
  const filtered = filterKey !== '';

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply({ q: draftQ });
  }

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('bo.orders.title')}</h2>
      </div>
      <form
        className="filters filters--orders card"
        role="search"
        aria-label={t('bo.orders.filter')}
        onSubmit={onSubmit}
      >
        <SelectField
          label={t('bo.orders.status')}
          name="status"
          value={filter.status}
          onChange={(status) => apply({ status })}
          placeholder={t('bo.orders.allStatuses')}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))}
        />
        <SelectField
          label={t('bo.orders.fulfilment')}
          name="fulfilment"
          value={filter.fulfilment}
          onChange={(fulfilment) => apply({ fulfilment })}
          placeholder={t('bo.orders.allFulfilments')}
          options={[
            { value: 'delivery', label: t('checkout.delivery') },
            { value: 'pickup', label: t('checkout.pickup') },
          ]}
        />
        <div className="filters__search">
          <TextField
            label={t('bo.orders.q')}
            name="q"
            type="search"
            value={draftQ}
            onChange={setDraftQ}
            maxLength={40}
            placeholder="ord_…"
            autoComplete="off"
          />
          <button type="submit" className="button">
            {t('bo.orders.search')}
          </button>
        </div>
      </form>

      {results.kind === 'loading' && <Loading />}
      {results.kind === 'error' && <ErrorBanner testId="list-error">{text.problem(results.error)}</ErrorBanner>}
      {results.kind === 'ready' && results.items.length === 0 && (
        <p className="empty card" data-testid="no-orders">
          {t(filtered ? 'bo.orders.noneFiltered' : 'bo.orders.none')}
        </p>
      )}
      {results.kind === 'ready' && results.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table table--stack orders-table" data-testid="orders">
              <thead>
                <tr>
                  <th scope="col">{t('orders.number')}</th>
                  <th scope="col">{t('orders.placedAt')}</th>
                  <th scope="col">{t('bo.orders.customer')}</th>
                  <th scope="col">{t('bo.orders.fulfilment')}</th>
                  <th scope="col">{t('bo.orders.status')}</th>
                  <th scope="col">{t('orders.paymentMethod')}</th>
                  <th scope="col">{t('orders.total')}</th>
                </tr>
              </thead>
              <tbody>
                {results.items.map((o) => (
                  <tr key={o.id} data-testid="order-row" data-order-id={o.id}>
                    <th scope="row" data-label={t('orders.number')}>
                      <Link to={`${base}/${encodeURIComponent(o.id)}`} className="audit__id" data-testid="order-link">
                        {o.id}
                      </Link>
                    </th>
                    <td data-label={t('orders.placedAt')}>
                      <Time iso={o.created_at} />
                    </td>
                    <td data-label={t('bo.orders.customer')}>{o.customer.name}</td>
                    <td data-label={t('bo.orders.fulfilment')}>
                      {t(o.fulfilment === 'pickup' ? 'checkout.pickup' : 'checkout.delivery')}
                    </td>
                    <td data-label={t('bo.orders.status')}>
                      <OrderStatusBadge status={o.status} />
                    </td>
                    <td data-label={t('orders.paymentMethod')}>
                      {methodName(o.payment_method)} <PaymentStatusBadge status={o.payment_status} />
                    </td>
                    <td data-label={t('orders.total')} className="num">
                      {f.won(o.total_won)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {results.moreError && <ErrorBanner testId="more-error">{text.problem(results.moreError.error)}</ErrorBanner>}
          {results.next !== null && (
            <div className="more">
              <button
                type="button"
                className="button button--quiet"
                disabled={results.loadingMore}
                onClick={() => void loadMore()}
                data-testid="more"
              >
                {results.loadingMore ? t('a11y.loading') : t('bo.orders.more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
