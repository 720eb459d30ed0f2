// The shopper's cart count for the site header, for the whole app: loaded from GET /api/v1/cart at
// start and again whenever who is signed in changes (a guest's cart joins the account's on that
// read), and replaced by the pages that change the cart with the cart their call answered.
//
//   const { items, update } = useCartCount();
//   update(await addToCart(variantId, 1));
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getCart, type Cart } from './api';
import { useSession } from './session';

interface CartCountValue {
  /** Units in the cart, or null before the first answer. */
  items: number | null;
  /** Takes the count from a cart that a call answered. */
  update: (cart: Cart) => void;
  /** Asks the server again. */
  refresh: () => void;
}

const CartCountContext = createContext<CartCountValue | null>(null);

export function CartCountProvider({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const [items, setItems] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Who the cart belongs to: nobody yet (loading), a guest, or a person.
  const owner = state.status === 'signedIn' ? state.me.user.id : state.status === 'anonymous' ? 'guest' : null;

  useEffect(() => {
    if (owner === null) return;
    const controller = new AbortController();
    getCart(controller.signal).then(
      (cart) => setItems(cart.items),
      () => {
        // The header is no place for an error: the cart page says what went wrong.
      },
    );
    return () => controller.abort();
  }, [owner, attempt]);

  const update = useCallback((cart: Cart) => setItems(cart.items), []);
  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  const value = useMemo(() => ({ items, update, refresh }), [items, update, refresh]);
  return <CartCountContext.Provider value={value}>{children}</CartCountContext.Provider>;
}

export function useCartCount(): CartCountValue {
  const value = useContext(CartCountContext);
  if (!value) throw new Error('useCartCount outside CartCountProvider');
  return value;
}
