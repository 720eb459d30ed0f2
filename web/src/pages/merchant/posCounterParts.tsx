// The pieces of the counter's screen (Pos.tsx): the badge of the device's queue, the sales the server
// refused, the choice of the shop, the form for a code the price list does not have, a line of the sale
// with its touch buttons, and a customer found by their mobile number: the merchant's members with it
// and their earlier sales.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { findPosCustomers, isApiError, listPosSales, type PosCustomer, type PosSale } from '../../api';
import { ConfirmButton, Time } from '../../components/Bits';
import { Loading } from '../../components/Form';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { lineAmount, parseWon, type CartLine } from './posCart';
import { SaleKindBadge, usePosText, useShopName } from './posBits';
import type { ShopInfo } from './posStore';
import type { PosSync, SyncState } from './posSync';

/** The state of the device's queue in words: offline, sending, queued, needing attention, or all sent. */
export function SyncBadge({ state }: { state: SyncState }) {
  const { t } = useI18n();
  const f = useFormat();
  const n = f.count(state.queued);
  let kind: 'offline' | 'sending' | 'queued' | 'synced' | 'session' | 'attention';
  let text: string;
  if (state.problem === 'session') {
    kind = 'session';
    text = t('pos.sync.session', { n });
  } else if (!state.online) {
    kind = 'offline';
    text = state.queued > 0 ? t('pos.sync.offlineQueued', { n }) : t('pos.sync.offline');
  } else if (state.sending) {
    kind = 'sending';
    text = t('pos.sync.sending', { n });
  } else if (state.queued > 0) {
    kind = 'queued';
    text = t('pos.sync.queued', { n });
  } else if (state.refused.length > 0) {
    kind = 'attention';
    text = t('pos.sync.attention', { n: f.count(state.refused.length) });
  } else {
    kind = 'synced';
    text = t('pos.sync.synced');
  }
  return (
    <span
      className={`sync-badge sync-badge--${kind}`}
      role="status"
      data-testid="pos-sync"
      data-state={kind}
      data-queued={state.queued}
      data-refused={state.refused.length}
    >
      {text}
    </span>
  );
}

/** Sales the server refused: kept on the device with the reason, to send again or to put aside. */
export function NeedsAttention({ sync, state }: { sync: PosSync | null; state: SyncState }) {
  const { t } = useI18n();
  const f = useFormat();
  const text = usePosText();
  if (state.refused.length === 0) return null;
  return (
    <section className="pos-attention card" aria-labelledby="pos-attention-title" data-testid="pos-attention">
      <h2 id="pos-attention-title">{t('pos.attention.title', { n: f.count(state.refused.length) })}</h2>
      <p className="muted">{t('pos.attention.intro')}</p>
      <ul className="pos-attention__list">
        {state.refused.map((e) => (
          <li key={e.sale_id} data-testid="pos-refused" data-sale-id={e.sale_id}>
            <p className="pos-attention__what">
              <SaleKindBadge kind={e.sale.kind} /> {t('pos.attention.sale', { receipt: e.sale.receipt_no })} ·{' '}
              <Time iso={e.sale.sold_at} /> · {f.won(e.receipt.total)}
            </p>
            <p className="pos-attention__why" data-testid="pos-refused-problem">
              {text.problemDoc(e.problem)}
            </p>
            <span className="button-row">
              <button
                type="button"
                className="button button--small button--quiet"
                onClick={() => void sync?.retry(e.sale_id)}
              >
                {t('pos.attention.retry')}
              </button>
              <ConfirmButton
                label={t('pos.attention.dismiss')}
                question={t('pos.attention.dismissQuestion')}
                confirmLabel={t('pos.attention.dismissConfirm')}
                sendingLabel={t('common.sending')}
                onConfirm={async () => {
                  await sync?.dismiss(e.sale_id);
                }}
              />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ShopChooser({
  shops,
  current,
  onChoose,
}: {
  shops: ShopInfo[];
  current: string | null;
  onChoose: (id: string) => void;
}) {
  const { t } = useI18n();
  const name = useShopName();
  return (
    <section className="card pos-shops" aria-labelledby="pos-shops-title" data-testid="pos-shop-chooser">
      <h2 id="pos-shops-title">{t('pos.shop.title')}</h2>
      <p className="muted">{t('pos.shop.intro')}</p>
      <ul className="pos-shops__list">
        {shops.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={s.id === current ? 'pos-shop pos-shop--current' : 'pos-shop'}
              onClick={() => onChoose(s.id)}
              data-testid="pos-shop"
              data-location-id={s.id}
            >
              <span className="pos-shop__name">{name(s)}</span>
              <span className="pos-shop__address">{s.road_address}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface UnknownDraft {
  code: string;
  title: string;
  price: string;
  quantity: string;
}

/** A code not on the price list, sold at a typed title and price. */
export function UnknownItemForm({
  draft,
  onChange,
  onAdd,
  onCancel,
}: {
  draft: UnknownDraft;
  onChange: (draft: UnknownDraft) => void;
  onAdd: (line: { code: string; title: string; price: number; quantity: number }) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const title = draft.title.trim();
    const price = parseWon(draft.price);
    const quantity = Number(draft.quantity);
    if (title === '') found.title = t('field.required');
    if (price === null) found.price = t('pos.unknown.priceInvalid');
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 100_000)
      found.quantity = t('pos.unknown.quantityInvalid');
    setErrors(found);
    if (Object.keys(found).length > 0 || price === null) return;
    onAdd({ code: draft.code, title, price, quantity });
  }

  const field = (name: keyof UnknownDraft, label: string, input: JSX.Element) => (
    <div className={errors[name] ? 'field field--invalid' : 'field'}>
      <label htmlFor={`unknown-${name}`} className="field__label">
        {label}
      </label>
      {input}
      {errors[name] && (
        <p id={`unknown-${name}-error`} className="field__error" data-testid="field-error">
          {errors[name]}
        </p>
      )}
    </div>
  );

  return (
    <form
      className="pos-unknown card"
      noValidate
      onSubmit={onSubmit}
      data-testid="pos-unknown"
      aria-labelledby="pos-unknown-title"
    >
      <h2 id="pos-unknown-title">{t('pos.unknown.title', { code: draft.code })}</h2>
      <p className="pos-unknown__note" data-testid="pos-unknown-note">
        {t('pos.unknown.note')}
      </p>
      <div className="pos-unknown__grid">
        {field(
          'title',
          t('pos.unknown.itemTitle'),
          <input
            id="unknown-title"
            ref={titleRef}
            className="field__input"
            value={draft.title}
            maxLength={200}
            autoComplete="off"
            aria-invalid={Boolean(errors.title)}
            aria-describedby={errors.title ? 'unknown-title-error' : undefined}
            onChange={(e) => onChange({ ...draft, title: e.target.value })}
          />,
        )}
        {field(
          'price',
          t('pos.unknown.price'),
          <input
            id="unknown-price"
            className="field__input num"
            value={draft.price}
            inputMode="numeric"
            maxLength={13}
            autoComplete="off"
            aria-invalid={Boolean(errors.price)}
            aria-describedby={errors.price ? 'unknown-price-error' : undefined}
            onChange={(e) => onChange({ ...draft, price: e.target.value })}
          />,
        )}
        {field(
          'quantity',
          t('pos.unknown.quantity'),
          <input
            id="unknown-quantity"
            className="field__input num"
            value={draft.quantity}
            inputMode="numeric"
            maxLength={6}
            autoComplete="off"
            aria-invalid={Boolean(errors.quantity)}
            aria-describedby={errors.quantity ? 'unknown-quantity-error' : undefined}
            onChange={(e) => onChange({ ...draft, quantity: e.target.value })}
          />,
        )}
      </div>
      <div className="button-row">
        <button type="submit" className="button pos-button">
          {t('pos.unknown.add')}
        </button>
        <button type="button" className="button button--quiet pos-button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function LineRow({
  line,
  onQuantity,
  onDiscount,
  onRemove,
  onTouched,
}: {
  line: CartLine;
  onQuantity: (quantity: number) => void;
  onDiscount: (discount: number) => void;
  onRemove: () => void;
  /** A button was pressed with a finger or a mouse: the next scan goes to the barcode field again. */
  onTouched: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const [discountText, setDiscountText] = useState(line.discount > 0 ? String(line.discount) : '');
  useEffect(() => {
    setDiscountText((old) =>
      parseWon(old) === line.discount || (old === '' && line.discount === 0) ? old : String(line.discount),
    );
  }, [line.discount]);
  return (
    <li className="pos-line" data-testid="pos-line" data-code={line.code} data-quantity={line.quantity}>
      <div className="pos-line__what">
        <p className="pos-line__title">{line.title}</p>
        <p className="pos-line__code">
          <span className="num">{line.sku || line.code}</span> · {f.won(line.unitPrice)}
          {line.unknown && (
            <>
              {' '}
              <span className="badge badge--pos-unknown" data-testid="pos-line-unknown">
                {t('pos.line.unknown')}
              </span>
            </>
          )}
          {line.vat === 'exempt' && (
            <>
              {' '}
              <span className="badge badge--pos-exempt" data-testid="pos-line-exempt">
                {t('pos.receipt.exempt')}
              </span>
            </>
          )}
        </p>
      </div>
      <div className="pos-line__qty" role="group" aria-label={t('pos.line.quantityOf', { title: line.title })}>
        <button
          type="button"
          className="pos-step"
          aria-label={t('pos.line.less', { title: line.title })}
          disabled={line.quantity <= 1}
          onClick={(e) => {
            onQuantity(line.quantity - 1);
            if (e.detail > 0) onTouched();
          }}
        >
          −
        </button>
        <span className="pos-line__n num" data-testid="pos-line-quantity">
          {f.count(line.quantity)}
        </span>
        <button
          type="button"
          className="pos-step"
          aria-label={t('pos.line.more', { title: line.title })}
          onClick={(e) => {
            onQuantity(line.quantity + 1);
            if (e.detail > 0) onTouched();
          }}
        >
          +
        </button>
      </div>
      <label className="pos-line__discount">
        <span className="pos-line__label">{t('pos.line.discount')}</span>
        <input
          className="field__input num"
          value={discountText}
          inputMode="numeric"
          maxLength={13}
          placeholder="0"
          autoComplete="off"
          aria-label={t('pos.line.discountOf', { title: line.title })}
          onChange={(e) => {
            setDiscountText(e.target.value);
            const n = e.target.value.trim() === '' ? 0 : parseWon(e.target.value);
            if (n !== null) onDiscount(n);
          }}
        />
      </label>
      <p className="pos-line__amount num" data-testid="pos-line-amount">
        {f.won(lineAmount(line))}
      </p>
      <button
        type="button"
        className="pos-remove"
        aria-label={t('pos.line.remove', { title: line.title })}
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}

/**
 * What the counter knows of a customer by their mobile number: the merchant's members with it (name,
 * member number, points; GET …/pos/customers), then their earlier sales here (GET …/pos/sales?phone=).
 * Both need the network: without it, it says so (the sale still carries the number).
 */
export function CustomerHistory({
  merchantId,
  phone,
  shops,
  onBalance,
}: {
  merchantId: string;
  phone: string;
  shops: ShopInfo[];
  /** The points the customer may spend: the largest balance among those found (0 when none). */
  onBalance?: (points: number | null) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const text = usePosText();
  const shopName = useShopName();
  const [state, setState] = useState<
    | { kind: 'loading' }
    | { kind: 'error'; error: unknown }
    | { kind: 'ready'; members: PosCustomer[]; sales: PosSale[] }
  >({ kind: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: 'loading' });
    Promise.all([
      findPosCustomers(merchantId, phone, controller.signal),
      listPosSales(merchantId, { phone, limit: 10 }, controller.signal),
    ]).then(
      ([members, page]) => {
        setState({ kind: 'ready', members: members.items, sales: page.items });
        onBalance?.(members.items.reduce((most, m) => Math.max(most, m.points), 0));
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
    // onBalance is the counter's state setter: its identity does not change.
  }, [merchantId, phone]);
  const offline = state.kind === 'error' && isApiError(state.error) && state.error.kind === 'network';
  return (
    <div className="pos-history" data-testid="customer-history" aria-live="polite">
      {state.kind === 'loading' && <Loading />}
      {offline && (
        <p className="muted" data-testid="customer-offline">
          {t('pos.customer.offline')}
        </p>
      )}
      {state.kind === 'error' && !offline && <p className="muted">{text.problem(state.error)}</p>}
      {state.kind === 'ready' && (
        <div className="pos-members" data-testid="customer-members" data-count={state.members.length}>
          {state.members.length === 0 ? (
            <p className="muted">{t('pos.customer.noMember')}</p>
          ) : (
            <>
              <p className="pos-history__title" data-testid="customer-members-title">
                {state.members.every((m) => m.member !== false)
                  ? t('pos.customer.members', { n: f.count(state.members.length) })
                  : t('pos.customer.found', { n: f.count(state.members.length) })}
              </p>
              <ul className="pos-members__list">
                {state.members.map((m) => (
                  <li
                    key={m.id}
                    className="pos-member"
                    data-testid="customer-member"
                    data-card-no={m.card_no}
                    data-member={m.member !== false}
                  >
                    <span className="pos-member__name" data-testid="customer-member-name">
                      {m.name || t('cust.noName')}
                    </span>{' '}
                    {m.member === false && (
                      <span className="badge badge--not-granted">{t('pos.customer.notMember')}</span>
                    )}{' '}
                    {m.card_no && <span className="muted">{t('pos.customer.cardNo', { card: m.card_no })}</span>}{' '}
                    <span className="pos-member__points" data-testid="customer-member-points">
                      {t('pos.customer.points', { points: f.count(m.points) })}
                    </span>
                    {m.person_id && (
                      <>
                        {' '}
                        <Link
                          to={`/merchant/${encodeURIComponent(merchantId)}/customers/${encodeURIComponent(m.person_id)}`}
                          className="pos-member__link"
                          data-testid="customer-member-page"
                        >
                          {t('pos.customer.page')}
                        </Link>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {state.kind === 'ready' && state.sales.length === 0 && <p className="muted">{t('pos.customer.none')}</p>}
      {state.kind === 'ready' && state.sales.length > 0 && (
        <>
          <p className="pos-history__title" data-testid="customer-sales-title">
            {t('pos.customer.earlier', { n: f.count(state.sales.length) })}
          </p>
          <ul className="pos-history__list">
            {state.sales.map((s) => (
              <li key={s.id} data-testid="customer-sale">
                <Time iso={s.sold_at} /> · {shopName(shops.find((x) => x.id === s.location_id))} ·{' '}
                <SaleKindBadge kind={s.kind} /> {f.won(s.total)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
