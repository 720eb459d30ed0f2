// What the shopper's order pages and the back office's order pages share: an order's status and
// payment badges, its lines, totals with the VAT included, delivery address or pickup shop, and its
// history; merchants' names and pickup shops looked up once per app; failed calls in words, where
// the orders' own text for a code or a reason (`orders.field.*`, `orders.reason.*`) comes before the
// app's general one, and the server's sentence is the last resort.
//
//   <OrderStatusBadge status={order.status} />
//   <OrderTotals order={order} />
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  getSeller,
  isApiError,
  type FieldError,
  type Localized,
  type Order,
  type OrderEvent,
  type OrderLine,
  type OrderStatus,
  type PaymentMethod,
  type PaymentStatus,
  type PickupPlace,
} from '../api';
import { useProblemText } from '../errors';
import { useFormat } from '../format';
import { isMessageKey, useI18n } from '../i18n';
import { Time } from './Bits';

const STATUS_CLASS: Record<OrderStatus, string> = {
  pending_payment: 'badge--applied',
  paid: 'badge--order-paid',
  preparing: 'badge--order-active',
  shipped: 'badge--order-active',
  ready_for_pickup: 'badge--order-active',
  delivered: 'badge--order-done',
  picked_up: 'badge--order-done',
  completed: 'badge--approved',
  cancelled: 'badge--closed',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${STATUS_CLASS[status]}`} data-testid="order-status" data-status={status}>
      {t(`orders.status.${status}`)}
    </span>
  );
}

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useI18n();
  const cls = status === 'paid' ? 'badge--approved' : status === 'unpaid' ? 'badge--applied' : 'badge--closed';
  return (
    <span className={`badge ${cls}`} data-testid="payment-status" data-status={status}>
      {t(`orders.payment.${status}`)}
    </span>
  );
}

export function useMethodName(): (method: PaymentMethod) => string {
  const { t } = useI18n();
  return useCallback((method: PaymentMethod) => t(`orders.method.${method}`), [t]);
}

// Names of merchants by id, from their public profile; one call per merchant per app.
const sellerNames = new Map<string, Promise<Localized | null>>();

function sellerName(merchantId: string): Promise<Localized | null> {
  let pending = sellerNames.get(merchantId);
  if (!pending) {
    pending = getSeller(merchantId).then(
      (seller) => seller.name,
      () => {
        sellerNames.delete(merchantId);
        return null;
      },
    );
    sellerNames.set(merchantId, pending);
  }
  return pending;
}

/** Tells the lookup the names the page already knows (e.g. from the cart), so that it asks nobody. */
export function knowMerchantName(merchantId: string, name: Localized): void {
  sellerNames.set(merchantId, Promise.resolve(name));
}

/** The names of the merchants of `ids`, in the page's language; an id not (yet) known shows as itself. */
export function useMerchantNames(ids: string[]): (merchantId: string) => string {
  const f = useFormat();
  const [names, setNames] = useState<Record<string, Localized>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const id of key.split(',').filter(Boolean)) {
      void sellerName(id).then((name) => {
        if (live && name) setNames((old) => (old[id] ? old : { ...old, [id]: name }));
      });
    }
    return () => {
      live = false;
    };
  }, [key]);
  return useCallback((merchantId: string) => (names[merchantId] ? f.local(names[merchantId]) : merchantId), [names, f]);
}

// The pickup shops the cart listed, kept for the session: an order names its shop by id only.
const PLACES_KEY = 'jangteo.pickupPlaces';

export function rememberPickupPlaces(places: PickupPlace[]): void {
  try {
    const known = JSON.parse(window.sessionStorage.getItem(PLACES_KEY) ?? '{}') as Record<string, PickupPlace>;
    for (const p of places) known[p.id] = p;
    window.sessionStorage.setItem(PLACES_KEY, JSON.stringify(known));
  } catch {
    // Without storage the order shows the shop's id only.
  }
}

export function knownPickupPlace(id: string | null): PickupPlace | null {
  if (!id) return null;
  try {
    const known = JSON.parse(window.sessionStorage.getItem(PLACES_KEY) ?? '{}') as Record<string, PickupPlace>;
    return known[id] ?? null;
  } catch {
    return null;
  }
}

/** A pickup shop: its name, address, phone and opening hours (Monday first). */
export function PickupPlaceView({ place, id }: { place: PickupPlace | null; id?: string | null }) {
  const { t } = useI18n();
  const f = useFormat();
  if (!place) {
    return (
      <p className="muted" data-testid="pickup-place">
        {t('orders.pickup.shop')} <span className="audit__id">{id}</span>
      </p>
    );
  }
  const days = t('orders.days').split(',');
  const open = place.hours
    .map((h, i) => (h ? `${days[i] ?? ''} ${h.open}–${h.close}` : null))
    .filter(Boolean)
    .join(', ');
  return (
    <div className="pickup-place" data-testid="pickup-place">
      <p className="pickup-place__name">{f.local({ ko: place.name_ko, en: place.name_en })}</p>
      <p className="muted">
        {place.road_address}
        {place.address_detail ? ` ${place.address_detail}` : ''} ({place.postal_code})
      </p>
      {place.phone && <p className="muted">{place.phone}</p>}
      {open && <p className="muted pickup-place__hours">{t('orders.pickup.hours', { hours: open })}</p>}
    </div>
  );
}

export function AddressView({ order }: { order: Order }) {
  const { t } = useI18n();
  const a = order.address;
  if (order.fulfilment === 'pickup') {
    return <PickupPlaceView place={knownPickupPlace(order.pickup_location_id)} id={order.pickup_location_id} />;
  }
  if (!a) return null;
  return (
    <div className="address" data-testid="order-address">
      <p>
        <strong>{a.recipient}</strong> · {a.phone}
      </p>
      <p>
        ({a.postal_code}) {a.road_address} {a.detail}
      </p>
      {a.note && (
        <p className="muted">
          {t('orders.address.note')}: {a.note}
        </p>
      )}
    </div>
  );
}

function optionsText(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}

export function useLineTitle(): (line: Pick<OrderLine, 'title_ko' | 'title_en'>) => string {
  const f = useFormat();
  return useCallback((line) => f.local({ ko: line.title_ko, en: line.title_en }), [f]);
}

export function OrderLines({ order }: { order: Order }) {
  const { t } = useI18n();
  const f = useFormat();
  const title = useLineTitle();
  return (
    <div className="table-wrap">
      <table className="table table--stack order-lines" data-testid="order-lines">
        <thead>
          <tr>
            <th scope="col">{t('orders.col.item')}</th>
            <th scope="col">{t('orders.col.unitPrice')}</th>
            <th scope="col">{t('orders.col.quantity')}</th>
            <th scope="col">{t('orders.col.lineTotal')}</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.line_no} data-testid="order-line" data-sku={l.sku}>
              <th scope="row" data-label={t('orders.col.item')}>
                {title(l)}
                <span className="muted order-line__meta">
                  {[optionsText(l.options), l.sku].filter(Boolean).join(' · ')}
                  {l.vat === 'exempt' ? ` · ${t('orders.vatExempt')}` : ''}
                </span>
                {l.returned_quantity > 0 && (
                  <span className="muted order-line__meta" data-testid="returned">
                    {t('orders.returned', { n: f.count(l.returned_quantity) })}
                  </span>
                )}
              </th>
              <td data-label={t('orders.col.unitPrice')} className="num">
                {f.won(l.unit_price_won)}
              </td>
              <td data-label={t('orders.col.quantity')} className="num">
                {f.count(l.quantity)}
              </td>
              <td data-label={t('orders.col.lineTotal')} className="num">
                {f.won(l.line_total_won)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OrderTotals({ order }: { order: Order }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <dl className="totals" data-testid="order-totals">
      <div>
        <dt>{t('orders.subtotal')}</dt>
        <dd className="num">{f.won(order.subtotal_won)}</dd>
      </div>
      <div>
        <dt>{t(order.fulfilment === 'pickup' ? 'orders.shippingPickup' : 'orders.shipping')}</dt>
        <dd className="num">{f.won(order.shipping_fee_won)}</dd>
      </div>
      {(order.points_used ?? 0) > 0 && (
        <div>
          <dt>{t('checkout.points.used')}</dt>
          <dd className="num" data-testid="order-points-used">
            {f.won(-(order.points_used ?? 0))}
          </dd>
        </div>
      )}
      <div className="totals__total">
        <dt>{t('orders.total')}</dt>
        <dd className="num" data-testid="order-total">
          {f.won(order.total_won)}
        </dd>
      </div>
      <div className="totals__vat">
        <dt>{t('orders.vatIncluded')}</dt>
        <dd className="num">{f.won(order.vat_won)}</dd>
      </div>
      {order.refunded_won > 0 && (
        <div>
          <dt>{t('orders.refunded')}</dt>
          <dd className="num" data-testid="order-refunded">
            {f.won(order.refunded_won)}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The carrier and tracking number once shipped. */
export function Shipment({ order }: { order: Order }) {
  const { t } = useI18n();
  if (!order.carrier && !order.tracking_number) return null;
  return (
    <p className="shipment" data-testid="shipment">
      {t('orders.shipment', { carrier: order.carrier, number: order.tracking_number })}
    </p>
  );
}

function actorText(t: ReturnType<typeof useI18n>['t'], event: OrderEvent): string {
  const key = `orders.actor.${event.actor.kind}`;
  return isMessageKey(key) ? t(key) : event.actor.kind;
}

/** The order's history, oldest first: each change with who made it, when, and its note. */
export function OrderHistory({ events }: { events: OrderEvent[] }) {
  const { t } = useI18n();
  return (
    <ol className="timeline" data-testid="order-history">
      {events.map((e) => (
        <li key={e.seq} className="timeline__item" data-testid="order-event" data-to={e.to}>
          <p className="timeline__what">
            <OrderStatusBadge status={e.to} />
          </p>
          <p className="timeline__meta">
            <Time iso={e.at} /> · {actorText(t, e)}
          </p>
          {e.note && <p className="timeline__reason">{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}

export interface OrdersText {
  field: (error: Pick<FieldError, 'code' | 'message'>) => string;
  problem: (error: unknown) => string;
}

export function useOrdersText(): OrdersText {
  const { t } = useI18n();
  const problemText = useProblemText();
  const field = useCallback(
    (error: Pick<FieldError, 'code' | 'message'>) => {
      if (error.code) {
        for (const key of [`orders.field.${error.code}`, `field.${error.code}`]) {
          if (isMessageKey(key)) return t(key);
        }
      }
      return error.message;
    },
    [t],
  );
  const problem = useCallback(
    (error: unknown) => {
      if (isApiError(error) && error.kind === 'http') {
        const key = `orders.reason.${error.reason ?? ''}`;
        if (isMessageKey(key)) return t(key);
      }
      return problemText(error);
    },
    [t, problemText],
  );
  return useMemo(() => ({ field, problem }), [field, problem]);
}

/** A card decline's words: the test gateway's codes have our own, an unknown one shows as it came. */
export function useDeclineText(): (code: string | null) => string {
  const { t } = useI18n();
  return useCallback(
    (code: string | null) => {
      const key = `orders.decline.${code ?? ''}`;
      return isMessageKey(key) ? t(key) : t('orders.decline.other', { code: code ?? '' });
    },
    [t],
  );
}
