// The product page's "add to cart": a quantity (1 to 999) and the button; guests too (the server
// sets the cart cookie on the first add). The cart's count in the header follows the answer, and a
// short confirmation links to the cart.
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { addToCart } from '../../api';
import { useOrdersText } from '../../components/OrderBits';
import { useCartCount } from '../../cart';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';

export function AddToCart({ variantId }: { variantId: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useOrdersText();
  const id = useId();
  const { update } = useCartCount();
  const [quantity, setQuantity] = useState('1');
  const [sending, setSending] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [invalid, setInvalid] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const n = Number(quantity.trim());
    if (!Number.isInteger(n) || n < 1 || n > 999) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setSending(true);
    setFailure(null);
    setAdded(null);
    try {
      const cart = await addToCart(variantId, n);
      update(cart);
      setAdded(n);
    } catch (e) {
      setFailure({ error: e });
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="add-to-cart" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="add-to-cart">
      <div className="add-to-cart__row">
        <label htmlFor={`${id}-qty`} className="add-to-cart__label">
          {t('cart.quantity')}
        </label>
        <input
          id={`${id}-qty`}
          className="field__input add-to-cart__quantity"
          inputMode="numeric"
          maxLength={3}
          value={quantity}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(e) => setQuantity(e.target.value)}
        />
        <button type="submit" className="button" disabled={sending}>
          {sending ? t('common.sending') : t('cart.add')}
        </button>
      </div>
      {invalid && (
        <p id={`${id}-error`} className="field__error" data-testid="field-error">
          {t('cart.quantityInvalid')}
        </p>
      )}
      {added !== null && (
        <p className="banner banner--ok add-to-cart__done" role="status" data-testid="added">
          <span>{t('cart.added', { n: f.count(added) })}</span> <Link to="/cart">{t('cart.view')}</Link>
        </p>
      )}
      {failure && (
        <p className="field__error" role="alert" data-testid="add-error">
          {text.problem(failure.error)}
        </p>
      )}
    </form>
  );
}
