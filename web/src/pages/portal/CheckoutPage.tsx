// /checkout (signed in): the cart becomes one order per merchant (POST /api/v1/checkouts). The
// contact comes from the account; per merchant the shopper chooses delivery (to a Korean address,
// one address reused for every delivery unless a merchant gets its own) or pickup at one of the
// merchant's shops listed with the cart; then the payment method (pay at the shop only when every
// order is a pickup, cash on delivery only when every order is a delivery). Each merchant's total
// shows its delivery fee by its rules (the Jeju surcharge estimated here; the islands' is known only
// to the server, which decides) and the VAT included.
//
// The order is placed under an Idempotency-Key made once per attempt: a retry of the same attempt
// (the same body, e.g. after a network error) sends the same key, so that it cannot order twice; any
// change makes a new one. The total shown goes as expected_total_won. A cart that changed meanwhile
// (409 cart_changed) sends the shopper back to the cart with its lines marked; a total that changed
// (409 total_changed) is shown and ordered only once the shopper has seen it; field errors go to
// their fields. A card order goes on to the card payment, the others to the confirmation.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  getCart,
  getMyCustomerProfile,
  isApiError,
  newIdempotencyKey,
  placeCheckout,
  type Cart,
  type CartMerchant,
  type CheckoutInput,
  type DeliveryAddress,
  type Fulfilment,
  type PaymentMethod,
  type PointsBalance,
} from '../../api';
import { ErrorBanner, Loading, SubmitButton, TextField } from '../../components/Form';
import { PickupPlaceView, useOrdersText } from '../../components/OrderBits';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useCartCount } from '../../cart';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useMe } from '../../session';
import { rememberCart } from './CartPage';

const ADDRESS_FIELDS = ['recipient', 'phone', 'postal_code', 'road_address', 'detail', 'note'] as const;
type AddressField = (typeof ADDRESS_FIELDS)[number];

interface Choice {
  fulfilment: Fulfilment;
  pickupId: string;
  /** Delivered to an address of its own instead of the shared one. */
  own: boolean;
  address: DeliveryAddress;
}

const EMPTY_ADDRESS: DeliveryAddress = {
  recipient: '',
  phone: '',
  postal_code: '',
  road_address: '',
  detail: '',
  note: '',
};

/** Jeju's postal codes (63000–63644), as docs/orders.md gives them; the islands' table is the server's. */
export function isJeju(postal: string): boolean {
  if (!/^\d{5}$/.test(postal)) return false;
  const n = Number(postal);
  return n >= 63000 && n <= 63644;
}

/** The delivery fee of a merchant's order by its rules: the flat fee unless free, plus Jeju's surcharge. */
export function deliveryFee(group: CartMerchant, postal: string): number {
  const rules = group.shipping;
  const free = rules.free_over_won !== null && group.subtotal_won >= rules.free_over_won;
  return (free ? 0 : rules.flat_fee_won) + (isJeju(postal) ? rules.jeju_surcharge_won : 0);
}

/** The VAT inside an amount that includes it at 10%: amount − round(amount ÷ 1.1). */
export function vatIncluded(amount: number): number {
  return amount - Math.round(amount / 1.1);
}

function trimmed(a: DeliveryAddress): DeliveryAddress {
  return {
    recipient: a.recipient.trim(),
    phone: a.phone.trim(),
    postal_code: a.postal_code.trim(),
    road_address: a.road_address.trim(),
    detail: a.detail.trim(),
    note: a.note.trim(),
  };
}

/** The amount in a total_changed problem: a `total_won` member if the server sends one, else its sentence. */
function changedTotal(error: unknown): number | null {
  if (!isApiError(error) || error.problem === null) return null;
  const member = (error.problem as { total_won?: unknown }).total_won;
  if (typeof member === 'number') return member;
  const match = /now\s+([\d,]+)/.exec(error.problem.detail ?? '');
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
}

function AddressForm({
  prefix,
  value,
  onChange,
  errors,
}: {
  prefix: string;
  value: DeliveryAddress;
  onChange: (field: AddressField, text: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const field = (name: AddressField) => errors[`${prefix}.${name}`];
  return (
    <div className="address-form" data-testid="address-form" data-for={prefix}>
      <div className="form__grid">
        <TextField
          label={t('checkout.address.recipient')}
          name={`${prefix}-recipient`}
          value={value.recipient}
          onChange={(v) => onChange('recipient', v)}
          error={field('recipient')}
          autoComplete="shipping name"
          maxLength={50}
          required
        />
        <TextField
          label={t('checkout.address.phone')}
          name={`${prefix}-phone`}
          type="tel"
          value={value.phone}
          onChange={(v) => onChange('phone', v)}
          error={field('phone')}
          autoComplete="shipping tel"
          inputMode="tel"
          maxLength={20}
          placeholder="010-1234-5678"
          required
        />
      </div>
      <TextField
        label={t('checkout.address.postalCode')}
        name={`${prefix}-postal_code`}
        value={value.postal_code}
        onChange={(v) => onChange('postal_code', v)}
        error={field('postal_code')}
        hint={t('checkout.address.postalCodeHint')}
        autoComplete="shipping postal-code"
        inputMode="numeric"
        maxLength={10}
        required
      />
      <TextField
        label={t('checkout.address.road')}
        name={`${prefix}-road_address`}
        value={value.road_address}
        onChange={(v) => onChange('road_address', v)}
        error={field('road_address')}
        hint={t('checkout.address.roadHint')}
        autoComplete="shipping address-line1"
        maxLength={200}
        required
      />
      <TextField
        label={t('checkout.address.detail')}
        name={`${prefix}-detail`}
        value={value.detail}
        onChange={(v) => onChange('detail', v)}
        error={field('detail')}
        autoComplete="shipping address-line2"
        maxLength={100}
        optional
      />
      <TextField
        label={t('checkout.address.note')}
        name={`${prefix}-note`}
        value={value.note}
        onChange={(v) => onChange('note', v)}
        error={field('note')}
        hint={t('checkout.address.noteHint')}
        maxLength={200}
        optional
      />
    </div>
  );
}

function Radio({
  name,
  value,
  checked,
  onChange,
  children,
  hint,
  disabled,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  children: ReactNode;
  hint?: string | undefined;
  disabled?: boolean;
}) {
  return (
    <label className={disabled ? 'choice-card choice-card--off' : 'choice-card'}>
      <input type="radio" name={name} value={value} checked={checked} disabled={disabled} onChange={onChange} />
      <span>
        <span className="check__label check__label--plain">{children}</span>
        {hint && <span className="check__hint">{hint}</span>}
      </span>
    </label>
  );
}

function CheckoutForm({ cart }: { cart: Cart }) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useOrdersText();
  const me = useMe();
  const navigate = useNavigate();
  const { refresh: refreshCount } = useCartCount();

  const [name, setName] = useState(me?.user.name ?? '');
  const [email, setEmail] = useState(me?.user.email ?? '');
  const [phone, setPhone] = useState(me?.user.mobile ?? '');
  const [shared, setShared] = useState<DeliveryAddress>({
    ...EMPTY_ADDRESS,
    recipient: me?.user.name ?? '',
    phone: me?.user.mobile ?? '',
  });
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(
      cart.merchants.map((m) => [
        m.merchant_id,
        { fulfilment: 'delivery', pickupId: m.pickup_locations[0]?.id ?? '', own: false, address: EMPTY_ADDRESS },
      ]),
    ),
  );
  const [method, setMethod] = useState<PaymentMethod>('card');
  // The total the server named in a total_changed answer, once shown to the shopper.
  const [seenTotal, setSeenTotal] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<Failure | string | null>(null);
  const [sending, setSending] = useState(false);
  // Points to spend per merchant, as typed; the balances from my customer profile (none: no field).
  const [pointsText, setPointsText] = useState<Record<string, string>>({});
  const [balances, setBalances] = useState<Record<string, PointsBalance & { min_redeem?: number }>>({});
  useEffect(() => {
    const controller = new AbortController();
    getMyCustomerProfile(controller.signal).then(
      (profile) => setBalances(Object.fromEntries(profile.merchants.map((m) => [m.merchant_id, m.points]))),
      () => setBalances({}),
    );
    return () => controller.abort();
  }, []);
  // The attempt: its key and the body it was made for.
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const choiceOf = (id: string): Choice => choices[id]!;
  const allPickup = cart.merchants.every((m) => choiceOf(m.merchant_id).fulfilment === 'pickup');
  const allDelivery = cart.merchants.every((m) => choiceOf(m.merchant_id).fulfilment === 'delivery');
  const offered: PaymentMethod[] = [
    'card',
    'bank_transfer',
    ...(allPickup ? (['pay_at_pickup'] as const) : []),
    ...(allDelivery ? (['cash_on_delivery'] as const) : []),
  ];
  const payBy: PaymentMethod = offered.includes(method) ? method : 'card';
  const usesShared = cart.merchants.some((m) => {
    const c = choiceOf(m.merchant_id);
    return c.fulfilment === 'delivery' && !c.own;
  });

  const addressOf = (id: string): DeliveryAddress => {
    const c = choiceOf(id);
    return c.own ? c.address : shared;
  };
  const feeOf = (group: CartMerchant): number =>
    choiceOf(group.merchant_id).fulfilment === 'pickup'
      ? 0
      : deliveryFee(group, addressOf(group.merchant_id).postal_code.trim());
  const taxableOf = (group: CartMerchant): number =>
    group.lines.filter((l) => l.vat === 'taxable').reduce((sum, l) => sum + l.line_total_won, 0) + feeOf(group);
  /** The points typed for a merchant: a whole number, 0 when empty, null when not a number. */
  const pointsOf = (id: string): number | null => {
    const typed = (pointsText[id] ?? '').trim().replace(/,/g, '');
    if (typed === '') return 0;
    return /^\d{1,9}$/.test(typed) ? Number(typed) : null;
  };
  /** What is wrong with the points typed for a merchant, or null. */
  const pointsProblem = (group: CartMerchant): string | null => {
    const n = pointsOf(group.merchant_id);
    const balance = balances[group.merchant_id];
    if (n === null) return t('checkout.points.invalid');
    if (n === 0 || !balance) return null;
    if (n > balance.balance) return t('checkout.points.overBalance', { points: f.count(balance.balance) });
    if (n > group.subtotal_won) return t('checkout.points.overGoods');
    // Every order keeps a payment of at least 1 won (the server refuses `nothing_to_pay`).
    if (n >= group.subtotal_won + feeOf(group)) {
      return t('checkout.points.nothingToPay', { points: f.count(group.subtotal_won + feeOf(group) - 1) });
    }
    if (balance.min_redeem !== undefined && n < balance.min_redeem) {
      return t('checkout.points.belowMin', { points: f.count(balance.min_redeem) });
    }
    return null;
  };
  const usedOf = (group: CartMerchant): number =>
    pointsProblem(group) === null ? (pointsOf(group.merchant_id) ?? 0) : 0;
  const estimate = cart.merchants.reduce((sum, g) => sum + g.subtotal_won + feeOf(g) - usedOf(g), 0);
  const total = seenTotal ?? estimate;

  // Any change is a new attempt, and a total seen before no longer holds.
  function touched() {
    setSeenTotal(null);
  }
  function setChoice(id: string, change: Partial<Choice>) {
    touched();
    setChoices((old) => ({ ...old, [id]: { ...old[id]!, ...change } }));
  }

  function body(): CheckoutInput {
    return {
      email: email.trim(),
      name: name.trim(),
      phone: phone.trim(),
      payment_method: payBy,
      expected_total_won: total,
      ...(cart.merchants.some((m) => usedOf(m) > 0)
        ? {
            points: cart.merchants
              .filter((m) => usedOf(m) > 0)
              .map((m) => ({ merchant_id: m.merchant_id, points: usedOf(m) })),
          }
        : {}),
      orders: cart.merchants.map((m) => {
        const c = choiceOf(m.merchant_id);
        return c.fulfilment === 'pickup'
          ? { merchant_id: m.merchant_id, fulfilment: 'pickup', pickup_location_id: c.pickupId }
          : { merchant_id: m.merchant_id, fulfilment: 'delivery', address: trimmed(addressOf(m.merchant_id)) };
      }),
    };
  }

  /** The form's name for a server field: `orders[1].address.postal_code` → "shared.postal_code" or "<merchant>.postal_code". */
  function place(field: string, sent: CheckoutInput): string | null {
    if (['email', 'name', 'phone', 'payment_method'].includes(field)) return `contact.${field}`;
    const spent = /^points\[(\d+)\]/.exec(field);
    if (spent) {
      const entry = sent.points?.[Number(spent[1])];
      return entry ? `${entry.merchant_id}.points` : null;
    }
    const match = /^orders\[(\d+)\]\.(.+)$/.exec(field);
    if (!match) return null;
    const order = sent.orders[Number(match[1])];
    if (!order) return null;
    const rest = match[2]!;
    const address = /^address\.(\w+)$/.exec(rest);
    if (address) return `${choiceOf(order.merchant_id).own ? order.merchant_id : 'shared'}.${address[1]}`;
    if (rest === 'pickup_location_id') return `${order.merchant_id}.pickup`;
    if (rest === 'fulfilment' || rest === 'address') return `${order.merchant_id}.fulfilment`;
    return null;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const wrong = Object.fromEntries(
      cart.merchants.flatMap((m) => {
        const problem = pointsProblem(m);
        return problem === null ? [] : [[`${m.merchant_id}.points`, problem]];
      }),
    );
    if (Object.keys(wrong).length > 0) {
      setErrors(wrong);
      setBanner(t('form.checkFields'));
      return;
    }
    const sent = body();
    const bodyText = JSON.stringify(sent);
    if (attempt.current === null || attempt.current.body !== bodyText) {
      attempt.current = { key: newIdempotencyKey(), body: bodyText };
    }
    setSending(true);
    setErrors({});
    setBanner(null);
    try {
      const checkout = await placeCheckout(sent, attempt.current.key);
      refreshCount();
      if (checkout.payment_method === 'card') {
        navigate(`/checkout/${encodeURIComponent(checkout.id)}/pay`, { replace: true });
      } else {
        navigate(`/orders/checkout/${encodeURIComponent(checkout.id)}`, { replace: true, state: { placed: true } });
      }
    } catch (e) {
      setSending(false);
      if (isApiError(e) && e.reason === 'cart_changed') {
        const changed = e.fieldErrors.filter((fe) => fe.field.startsWith('lines.')).map((fe) => fe.field.slice(6));
        navigate('/cart', { state: { changed } });
        return;
      }
      if (isApiError(e) && e.reason === 'total_changed') {
        const now = changedTotal(e);
        if (now !== null) setSeenTotal(now);
        setBanner(now !== null ? t('checkout.totalChanged', { total: f.won(now) }) : { error: e });
        return;
      }
      const fields: Record<string, string> = {};
      const others: string[] = [];
      for (const fe of isApiError(e) ? e.fieldErrors : []) {
        const at = place(fe.field, sent);
        if (at !== null && !(at in fields)) fields[at] = text.field(fe);
        else if (at === null) others.push(text.field(fe));
      }
      setErrors(fields);
      if (Object.keys(fields).length > 0) setBanner([t('form.checkFields'), ...others].join(' '));
      else setBanner({ error: e });
    }
  }

  const bannerText = banner === null ? null : typeof banner === 'string' ? banner : text.problem(banner.error);

  return (
    <form className="form form--wide checkout" noValidate onSubmit={onSubmit} aria-busy={sending}>
      <section className="card section" aria-labelledby="checkout-contact">
        <h2 id="checkout-contact">{t('checkout.contact')}</h2>
        <div className="form__grid">
          <TextField
            label={t('checkout.name')}
            name="name"
            value={name}
            onChange={(v) => {
              touched();
              setName(v);
            }}
            error={errors['contact.name']}
            autoComplete="name"
            maxLength={50}
            required
          />
          <TextField
            label={t('checkout.phone')}
            name="phone"
            type="tel"
            value={phone}
            onChange={(v) => {
              touched();
              setPhone(v);
            }}
            error={errors['contact.phone']}
            autoComplete="tel"
            inputMode="tel"
            maxLength={20}
            placeholder="010-1234-5678"
            required
          />
        </div>
        <TextField
          label={t('checkout.email')}
          name="email"
          type="email"
          value={email}
          onChange={(v) => {
            touched();
            setEmail(v);
          }}
          error={errors['contact.email']}
          autoComplete="email"
          inputMode="email"
          maxLength={254}
          required
        />
      </section>

      {cart.merchants.map((group) => {
        const c = choiceOf(group.merchant_id);
        const id = group.merchant_id;
        const fee = feeOf(group);
        const merchantName = f.local({ ko: group.name_ko, en: group.name_en });
        return (
          <section
            key={id}
            className="card section checkout-merchant"
            aria-label={merchantName}
            data-testid="checkout-merchant"
            data-merchant-id={id}
          >
            <h2>{merchantName}</h2>
            <ul className="checkout-lines">
              {group.lines.map((l) => (
                <li key={l.variant_id}>
                  <span>
                    {f.local({ ko: l.title_ko, en: l.title_en })}
                    {Object.keys(l.options).length > 0 && (
                      <span className="muted"> ({Object.values(l.options).join(' / ')})</span>
                    )}{' '}
                    × {f.count(l.quantity)}
                  </span>
                  <span className="num">{f.won(l.line_total_won)}</span>
                </li>
              ))}
            </ul>
            <fieldset className="field field--group">
              <legend className="field__label">{t('checkout.fulfilment')}</legend>
              <div className="choice-cards">
                <Radio
                  name={`${id}-fulfilment`}
                  value="delivery"
                  checked={c.fulfilment === 'delivery'}
                  onChange={() => setChoice(id, { fulfilment: 'delivery' })}
                >
                  {t('checkout.delivery')}
                </Radio>
                <Radio
                  name={`${id}-fulfilment`}
                  value="pickup"
                  checked={c.fulfilment === 'pickup'}
                  disabled={group.pickup_locations.length === 0}
                  hint={group.pickup_locations.length === 0 ? t('checkout.noPickup') : undefined}
                  onChange={() => setChoice(id, { fulfilment: 'pickup' })}
                >
                  {t('checkout.pickup')}
                </Radio>
              </div>
              {errors[`${id}.fulfilment`] && (
                <p className="field__error" data-testid="field-error">
                  {errors[`${id}.fulfilment`]}
                </p>
              )}
            </fieldset>
            {c.fulfilment === 'pickup' && (
              <fieldset className="field field--group" data-testid="pickup-places">
                <legend className="field__label">{t('checkout.pickupShop')}</legend>
                <div className="choice-cards">
                  {group.pickup_locations.map((p) => (
                    <label key={p.id} className="choice-card">
                      <input
                        type="radio"
                        name={`${id}-pickup`}
                        value={p.id}
                        checked={c.pickupId === p.id}
                        onChange={() => setChoice(id, { pickupId: p.id })}
                        aria-label={f.local({ ko: p.name_ko, en: p.name_en })}
                      />
                      <PickupPlaceView place={p} />
                    </label>
                  ))}
                </div>
                {errors[`${id}.pickup`] && (
                  <p className="field__error" data-testid="field-error">
                    {errors[`${id}.pickup`]}
                  </p>
                )}
              </fieldset>
            )}
            {c.fulfilment === 'delivery' && (
              <>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={c.own}
                    onChange={(e) => setChoice(id, { own: e.target.checked })}
                    data-testid="own-address"
                  />
                  <span className="check__label check__label--plain">{t('checkout.ownAddress')}</span>
                </label>
                {c.own ? (
                  <AddressForm
                    prefix={id}
                    value={c.address}
                    errors={errors}
                    onChange={(field, v) => setChoice(id, { address: { ...c.address, [field]: v } })}
                  />
                ) : (
                  <p className="muted">{t('checkout.sharedAddressUsed')}</p>
                )}
              </>
            )}
            {(balances[id]?.balance ?? 0) > 0 && (
              <TextField
                label={t('checkout.points.label')}
                name={`${id}-points`}
                value={pointsText[id] ?? ''}
                onChange={(v) => {
                  touched();
                  setPointsText((old) => ({ ...old, [id]: v }));
                }}
                error={errors[`${id}.points`]}
                hint={
                  balances[id]!.min_redeem
                    ? t('checkout.points.hintMin', {
                        points: f.count(balances[id]!.balance),
                        min: f.count(balances[id]!.min_redeem ?? 0),
                      })
                    : t('checkout.points.hint', { points: f.count(balances[id]!.balance) })
                }
                inputMode="numeric"
                maxLength={11}
                autoComplete="off"
              />
            )}
            <dl className="totals">
              <div>
                <dt>{t('cart.subtotal')}</dt>
                <dd className="num">{f.won(group.subtotal_won)}</dd>
              </div>
              <div>
                <dt>{t(c.fulfilment === 'pickup' ? 'orders.shippingPickup' : 'orders.shipping')}</dt>
                <dd className="num" data-testid="merchant-fee">
                  {f.won(fee)}
                </dd>
              </div>
              {usedOf(group) > 0 && (
                <div>
                  <dt>{t('checkout.points.used')}</dt>
                  <dd className="num" data-testid="merchant-points">
                    {f.won(-usedOf(group))}
                  </dd>
                </div>
              )}
              <div className="totals__total">
                <dt>{t('checkout.merchantTotal')}</dt>
                <dd className="num" data-testid="merchant-total">
                  {f.won(group.subtotal_won + fee - usedOf(group))}
                </dd>
              </div>
              <div className="totals__vat">
                <dt>{t('orders.vatIncluded')}</dt>
                <dd className="num">{f.won(vatIncluded(taxableOf(group)))}</dd>
              </div>
            </dl>
          </section>
        );
      })}

      {usesShared && (
        <section className="card section" aria-labelledby="checkout-address">
          <h2 id="checkout-address">{t('checkout.address')}</h2>
          <p className="section__intro">{t('checkout.addressIntro')}</p>
          <AddressForm
            prefix="shared"
            value={shared}
            errors={errors}
            onChange={(field, v) => {
              touched();
              setShared((old) => ({ ...old, [field]: v }));
            }}
          />
        </section>
      )}

      <section className="card section" aria-labelledby="checkout-payment">
        <h2 id="checkout-payment">{t('checkout.payment')}</h2>
        <fieldset className="field field--group">
          <legend className="visually-hidden">{t('checkout.payment')}</legend>
          <div className="choice-cards">
            {offered.map((m) => (
              <Radio
                key={m}
                name="payment_method"
                value={m}
                checked={payBy === m}
                hint={t(`checkout.method.${m}.hint`)}
                onChange={() => {
                  touched();
                  setMethod(m);
                }}
              >
                {t(`orders.method.${m}`)}
              </Radio>
            ))}
          </div>
          {errors['contact.payment_method'] && (
            <p className="field__error" data-testid="field-error">
              {errors['contact.payment_method']}
            </p>
          )}
        </fieldset>
      </section>

      <section className="card section checkout-total" aria-labelledby="checkout-total">
        <h2 id="checkout-total">{t('checkout.totalTitle')}</h2>
        <dl className="totals">
          <div className="totals__total">
            <dt>{t('cart.total')}</dt>
            <dd className="num" data-testid="checkout-total">
              {f.won(total)}
            </dd>
          </div>
          <div className="totals__vat">
            <dt>{t('orders.vatIncluded')}</dt>
            <dd className="num">{f.won(cart.merchants.reduce((sum, g) => sum + vatIncluded(taxableOf(g)), 0))}</dd>
          </div>
        </dl>
        <p className="muted">{t('checkout.feeNote')}</p>
        {bannerText && <ErrorBanner testId="checkout-error">{bannerText}</ErrorBanner>}
        <div className="form__actions">
          <SubmitButton
            sending={sending}
            label={t('checkout.place', { total: f.won(total) })}
            sendingLabel={t('checkout.placing')}
          />
          <Link to="/cart" className="form__link">
            {t('checkout.backToCart')}
          </Link>
        </div>
      </section>
    </form>
  );
}

export function CheckoutPage() {
  const { t } = useI18n();
  useDocumentTitle(t('checkout.title'));
  const text = useOrdersText();
  const { update } = useCartCount();
  const [load, setLoad] = useState<{ kind: 'loading' } | ({ kind: 'error' } & Failure) | { kind: 'ready'; cart: Cart }>(
    { kind: 'loading' },
  );
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // Signed in: this read also brings a guest's cart into the account's.
    const controller = new AbortController();
    getCart(controller.signal).then(
      (cart) => {
        setLoad({ kind: 'ready', cart });
        update(cart);
        rememberCart(cart);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setLoad({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [attempt, update]);

  return (
    <div className="page page--checkout" data-testid="checkout">
      <h1>{t('checkout.title')}</h1>
      {load.kind === 'loading' && <Loading />}
      {load.kind === 'error' && (
        <>
          <ErrorBanner testId="checkout-load-error">{text.problem(load.error)}</ErrorBanner>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </>
      )}
      {load.kind === 'ready' && load.cart.merchants.length === 0 && (
        <div className="card empty-state" data-testid="cart-empty">
          <p className="empty-state__title">{t('cart.empty')}</p>
          <Link to="/" className="button">
            {t('cart.shop')}
          </Link>
        </div>
      )}
      {load.kind === 'ready' && load.cart.merchants.length > 0 && !load.cart.ready && (
        <div className="banner banner--error" role="alert" data-testid="cart-not-ready">
          <p>{t('cart.notReady')}</p>
          <Link to="/cart" className="button button--secondary">
            {t('checkout.backToCart')}
          </Link>
        </div>
      )}
      {load.kind === 'ready' && load.cart.merchants.length > 0 && load.cart.ready && <CheckoutForm cart={load.cart} />}
    </div>
  );
}
