// /cart: the shopper's cart (GET /api/v1/cart), for guests and signed-in people alike. Lines are
// grouped by merchant, each with its picture, title, options, a quantity stepper (PUT), remove
// (DELETE), the unit price and the line total, and what changed since it was put in: a new price
// (accepted by setting the quantity again), too little stock (what is there is offered), or no longer
// sold (removed; such a line has no price now, the server's 0, so none is shown rather than "0원").
// Each merchant shows its subtotal, its delivery fee to the mainland and how much more makes delivery
// free; then the total and "checkout". A checkout refused because the cart changed sends the shopper
// here with the lines it named marked (location state `changed`).
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { getCart, removeCartLine, setCartLine, type Cart, type CartLine, type CartMerchant } from '../../api';
import { ErrorBanner, Loading } from '../../components/Form';
import { knowMerchantName, rememberPickupPlaces, useOrdersText } from '../../components/OrderBits';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useCartCount } from '../../cart';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { ImagePlaceholder } from './ProductCard';

const MAX_QUANTITY = 999;

type Load = { kind: 'loading' } | ({ kind: 'error' } & Failure) | { kind: 'ready'; cart: Cart };

/** What the shopper pays for delivery of a merchant's lines to the mainland, and the total of the cart with it. */
export function cartTotals(cart: Cart): { shipping: number; total: number } {
  const shipping = cart.merchants.reduce((sum, m) => sum + m.shipping_mainland_won, 0);
  return { shipping, total: cart.subtotal_won + shipping };
}

/** Keeps what the cart knows for the pages after it: the merchants' names and their pickup shops. */
export function rememberCart(cart: Cart): void {
  for (const m of cart.merchants) {
    knowMerchantName(m.merchant_id, { ko: m.name_ko, en: m.name_en || m.name_ko });
    rememberPickupPlaces(m.pickup_locations);
  }
}

function optionsText(options: Record<string, string>): string {
  return Object.values(options).join(' / ');
}

function LineView({
  line,
  marked,
  busy,
  onSet,
  onRemove,
  error,
}: {
  line: CartLine;
  marked: boolean;
  busy: boolean;
  onSet: (quantity: number) => void;
  onRemove: () => void;
  error: string | null;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const [typed, setTyped] = useState(String(line.quantity));
  useEffect(() => setTyped(String(line.quantity)), [line.quantity]);
  const title = f.local({ ko: line.title_ko, en: line.title_en });
  const inputId = `qty-${line.variant_id}`;

  function commit() {
    const n = Number(typed.trim());
    if (!Number.isInteger(n) || n < 1 || n > MAX_QUANTITY) {
      setTyped(String(line.quantity));
      return;
    }
    if (n !== line.quantity) onSet(n);
  }

  return (
    <li
      className={['cart-line', line.problem !== 'none' ? 'cart-line--problem' : '', marked ? 'cart-line--marked' : '']
        .filter(Boolean)
        .join(' ')}
      data-testid="cart-line"
      data-variant-id={line.variant_id}
      data-sku={line.sku}
      data-problem={line.problem}
    >
      <div className="cart-line__image">
        {line.image ? (
          <img className="product-image" src={line.image.url} alt="" loading="lazy" />
        ) : (
          <ImagePlaceholder className="cart-line__placeholder" />
        )}
      </div>
      <div className="cart-line__main">
        <p className="cart-line__title">
          <Link to={`/p/${encodeURIComponent(line.product_id)}`} data-testid="cart-line-title">
            {title}
          </Link>
        </p>
        {Object.keys(line.options).length > 0 && (
          <p className="muted cart-line__options" data-testid="cart-line-options">
            {optionsText(line.options)}
          </p>
        )}
        {line.problem !== 'unavailable' && (
          <p className="cart-line__price">
            <span className="muted">{t('cart.unitPrice')}</span>{' '}
            <span className="num">{f.won(line.unit_price_won)}</span>
          </p>
        )}
        {line.problem === 'price_changed' && (
          <div className="line-notice" role="status" data-testid="line-notice">
            <p>
              {t('cart.problem.price_changed', { from: f.won(line.price_seen_won), to: f.won(line.unit_price_won) })}
            </p>
            <button
              type="button"
              className="button button--small button--secondary"
              disabled={busy}
              onClick={() => onSet(line.quantity)}
            >
              {t('cart.acceptPrice')}
            </button>
          </div>
        )}
        {line.problem === 'short_of_stock' && (
          <div className="line-notice" role="status" data-testid="line-notice">
            <p>
              {line.available > 0
                ? t('cart.problem.short_of_stock', { n: f.count(line.available) })
                : t('cart.problem.sold_out')}
            </p>
            {line.available > 0 && (
              <button
                type="button"
                className="button button--small button--secondary"
                disabled={busy}
                onClick={() => onSet(Math.min(line.available, MAX_QUANTITY))}
              >
                {t('cart.takeAvailable', { n: f.count(line.available) })}
              </button>
            )}
          </div>
        )}
        {line.problem === 'unavailable' && (
          <div className="line-notice" role="status" data-testid="line-notice">
            <p>{t('cart.problem.unavailable')}</p>
          </div>
        )}
        {error && <p className="field__error">{error}</p>}
        <div className="cart-line__controls">
          {line.problem !== 'unavailable' && (
            <div className="stepper" role="group" aria-label={t('cart.quantityOf', { title })}>
              <button
                type="button"
                className="stepper__button"
                aria-label={t('cart.less')}
                disabled={busy || line.quantity <= 1}
                onClick={() => onSet(line.quantity - 1)}
              >
                −
              </button>
              <label htmlFor={inputId} className="visually-hidden">
                {t('cart.quantity')}
              </label>
              <input
                id={inputId}
                className="stepper__input"
                inputMode="numeric"
                value={typed}
                maxLength={3}
                disabled={busy}
                data-testid="cart-quantity"
                onChange={(e) => setTyped(e.target.value)}
                onBlur={commit}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    commit();
                  }
                }}
              />
              <button
                type="button"
                className="stepper__button"
                aria-label={t('cart.more')}
                disabled={busy || line.quantity >= MAX_QUANTITY}
                onClick={() => onSet(line.quantity + 1)}
              >
                +
              </button>
            </div>
          )}
          <button
            type="button"
            className="button button--small button--quiet"
            disabled={busy}
            onClick={onRemove}
            aria-label={t('cart.removeLabel', { title })}
            data-testid="cart-remove"
          >
            {t('cart.remove')}
          </button>
        </div>
      </div>
      <p className="cart-line__total num" data-testid="cart-line-total">
        {line.problem !== 'unavailable' && f.won(line.line_total_won)}
      </p>
    </li>
  );
}

function MerchantGroup({
  group,
  marked,
  busy,
  errors,
  onSet,
  onRemove,
}: {
  group: CartMerchant;
  marked: Set<string>;
  busy: string | null;
  errors: Record<string, string>;
  onSet: (variantId: string, quantity: number) => void;
  onRemove: (variantId: string) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const rules = group.shipping;
  const more = rules.free_over_won !== null ? rules.free_over_won - group.subtotal_won : null;
  return (
    <section className="card cart-group" data-testid="cart-merchant" data-merchant-id={group.merchant_id}>
      <h2 className="cart-group__name">
        <Link to={`/s/${encodeURIComponent(group.merchant_id)}`}>
          {f.local({ ko: group.name_ko, en: group.name_en })}
        </Link>
      </h2>
      {!group.selling && <p className="muted">{t('cart.notSelling')}</p>}
      <ul className="cart-lines">
        {group.lines.map((line) => (
          <LineView
            key={line.variant_id}
            line={line}
            marked={marked.has(line.variant_id)}
            busy={busy === line.variant_id}
            error={errors[line.variant_id] ?? null}
            onSet={(q) => onSet(line.variant_id, q)}
            onRemove={() => onRemove(line.variant_id)}
          />
        ))}
      </ul>
      <dl className="totals cart-group__totals">
        <div>
          <dt>{t('cart.subtotal')}</dt>
          <dd className="num" data-testid="merchant-subtotal">
            {f.won(group.subtotal_won)}
          </dd>
        </div>
        <div>
          <dt>{t('cart.shipping')}</dt>
          <dd className="num" data-testid="merchant-shipping">
            {group.shipping_mainland_won === 0 ? t('cart.freeShipping') : f.won(group.shipping_mainland_won)}
          </dd>
        </div>
      </dl>
      {more !== null && more > 0 && (
        <p className="free-hint" data-testid="free-hint">
          {t('cart.freeHint', { amount: f.won(more) })}
        </p>
      )}
      <p className="muted cart-group__note">{t('cart.shippingNote')}</p>
    </section>
  );
}

export function CartPage() {
  const { t } = useI18n();
  const f = useFormat();
  useDocumentTitle(t('cart.title'));
  const text = useOrdersText();
  const navigate = useNavigate();
  const location = useLocation();
  const { state: session } = useSession();
  const { update } = useCartCount();
  const changed = (location.state as { changed?: string[] } | null)?.changed ?? [];
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});

  useEffect(() => {
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

  async function change(variantId: string, call: () => Promise<Cart>) {
    setBusy(variantId);
    setLineErrors((old) => {
      const next = { ...old };
      delete next[variantId];
      return next;
    });
    try {
      const cart = await call();
      setLoad({ kind: 'ready', cart });
      update(cart);
    } catch (e) {
      setLineErrors((old) => ({ ...old, [variantId]: text.problem(e) }));
    } finally {
      setBusy(null);
    }
  }

  if (load.kind === 'loading') return <Loading />;
  if (load.kind === 'error') {
    return (
      <div className="page">
        <h1>{t('cart.title')}</h1>
        <ErrorBanner testId="cart-error">{text.problem(load.error)}</ErrorBanner>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  const { cart } = load;
  const marked = new Set(changed);
  const { shipping, total } = cartTotals(cart);
  const guest = session.status !== 'signedIn';

  return (
    <div className="page page--cart" data-testid="cart">
      <h1>{t('cart.title')}</h1>
      {cart.merchants.length === 0 ? (
        <div className="card empty-state" data-testid="cart-empty">
          <p className="empty-state__title">{t('cart.empty')}</p>
          <Link to="/" className="button">
            {t('cart.shop')}
          </Link>
        </div>
      ) : (
        <>
          {changed.length > 0 && (
            <div className="banner banner--error" role="alert" data-testid="cart-changed">
              <p>{t('cart.changed')}</p>
            </div>
          )}
          <div className="cart-layout">
            <div className="cart-groups">
              {cart.merchants.map((group) => (
                <MerchantGroup
                  key={group.merchant_id}
                  group={group}
                  marked={marked}
                  busy={busy}
                  errors={lineErrors}
                  onSet={(v, q) => void change(v, () => setCartLine(v, q))}
                  onRemove={(v) => void change(v, () => removeCartLine(v))}
                />
              ))}
            </div>
            <aside className="card cart-summary" aria-labelledby="cart-summary">
              <h2 id="cart-summary">{t('cart.summary')}</h2>
              <dl className="totals">
                <div>
                  <dt>{t('cart.items')}</dt>
                  <dd className="num">{t('cart.itemsCount', { n: f.count(cart.items) })}</dd>
                </div>
                <div>
                  <dt>{t('cart.subtotal')}</dt>
                  <dd className="num">{f.won(cart.subtotal_won)}</dd>
                </div>
                <div>
                  <dt>{t('cart.shipping')}</dt>
                  <dd className="num">{f.won(shipping)}</dd>
                </div>
                <div className="totals__total">
                  <dt>{t('cart.total')}</dt>
                  <dd className="num" data-testid="cart-total">
                    {f.won(total)}
                  </dd>
                </div>
              </dl>
              {!cart.ready && (
                <p className="field__error" data-testid="cart-not-ready">
                  {t('cart.notReady')}
                </p>
              )}
              {guest && <p className="muted">{t('cart.guestNote')}</p>}
              <button
                type="button"
                className="button cart-summary__checkout"
                disabled={!cart.ready}
                onClick={() => navigate('/checkout')}
                data-testid="to-checkout"
              >
                {t('cart.checkout')}
              </button>
            </aside>
          </div>
        </>
      )}
    </div>
  );
}
