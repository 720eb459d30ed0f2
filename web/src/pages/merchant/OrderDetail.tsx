// /merchant/:merchantId/orders/:orderId: one order in the back office (GET …/orders/{id}): the
// customer's contact, the lines, the delivery address or the pickup shop, the totals, the payment
// (method, state, refunds) and the history; and the steps its state allows, each sent with the
// version read: confirm a bank transfer's deposit (or money taken at the shop or the door), prepare,
// ship (a Korean carrier from the list or typed, and the tracking number), ready for pickup,
// delivered, picked up (with "payment collected" for pay-at-pickup and cash on delivery), completed,
// cancel (with a reason, after a confirmation), and returns and refunds (lines and quantities, the
// refund prefilled from them, restock, a reason; under an Idempotency-Key). Someone else's change
// meanwhile (409 version_changed) offers to reload; a step the state no longer allows
// (409 invalid_transition) is explained. The routing card says where the order is fulfilled from and
// which shop it is credited to (docs/routing.md).
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  advanceOrder,
  cancelOrder,
  confirmOrderPayment,
  getOrder,
  isApiError,
  newIdempotencyKey,
  returnOrder,
  type Order,
  type OrderStep,
  type OrderStepInput,
  type ReturnInput,
  type RoutedPlace,
} from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import {
  AddressView,
  OrderHistory,
  OrderLines,
  OrderStatusBadge,
  OrderTotals,
  PaymentStatusBadge,
  PickupPlaceView,
  Shipment,
  useLineTitle,
  useMethodName,
  useOrdersText,
} from '../../components/OrderBits';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { parseWhole, useLocations } from './inventoryBits';

/**
 * How the order was routed and credited (docs/routing.md): why it is fulfilled where it is (pickup,
 * the territory shop, the merchant's priorities, or split over several locations), the shop credited
 * with it (or why none is), and its entries in the credit ledger.
 */
function RoutingCard({ order, merchantId }: { order: Order; merchantId: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const r = order.routing;
  if (!r || r.reason === '') return null;
  const place = (p: RoutedPlace | null) =>
    p ? f.local({ ko: p.name_ko ?? p.id, en: p.name_en || p.name_ko || p.id }) : null;
  const base = `/merchant/${encodeURIComponent(merchantId)}/locations`;
  return (
    <section className="card section" aria-labelledby="order-routing">
      <h2 id="order-routing">{t('bo.routing.title')}</h2>
      <dl className="details" data-testid="order-routing">
        <div>
          <dt>{t('bo.routing.fulfilledBy')}</dt>
          <dd data-testid="routing-location" data-reason={r.reason}>
            {r.location ? (
              <Link to={`${base}/${encodeURIComponent(r.location.id)}`}>{place(r.location)}</Link>
            ) : (
              t('bo.routing.several')
            )}{' '}
            <span className="muted" data-testid="routing-reason">
              ({t(`bo.routing.reason.${r.reason}`)})
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('bo.routing.credited')}</dt>
          <dd data-testid="routing-credited" data-reason={r.credit_reason}>
            {r.credited_location ? (
              <Link to={`${base}/${encodeURIComponent(r.credited_location.id)}/report`}>
                {place(r.credited_location)}
              </Link>
            ) : (
              t('bo.routing.nobody')
            )}
            {r.credit_reason !== '' && (
              <span className="muted"> ({t(`bo.routing.credit.${r.credit_reason}`)})</span>
            )}
          </dd>
        </div>
        {r.credits && r.credits.length > 0 && (
          <div>
            <dt>{t('bo.routing.ledger')}</dt>
            <dd data-testid="routing-credits">
              {t('bo.routing.owed', {
                goods: f.won(r.credited_goods_won ?? 0),
                commission: f.won(r.credited_commission_won ?? 0),
              })}
              <ul className="refunds">
                {r.credits.map((c) => (
                  <li key={c.id} data-testid="routing-credit" data-kind={c.kind}>
                    {t(`routing.credits.${c.kind}`)} · <span className="num">{f.won(c.goods_won)}</span> ·{' '}
                    <span className="num">{f.won(c.commission_won)}</span> · <Time iso={c.at} />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {r.credited_location && (!r.credits || r.credits.length === 0) && (
          <div>
            <dt>{t('bo.routing.ledger')}</dt>
            <dd className="muted" data-testid="routing-credits">
              {t('bo.routing.whenPaid')}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/** Korea's parcel carriers, as staff pick them; anything else is typed. */
export const CARRIERS = ['CJ대한통운', '한진택배', '롯데택배', '우체국택배', '로젠택배', '경동택배'] as const;
const OTHER = 'other';

type Step = { kind: 'step'; to: OrderStep } | { kind: 'confirm' } | { kind: 'cancel' };

function isConflict(e: unknown, reason: string): boolean {
  return isApiError(e) && e.status === 409 && e.reason === reason;
}

/** A panel of one action: its button opens it (or acts at once when it asks nothing). */
function Action({
  label,
  testId,
  open,
  onOpen,
  danger = false,
  children,
}: {
  label: string;
  testId: string;
  open: boolean;
  onOpen: () => void;
  danger?: boolean;
  children?: ReactNode;
}) {
  if (open && children) return <div className="order-action card">{children}</div>;
  return (
    <button type="button" className={danger ? 'button button--danger' : 'button'} onClick={onOpen} data-testid={testId}>
      {label}
    </button>
  );
}

function ShipForm({
  sending,
  onSend,
  onClose,
  errors,
}: {
  sending: boolean;
  onSend: (carrier: string, tracking: string) => void;
  onClose: () => void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<string>(CARRIERS[0]);
  const [typed, setTyped] = useState('');
  const [tracking, setTracking] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const shown = { ...errors, ...local };
  return (
    <form
      className="form"
      noValidate
      aria-busy={sending}
      data-testid="ship-form"
      onSubmit={(e) => {
        e.preventDefault();
        const carrier = choice === OTHER ? typed.trim() : choice;
        const fields: Record<string, string> = {};
        if (carrier === '') fields.carrier = t('field.required');
        if (tracking.trim() === '') fields.tracking_number = t('field.required');
        setLocal(fields);
        if (Object.keys(fields).length === 0) onSend(carrier, tracking.trim());
      }}
    >
      <h3 className="order-subtitle">{t('bo.order.ship')}</h3>
      <SelectField
        label={t('bo.order.carrier')}
        name="carrier"
        value={choice}
        onChange={setChoice}
        options={[
          ...CARRIERS.map((c) => ({ value: c, label: c })),
          { value: OTHER, label: t('bo.order.carrierOther') },
        ]}
        error={choice === OTHER ? undefined : shown.carrier}
      />
      {choice === OTHER && (
        <TextField
          label={t('bo.order.carrierTyped')}
          name="carrier_typed"
          value={typed}
          onChange={setTyped}
          error={shown.carrier}
          maxLength={50}
          required
        />
      )}
      <TextField
        label={t('bo.order.tracking')}
        name="tracking_number"
        value={tracking}
        onChange={setTracking}
        error={shown.tracking_number}
        inputMode="numeric"
        maxLength={40}
        autoComplete="off"
        required
      />
      <div className="form__actions">
        <SubmitButton sending={sending} label={t('bo.order.shipSubmit')} sendingLabel={t('common.sending')} />
        <button type="button" className="button button--quiet" disabled={sending} onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function ReturnForm({
  merchantId,
  order,
  onDone,
}: {
  merchantId: string;
  order: Order;
  onDone: (order: Order) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useOrdersText();
  const title = useLineTitle();
  const goodsBack = ['delivered', 'picked_up', 'completed'].includes(order.status);
  const refundable = Math.max(0, (order.payment?.amount_won ?? order.total_won) - order.refunded_won);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [refund, setRefund] = useState('');
  const [refundTouched, setRefundTouched] = useState(false);
  const [restock, setRestock] = useState(true);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const left = (lineNo: number) => {
    const line = order.lines.find((l) => l.line_no === lineNo);
    return line ? line.quantity - line.returned_quantity : 0;
  };
  const linesValue = (q: Record<number, string>) =>
    order.lines.reduce((sum, l) => {
      const n = parseWhole(q[l.line_no] ?? '') ?? 0;
      return sum + Math.min(n, left(l.line_no)) * l.unit_price_won;
    }, 0);

  function setQuantity(lineNo: number, value: string) {
    const next = { ...quantities, [lineNo]: value };
    setQuantities(next);
    if (!refundTouched) setRefund(String(Math.min(linesValue(next), refundable)));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const lines: ReturnInput['lines'] = [];
    for (const l of order.lines) {
      const typed = (quantities[l.line_no] ?? '').trim();
      if (typed === '' || typed === '0') continue;
      const n = parseWhole(typed);
      if (n === null || n > left(l.line_no))
        fields[`line.${l.line_no}`] = t('bo.return.tooMany', { n: left(l.line_no) });
      else lines.push({ line_no: l.line_no, quantity: n });
    }
    const amount = parseWhole(refund.trim() === '' ? '0' : refund);
    if (amount === null) fields.refund_won = t('bo.return.amountInvalid');
    if (reason.trim() === '') fields.reason = t('field.required');
    if (lines.length === 0 && (amount ?? 0) === 0) fields.refund_won = t('bo.return.nothing');
    setErrors(fields);
    if (Object.keys(fields).length > 0) return;
    const body: ReturnInput = {
      lines,
      refund_won: amount ?? 0,
      restock: restock && lines.length > 0,
      reason: reason.trim(),
    };
    const bodyText = JSON.stringify(body);
    if (attempt.current === null || attempt.current.body !== bodyText) {
      attempt.current = { key: newIdempotencyKey(), body: bodyText };
    }
    setSending(true);
    setFailure(null);
    try {
      const done = await returnOrder(merchantId, order.id, body, attempt.current.key);
      attempt.current = null;
      onDone(done);
    } catch (e) {
      const at: Record<string, string> = {};
      for (const fe of isApiError(e) ? e.fieldErrors : []) {
        const row = /^lines\[(\d+)\]/.exec(fe.field);
        const name = row ? `line.${lines[Number(row[1])]?.line_no ?? ''}` : fe.field;
        if (!(name in at)) at[name] = text.field(fe);
      }
      setErrors(at);
      setFailure({ error: e });
      setSending(false);
    }
  }

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="return-form">
      <h3 className="order-subtitle">{t('bo.return.title')}</h3>
      {goodsBack ? (
        <div className="table-wrap">
          <table className="table table--stack" data-testid="return-lines">
            <thead>
              <tr>
                <th scope="col">{t('orders.col.item')}</th>
                <th scope="col">{t('bo.return.left')}</th>
                <th scope="col">{t('bo.return.quantity')}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => {
                const error = errors[`line.${l.line_no}`];
                const id = `return-${l.line_no}`;
                return (
                  <tr key={l.line_no} data-sku={l.sku}>
                    <th scope="row" data-label={t('orders.col.item')}>
                      {title(l)} <span className="muted">{f.won(l.unit_price_won)}</span>
                    </th>
                    <td data-label={t('bo.return.left')} className="num">
                      {f.count(left(l.line_no))}
                    </td>
                    <td data-label={t('bo.return.quantity')} className={error ? 'cell cell--invalid' : 'cell'}>
                      <input
                        id={id}
                        className="field__input cell__input"
                        inputMode="numeric"
                        maxLength={4}
                        value={quantities[l.line_no] ?? ''}
                        disabled={left(l.line_no) === 0}
                        aria-label={t('bo.return.quantityOf', { title: title(l) })}
                        aria-invalid={Boolean(error)}
                        aria-describedby={error ? `${id}-error` : undefined}
                        onChange={(e) => setQuantity(l.line_no, e.target.value)}
                      />
                      {error && (
                        <p id={`${id}-error`} className="field__error cell__error" data-testid="field-error">
                          {error}
                        </p>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('bo.return.refundOnly')}</p>
      )}
      <TextField
        label={t('bo.return.refund')}
        name="refund_won"
        value={refund}
        onChange={(v) => {
          setRefundTouched(true);
          setRefund(v);
        }}
        error={errors.refund_won}
        hint={t('bo.return.refundHint', { amount: f.won(refundable) })}
        inputMode="numeric"
        maxLength={15}
      />
      {goodsBack && (
        <label className="check">
          <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
          <span className="check__label check__label--plain">{t('bo.return.restock')}</span>
        </label>
      )}
      <TextField
        label={t('bo.return.reason')}
        name="return_reason"
        value={reason}
        onChange={setReason}
        error={errors.reason}
        maxLength={500}
        required
      />
      {failure && <ErrorBanner testId="return-error">{text.problem(failure.error)}</ErrorBanner>}
      <div className="form__actions">
        <SubmitButton sending={sending} label={t('bo.return.submit')} sendingLabel={t('common.sending')} />
      </div>
    </form>
  );
}

export function OrderDetail() {
  const { orderId = '' } = useParams();
  const { t } = useI18n();
  const f = useFormat();
  const text = useOrdersText();
  const methodName = useMethodName();
  const { merchantId, merchantName } = useBackOffice();
  const locations = useLocations(merchantId);
  const [order, setOrder] = useState<Order | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [collected, setCollected] = useState(false);
  const [cancelReason, setCancelReason] = useState('');
  const [cancelError, setCancelError] = useState<string | null>(null);
  const base = `/merchant/${encodeURIComponent(merchantId)}/orders`;
  useDocumentTitle(t('bo.order.title', { id: orderId }) + t('title.separator') + merchantName);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setOrder(await getOrder(merchantId, orderId, signal));
        setLoadFailure(null);
      } catch (e) {
        if (!signal?.aborted) setLoadFailure({ error: e });
      }
    },
    [merchantId, orderId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  async function act(step: Step, extra: Partial<OrderStepInput> = {}) {
    if (!order) return;
    setSending(true);
    setFailure(null);
    setFieldErrors({});
    setConflict(false);
    setNotice(null);
    try {
      if (step.kind === 'confirm') await confirmOrderPayment(merchantId, order.id, order.version);
      else if (step.kind === 'cancel') await cancelOrder(merchantId, order.id, order.version, cancelReason.trim());
      else await advanceOrder(merchantId, order.id, { status: step.to, version: order.version, ...extra });
      setNotice(
        step.kind === 'confirm'
          ? t('bo.order.done.confirm')
          : step.kind === 'cancel'
            ? t('bo.order.done.cancel')
            : t('bo.order.done.step', { status: t(`orders.status.${step.to}`) }),
      );
      setOpen(null);
      setCollected(false);
      setCancelReason('');
      await load();
    } catch (e) {
      if (isConflict(e, 'version_changed')) setConflict(true);
      else {
        const at: Record<string, string> = {};
        for (const fe of isApiError(e) ? e.fieldErrors : []) if (!(fe.field in at)) at[fe.field] = text.field(fe);
        setFieldErrors(at);
        setFailure({ error: e });
      }
    } finally {
      setSending(false);
    }
  }

  if (loadFailure && !order) {
    const notFound = isApiError(loadFailure.error) && loadFailure.error.status === 404;
    return (
      <div className="sections">
        <ErrorBanner testId="order-error">
          {notFound ? t('bo.order.notFound') : text.problem(loadFailure.error)}
        </ErrorBanner>
        <Link to={base} className="button">
          {t('bo.order.back')}
        </Link>
      </div>
    );
  }
  if (!order) return <Loading />;

  const s = order.status;
  const pickup = order.fulfilment === 'pickup';
  const offline = order.payment_method !== 'card';
  const unpaid = order.payment_status === 'unpaid';
  const collectsAtHandover =
    unpaid && (order.payment_method === 'pay_at_pickup' || order.payment_method === 'cash_on_delivery');
  const place =
    pickup && locations.state.kind === 'ready' ? locations.state.byId.get(order.pickup_location_id ?? '') : undefined;
  const cancellable = ['pending_payment', 'paid', 'preparing', 'ready_for_pickup'].includes(s);
  const returnable =
    ['delivered', 'picked_up', 'completed'].includes(s) ||
    (s !== 'cancelled' && (order.payment_status === 'paid' || order.payment_status === 'partially_refunded'));
  const mayComplete = (s === 'delivered' || s === 'picked_up') && !(offline && unpaid);

  // A step that asks nothing: sent at once.
  const simple = (to: OrderStep, label: string) => (
    <button
      type="button"
      className="button"
      disabled={sending}
      onClick={() => void act({ kind: 'step', to })}
      data-testid={`step-${to}`}
    >
      {label}
    </button>
  );

  // delivered / picked up: with "payment collected" for the methods paid at the handover.
  const handover = (to: 'delivered' | 'picked_up', label: string) =>
    collectsAtHandover ? (
      <div className="order-action card" data-testid={`handover-${to}`}>
        <label className="check">
          <input
            type="checkbox"
            checked={collected}
            onChange={(e) => setCollected(e.target.checked)}
            data-testid="payment-collected"
          />
          <span className="check__label check__label--plain">
            {t('bo.order.collected', { amount: f.won(order.total_won), method: methodName(order.payment_method) })}
          </span>
        </label>
        <button
          type="button"
          className="button"
          disabled={sending}
          onClick={() => void act({ kind: 'step', to }, { payment_collected: collected })}
          data-testid={`step-${to}`}
        >
          {label}
        </button>
      </div>
    ) : (
      simple(to, label)
    );

  return (
    <div className="sections order-detail" data-testid="order-detail" data-order-id={order.id} data-status={s}>
      <p className="back">
        <Link to={base} className="back-link">
          {t('bo.order.back')}
        </Link>
      </p>
      <div className="section__head">
        <h2>
          {t('orders.number')} <span className="audit__id">{order.id}</span>
        </h2>
        <span>
          <OrderStatusBadge status={s} /> <PaymentStatusBadge status={order.payment_status} />
        </span>
      </div>

      {notice && <SuccessBanner testId="order-notice">{notice}</SuccessBanner>}
      {conflict && (
        <div className="banner banner--error" role="alert" data-testid="conflict">
          <p>{t('bo.order.conflict')}</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setConflict(false);
              void load();
            }}
          >
            {t('bo.order.reload')}
          </button>
        </div>
      )}
      {failure && <ErrorBanner testId="action-error">{text.problem(failure.error)}</ErrorBanner>}

      {s !== 'cancelled' && s !== 'completed' && (
        <section className="card section order-actions" aria-labelledby="order-actions" data-testid="order-actions">
          <h2 id="order-actions">{t('bo.order.actions')}</h2>
          <div className="button-row">
            {offline && unpaid && (
              <button
                type="button"
                className="button"
                disabled={sending}
                onClick={() => void act({ kind: 'confirm' })}
                data-testid="confirm-payment"
              >
                {t(order.payment_method === 'bank_transfer' ? 'bo.order.confirmDeposit' : 'bo.order.confirmCollected')}
              </button>
            )}
            {(s === 'paid' || (s === 'pending_payment' && collectsAtHandover)) &&
              simple('preparing', t('bo.order.prepare'))}
            {s === 'preparing' && !pickup && (
              <Action
                label={t('bo.order.ship')}
                testId="open-ship"
                open={open === 'ship'}
                onOpen={() => setOpen('ship')}
              >
                <ShipForm
                  sending={sending}
                  errors={fieldErrors}
                  onClose={() => setOpen(null)}
                  onSend={(carrier, tracking) =>
                    void act({ kind: 'step', to: 'shipped' }, { carrier, tracking_number: tracking })
                  }
                />
              </Action>
            )}
            {s === 'preparing' && pickup && simple('ready_for_pickup', t('bo.order.ready'))}
            {s === 'shipped' && handover('delivered', t('bo.order.delivered'))}
            {s === 'ready_for_pickup' && handover('picked_up', t('bo.order.pickedUp'))}
            {mayComplete && simple('completed', t('bo.order.complete'))}
            {cancellable && (
              <Action
                label={t('bo.order.cancel')}
                testId="open-cancel"
                danger
                open={open === 'cancel'}
                onOpen={() => setOpen('cancel')}
              >
                <form
                  className="form"
                  noValidate
                  data-testid="cancel-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (cancelReason.trim() === '') {
                      setCancelError(t('field.required'));
                      return;
                    }
                    setCancelError(null);
                    void act({ kind: 'cancel' });
                  }}
                >
                  <h3 className="order-subtitle">{t('bo.order.cancelQuestion')}</h3>
                  <p className="muted">
                    {t(order.payment_status === 'paid' ? 'bo.order.cancelRefund' : 'bo.order.cancelRelease')}
                  </p>
                  <TextField
                    label={t('bo.order.cancelReason')}
                    name="cancel_reason"
                    value={cancelReason}
                    onChange={setCancelReason}
                    error={cancelError ?? fieldErrors.reason}
                    maxLength={500}
                    required
                  />
                  <div className="form__actions">
                    <button type="submit" className="button button--danger-solid" disabled={sending}>
                      {sending ? t('common.sending') : t('bo.order.cancelConfirm')}
                    </button>
                    <button
                      type="button"
                      className="button button--quiet"
                      disabled={sending}
                      onClick={() => setOpen(null)}
                    >
                      {t('bo.order.keep')}
                    </button>
                  </div>
                </form>
              </Action>
            )}
          </div>
          {offline && unpaid && (s === 'delivered' || s === 'picked_up') && (
            <p className="muted">{t('bo.order.payFirst')}</p>
          )}
        </section>
      )}

      <div className="order-columns">
        <section className="card section" aria-labelledby="order-customer">
          <h2 id="order-customer">{t('bo.order.customer')}</h2>
          <dl className="details" data-testid="order-customer">
            <div>
              <dt>{t('checkout.name')}</dt>
              <dd>{order.customer.name}</dd>
            </div>
            <div>
              <dt>{t('checkout.email')}</dt>
              <dd>
                <a href={`mailto:${order.customer.email}`}>{order.customer.email}</a>
              </dd>
            </div>
            <div>
              <dt>{t('checkout.phone')}</dt>
              <dd>
                <a href={`tel:${order.customer.phone.replace(/[^\d+]/g, '')}`}>{order.customer.phone}</a>
              </dd>
            </div>
            <div>
              <dt>{t('orders.placedAt')}</dt>
              <dd>
                <Time iso={order.created_at} />
              </dd>
            </div>
          </dl>
        </section>
        <section className="card section" aria-labelledby="order-where">
          <h2 id="order-where">{t(pickup ? 'orders.pickupAt' : 'orders.deliverTo')}</h2>
          {pickup ? (
            <PickupPlaceView place={place ?? null} id={order.pickup_location_id} />
          ) : (
            <AddressView order={order} />
          )}
          <Shipment order={order} />
        </section>
      </div>

      <RoutingCard order={order} merchantId={merchantId} />

      <section className="card section" aria-labelledby="order-items">
        <h2 id="order-items">{t('orders.items')}</h2>
        <OrderLines order={order} />
        <OrderTotals order={order} />
      </section>

      <section className="card section" aria-labelledby="order-payment">
        <h2 id="order-payment">{t('bo.order.payment')}</h2>
        <dl className="details" data-testid="order-payment">
          <div>
            <dt>{t('orders.paymentMethod')}</dt>
            <dd>{methodName(order.payment_method)}</dd>
          </div>
          {order.payment && (
            <>
              <div>
                <dt>{t('bo.order.paymentState')}</dt>
                <dd data-testid="payment-state">
                  {t(`bo.payment.${order.payment.state}`)}
                  {order.payment.decline_code ? ` (${order.payment.decline_code})` : ''}
                </dd>
              </div>
              <div>
                <dt>{t('bo.order.amount')}</dt>
                <dd className="num">{f.won(order.payment.amount_won)}</dd>
              </div>
              {order.payment.captured_at && (
                <div>
                  <dt>{t('bo.order.capturedAt')}</dt>
                  <dd>
                    <Time iso={order.payment.captured_at} />
                  </dd>
                </div>
              )}
            </>
          )}
          {order.payment_due_at && s === 'pending_payment' && (
            <div>
              <dt>{t('bo.order.dueAt')}</dt>
              <dd>
                <Time iso={order.payment_due_at} />
              </dd>
            </div>
          )}
        </dl>
        {order.refunds && order.refunds.length > 0 && (
          <>
            <h3 className="order-subtitle">{t('bo.order.refunds')}</h3>
            <ul className="refunds" data-testid="refunds">
              {order.refunds.map((r) => (
                <li key={r.id} data-testid="refund">
                  <span className="num">{f.won(r.amount_won)}</span> · {t(`bo.refund.${r.state}`)} ·{' '}
                  <Time iso={r.created_at} />
                  {r.reason && <span className="muted"> · {r.reason}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
        {returnable && (
          <Action
            label={t('bo.order.returns')}
            testId="open-return"
            open={open === 'return'}
            onOpen={() => setOpen('return')}
          >
            <ReturnForm
              merchantId={merchantId}
              order={order}
              onDone={() => {
                setOpen(null);
                setNotice(t('bo.return.done'));
                void load();
              }}
            />
          </Action>
        )}
      </section>

      {order.events && order.events.length > 0 && (
        <section className="card section" aria-labelledby="order-history">
          <h2 id="order-history">{t('orders.history')}</h2>
          <OrderHistory events={order.events} />
        </section>
      )}
    </div>
  );
}
