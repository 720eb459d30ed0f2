// /me/orders and /me/orders/:orderId: the signed-in customer's orders (GET /api/v1/me/orders), newest
// first with "show more" by cursor, each with its merchant, date, status and total; and one order with
// its lines, address or pickup shop, totals with the VAT, payment, carrier and tracking number and its
// history, and "cancel" with a reason while it has not shipped or been handed over.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { cancelMyOrder, getMyOrder, isApiError, listMyOrders, type Order, type OrderStatus } from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import {
  AddressView,
  OrderHistory,
  OrderLines,
  OrderStatusBadge,
  OrderTotals,
  PaymentStatusBadge,
  Shipment,
  useLineTitle,
  useMerchantNames,
  useMethodName,
  useOrdersText,
} from '../../components/OrderBits';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';

const PAGE_SIZE = 20;

/** The states in which the customer may still cancel (before it ships or is handed over). */
export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = [
  'pending_payment',
  'paid',
  'preparing',
  'ready_for_pickup',
];

type List =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: Order[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

export function MyOrders() {
  const { t } = useI18n();
  const f = useFormat();
  useDocumentTitle(t('myOrders.title'));
  const text = useOrdersText();
  const title = useLineTitle();
  const [list, setList] = useState<List>({ kind: 'loading' });
  const merchantName = useMerchantNames(list.kind === 'ready' ? list.items.map((o) => o.merchant_id) : []);

  useEffect(() => {
    const controller = new AbortController();
    listMyOrders({ limit: PAGE_SIZE }, controller.signal).then(
      (page) =>
        setList({ kind: 'ready', items: page.items, next: page.next_cursor, loadingMore: false, moreError: null }),
      (e: unknown) => {
        if (!controller.signal.aborted) setList({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, []);

  async function more() {
    if (list.kind !== 'ready' || list.next === null) return;
    const cursor = list.next;
    setList({ ...list, loadingMore: true, moreError: null });
    try {
      const page = await listMyOrders({ limit: PAGE_SIZE, cursor });
      setList((old) =>
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
      setList((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }

  return (
    <div className="page" data-testid="my-orders">
      <h1>{t('myOrders.title')}</h1>
      {list.kind === 'loading' && <Loading />}
      {list.kind === 'error' && <ErrorBanner testId="list-error">{text.problem(list.error)}</ErrorBanner>}
      {list.kind === 'ready' && list.items.length === 0 && (
        <div className="card empty-state" data-testid="no-orders">
          <p className="empty-state__title">{t('myOrders.none')}</p>
          <Link to="/" className="button">
            {t('cart.shop')}
          </Link>
        </div>
      )}
      {list.kind === 'ready' && list.items.length > 0 && (
        <>
          <ul className="list-cards" data-testid="orders">
            {list.items.map((o) => {
              const first = o.lines[0];
              return (
                <li key={o.id} className="list-card" data-testid="my-order" data-order-id={o.id}>
                  <div className="list-card__main">
                    <p className="list-card__title">
                      <Link to={`/me/orders/${encodeURIComponent(o.id)}`}>{merchantName(o.merchant_id)}</Link>{' '}
                      <OrderStatusBadge status={o.status} />
                    </p>
                    {first && (
                      <p>
                        {o.lines.length > 1
                          ? t('myOrders.lines', { title: title(first), n: o.lines.length - 1 })
                          : title(first)}
                      </p>
                    )}
                    <p className="list-card__meta">
                      <Time iso={o.created_at} /> ·{' '}
                      {t(o.fulfilment === 'pickup' ? 'checkout.pickup' : 'checkout.delivery')} ·{' '}
                      <span className="num">{f.won(o.total_won)}</span>
                    </p>
                  </div>
                  <Link to={`/me/orders/${encodeURIComponent(o.id)}`} className="button button--small button--quiet">
                    {t('myOrders.open')}
                  </Link>
                </li>
              );
            })}
          </ul>
          {list.moreError && <ErrorBanner testId="more-error">{text.problem(list.moreError.error)}</ErrorBanner>}
          {list.next !== null && (
            <div className="more">
              <button
                type="button"
                className="button button--quiet"
                disabled={list.loadingMore}
                onClick={() => void more()}
              >
                {list.loadingMore ? t('a11y.loading') : t('myOrders.more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function CancelForm({ order, onCancelled }: { order: Order; onCancelled: (order: Order) => void }) {
  const { t } = useI18n();
  const text = useOrdersText();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSending(true);
    setFailure(null);
    try {
      onCancelled(await cancelMyOrder(order.id, reason.trim()));
    } catch (e) {
      setFailure({ error: e });
      setSending(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button button--danger" onClick={() => setOpen(true)} data-testid="cancel-order">
        {t('myOrders.cancel')}
      </button>
    );
  }
  return (
    <form
      className="form card action-form"
      noValidate
      onSubmit={onSubmit}
      aria-busy={sending}
      data-testid="cancel-form"
    >
      <p>{t(order.payment_status === 'paid' ? 'myOrders.cancelPaid' : 'myOrders.cancelQuestion')}</p>
      <TextField
        label={t('myOrders.cancelReason')}
        name="reason"
        value={reason}
        onChange={setReason}
        multiline
        optional
        maxLength={500}
      />
      {failure && <ErrorBanner testId="cancel-error">{text.problem(failure.error)}</ErrorBanner>}
      <div className="form__actions">
        <SubmitButton sending={sending} label={t('myOrders.cancelConfirm')} sendingLabel={t('common.sending')} />
        <button type="button" className="button button--quiet" disabled={sending} onClick={() => setOpen(false)}>
          {t('myOrders.keep')}
        </button>
      </div>
    </form>
  );
}

export function MyOrder() {
  const { orderId = '' } = useParams();
  const { t } = useI18n();
  const f = useFormat();
  const text = useOrdersText();
  const methodName = useMethodName();
  const [order, setOrder] = useState<Order | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const merchantName = useMerchantNames(order ? [order.merchant_id] : []);
  useDocumentTitle(
    order ? t('myOrders.orderTitle', { merchant: merchantName(order.merchant_id) }) : t('myOrders.title'),
  );

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setOrder(await getMyOrder(orderId, signal));
        setFailure(null);
      } catch (e) {
        if (!signal?.aborted) setFailure({ error: e });
      }
    },
    [orderId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  if (failure && !order) {
    const notFound = isApiError(failure.error) && failure.error.status === 404;
    return (
      <div className="page">
        <h1>{t(notFound ? 'myOrders.notFound' : 'myOrders.title')}</h1>
        <ErrorBanner testId="order-error">
          {notFound ? t('myOrders.notFoundBody') : text.problem(failure.error)}
        </ErrorBanner>
        <Link to="/me/orders" className="button">
          {t('myOrders.back')}
        </Link>
      </div>
    );
  }
  if (!order) return <Loading />;
  const cancellable = CUSTOMER_CANCELLABLE.includes(order.status);

  return (
    <div className="page page--order" data-testid="my-order-detail" data-order-id={order.id}>
      <p className="back">
        <Link to="/me/orders" className="back-link">
          {t('myOrders.back')}
        </Link>
      </p>
      <div className="section__head">
        <h1>{merchantName(order.merchant_id)}</h1>
        <OrderStatusBadge status={order.status} />
      </div>
      <dl className="inline-details">
        <div>
          <dt>{t('orders.number')}</dt>
          <dd className="audit__id">{order.id}</dd>
        </div>
        <div>
          <dt>{t('orders.placedAt')}</dt>
          <dd>
            <Time iso={order.created_at} />
          </dd>
        </div>
        <div>
          <dt>{t('orders.paymentMethod')}</dt>
          <dd>
            {methodName(order.payment_method)} <PaymentStatusBadge status={order.payment_status} />
          </dd>
        </div>
      </dl>
      {notice && <SuccessBanner testId="order-notice">{notice}</SuccessBanner>}
      {order.payment_method === 'bank_transfer' && order.status === 'pending_payment' && (
        <div className="banner banner--info" role="status" data-testid="transfer-due">
          <p>{t('confirm.transfer', { amount: f.won(order.total_won), time: f.dateTime(order.payment_due_at) })}</p>
        </div>
      )}
      {order.payment_method === 'card' && order.status === 'pending_payment' && (
        <div className="banner banner--info" role="status">
          <p>{t('confirm.cardUnpaid')}</p>
          <Link to={`/checkout/${encodeURIComponent(order.checkout_id)}/pay`} className="button button--secondary">
            {t('confirm.payNow')}
          </Link>
        </div>
      )}
      <div className="sections">
        <section className="card section">
          <h2>{t('orders.items')}</h2>
          <OrderLines order={order} />
        </section>
        <div className="order-columns">
          <section className="card section">
            <h2>{t(order.fulfilment === 'pickup' ? 'orders.pickupAt' : 'orders.deliverTo')}</h2>
            <AddressView order={order} />
            <Shipment order={order} />
          </section>
          <section className="card section">
            <h2>{t('orders.amounts')}</h2>
            <OrderTotals order={order} />
          </section>
        </div>
        {order.events && order.events.length > 0 && (
          <section className="card section">
            <h2>{t('orders.history')}</h2>
            <OrderHistory events={order.events} />
          </section>
        )}
        {cancellable && (
          <section className="section">
            <CancelForm
              order={order}
              onCancelled={() => {
                setNotice(t('myOrders.cancelled'));
                void load();
              }}
            />
          </section>
        )}
      </div>
    </div>
  );
}
