// /orders/checkout/:checkoutId: what a checkout made (GET /api/v1/checkouts/{id}): one order per
// merchant with its status, lines, totals and VAT, the delivery address or the pickup shop; for a
// bank transfer the amount to send and the time by which it must arrive (payment_due_at), for a card
// checkout not yet paid the way back to the card form; and the links to each order in My orders.
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { getCheckout, type Checkout, type Order } from '../../api';
import { ErrorBanner, Loading } from '../../components/Form';
import {
  AddressView,
  OrderLines,
  OrderStatusBadge,
  OrderTotals,
  useMerchantNames,
  useMethodName,
  useOrdersText,
} from '../../components/OrderBits';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';

function ConfirmedOrder({ order, merchant }: { order: Order; merchant: string }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <section
      className="card section"
      data-testid="confirmed-order"
      data-order-id={order.id}
      data-merchant-id={order.merchant_id}
    >
      <div className="section__head">
        <h2>{merchant}</h2>
        <OrderStatusBadge status={order.status} />
      </div>
      <p className="muted">
        {t('orders.number')} <span className="audit__id">{order.id}</span> ·{' '}
        {t(order.fulfilment === 'pickup' ? 'checkout.pickup' : 'checkout.delivery')}
      </p>
      <OrderLines order={order} />
      <div className="order-columns">
        <div>
          <h3 className="order-subtitle">
            {t(order.fulfilment === 'pickup' ? 'orders.pickupAt' : 'orders.deliverTo')}
          </h3>
          <AddressView order={order} />
        </div>
        <OrderTotals order={order} />
      </div>
      {order.payment_method === 'bank_transfer' && order.status === 'pending_payment' && (
        <div className="banner banner--info" role="status" data-testid="transfer-due">
          <p>
            {t('confirm.transfer', {
              amount: f.won(order.total_won),
              time: f.dateTime(order.payment_due_at),
            })}
          </p>
        </div>
      )}
      <Link to={`/me/orders/${encodeURIComponent(order.id)}`} className="button button--quiet button--small">
        {t('confirm.viewOrder')}
      </Link>
    </section>
  );
}

export function OrderConfirmation() {
  const { checkoutId = '' } = useParams();
  const { t } = useI18n();
  const f = useFormat();
  useDocumentTitle(t('confirm.title'));
  const text = useOrdersText();
  const methodName = useMethodName();
  const location = useLocation();
  const placed = (location.state as { placed?: boolean; charge?: string } | null) ?? null;
  const [load, setLoad] = useState<
    { kind: 'loading' } | ({ kind: 'error' } & Failure) | { kind: 'ready'; checkout: Checkout }
  >({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const ids = load.kind === 'ready' ? load.checkout.orders.map((o) => o.merchant_id) : [];
  const merchantName = useMerchantNames(ids);

  useEffect(() => {
    const controller = new AbortController();
    getCheckout(checkoutId, controller.signal).then(
      (checkout) => setLoad({ kind: 'ready', checkout }),
      (e: unknown) => {
        if (!controller.signal.aborted) setLoad({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [checkoutId, attempt]);

  if (load.kind === 'loading') return <Loading />;
  if (load.kind === 'error') {
    return (
      <div className="page">
        <h1>{t('confirm.title')}</h1>
        <ErrorBanner testId="confirm-error">{text.problem(load.error)}</ErrorBanner>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  const { checkout } = load;
  const unpaidCard =
    checkout.payment_method === 'card' &&
    checkout.orders.some((o) => o.status === 'pending_payment' && o.payment?.state !== 'processing');
  const processing = checkout.orders.some((o) => o.payment?.state === 'processing');
  return (
    <div className="page page--confirmation" data-testid="confirmation" data-checkout-id={checkout.id}>
      <h1>{t('confirm.title')}</h1>
      {placed?.placed && (
        <div className="banner banner--ok" role="status" data-testid="placed">
          <p>{t('confirm.placed', { n: checkout.orders.length })}</p>
        </div>
      )}
      {processing && (
        <div className="banner banner--info" role="status" data-testid="charge-pending">
          <p>{t('confirm.chargePending')}</p>
        </div>
      )}
      {unpaidCard && (
        <div className="banner banner--info" role="status" data-testid="card-unpaid">
          <p>{t('confirm.cardUnpaid')}</p>
          <Link to={`/checkout/${encodeURIComponent(checkout.id)}/pay`} className="button button--secondary">
            {t('confirm.payNow')}
          </Link>
        </div>
      )}
      <dl className="inline-details confirmation__facts">
        <div>
          <dt>{t('confirm.checkout')}</dt>
          <dd className="audit__id">{checkout.id}</dd>
        </div>
        <div>
          <dt>{t('confirm.method')}</dt>
          <dd>{methodName(checkout.payment_method)}</dd>
        </div>
        <div>
          <dt>{t('confirm.total')}</dt>
          <dd className="num" data-testid="confirm-total">
            {f.won(checkout.total_won)}
          </dd>
        </div>
      </dl>
      <div className="sections">
        {checkout.orders.map((o) => (
          <ConfirmedOrder key={o.id} order={o} merchant={merchantName(o.merchant_id)} />
        ))}
      </div>
      <div className="button-row">
        <Link to="/me/orders" className="button">
          {t('confirm.myOrders')}
        </Link>
        <Link to="/" className="button button--quiet">
          {t('cart.shop')}
        </Link>
      </div>
    </div>
  );
}
