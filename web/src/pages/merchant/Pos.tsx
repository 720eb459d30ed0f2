// /merchant/:merchantId/pos: the web POS (매장 판매), made for a tablet at the counter (1024×768 and
// 768×1024, large touch targets). The shop is chosen once and remembered on the device. A scanner
// types a code and Enter into the focused barcode field; the line is added from the shop's price list
// (GET …/pos/items, every page, kept in IndexedDB and refreshed while online), or, for a code the list
// does not have, sold at a typed title and price (the server records it as an exception). Lines take
// a quantity, a discount and removal; the sale a discount; the customer's mobile number finds the
// merchant's members with it (name, member number, points) and their earlier sales here while online,
// and says that it needs the network when offline (the sale still carries the number). The VAT shown
// is that of the taxable lines only. Payment: cash (with the change), card, transfer, points, or split.
//
// Paying writes the sale to the device's queue first (posStore.ts) and then sends it (posSync.ts), so
// that the counter keeps selling while the network is down and a reload loses nothing; the badge says
// how many wait, and refused sales stay listed with the server's reason. The receipt prints on 80 mm
// paper. Returns and voids start from a receipt number (the journal, or the sales still on the
// device) or from the last sale.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import {
  listLocations,
  listPosItems,
  TENDER_METHODS,
  type PosItem,
  type PosSaleInput,
  type TenderMethod,
} from '../../api';
import { ConfirmButton } from '../../components/Bits';
import { ErrorBanner, Loading } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import {
  addItem,
  addUnknown,
  isCode,
  normalizeMobile,
  parseWon,
  PriceIndex,
  receiptLines,
  receiptOfInput,
  removeLine,
  saleLines,
  saleTotal,
  setDiscount,
  setQuantity,
  settle,
  subtotal,
  taxablePart,
  vatIncluded,
  vatLines,
  voidOf,
  type CartLine,
  type PaymentMode,
  type ReceiptData,
} from './posCart';
import { Receipt, usePosQueue, useShopName, useTenderName } from './posBits';
import {
  chooseShop,
  chosenShop,
  lastSale,
  loadPrices,
  nextSaleNumber,
  rememberCounterPerson,
  savedShops,
  savePrices,
  saveShops,
  setLastSale,
  type ShopInfo,
} from './posStore';
import {
  CustomerHistory,
  LineRow,
  NeedsAttention,
  ShopChooser,
  SyncBadge,
  UnknownItemForm,
  type UnknownDraft,
} from './posCounterParts';
import { ReturnsPanel } from './PosReturns';

const PRICE_REFRESH_MS = 10 * 60_000;
const MAX_PRICE_PAGES = 500;

/** The service worker that lets the counter open again without the network (public/pos-sw.js). */
function useCounterWorker() {
  useEffect(() => {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.register('/pos-sw.js', { scope: '/merchant/' }).catch(() => {
      // Without it the counter still sells offline; only a reload needs the network.
    });
  }, []);
}

type ShopsState = { kind: 'loading' } | { kind: 'ready'; shops: ShopInfo[]; offline: boolean } | { kind: 'none' };

/** The merchant's open shops (then other open locations): from the server, else as last seen here. */
function useCounterShops(merchantId: string): ShopsState {
  const [state, setState] = useState<ShopsState>({ kind: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    listLocations(merchantId, controller.signal).then(
      (answer) => {
        const open = answer.items.filter((l) => l.active);
        const shops = [...open.filter((l) => l.kind === 'shop'), ...open.filter((l) => l.kind !== 'shop')];
        saveShops(merchantId, shops);
        setState(shops.length > 0 ? { kind: 'ready', shops, offline: false } : { kind: 'none' });
      },
      () => {
        if (controller.signal.aborted) return;
        const saved = savedShops(merchantId);
        setState(saved && saved.length > 0 ? { kind: 'ready', shops: saved, offline: true } : { kind: 'none' });
      },
    );
    return () => controller.abort();
  }, [merchantId]);
  return state;
}

interface PriceState {
  index: PriceIndex;
  fetchedAt: string | null;
  loading: boolean;
  failed: boolean;
}

/** The shop's price list: the copy on the device at once, then every page from the server while online. */
function usePriceList(merchantId: string, locationId: string | null): PriceState & { refresh: () => void } {
  const [state, setState] = useState<PriceState>({
    index: new PriceIndex([]),
    fetchedAt: null,
    loading: true,
    failed: false,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!locationId) return undefined;
    let cancelled = false;
    const controller = new AbortController();
    (async () => {
      setState((old) => ({ ...old, loading: true, failed: false }));
      try {
        const saved = await loadPrices(merchantId, locationId);
        if (saved && !cancelled) {
          setState((old) => ({ ...old, index: new PriceIndex(saved.items), fetchedAt: saved.fetchedAt }));
        }
      } catch {
        // No IndexedDB: the list lives in memory only.
      }
      try {
        const items: PosItem[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < MAX_PRICE_PAGES; page += 1) {
          const answer = await listPosItems(merchantId, { location_id: locationId, cursor }, controller.signal);
          items.push(...answer.items);
          cursor = answer.next_cursor;
          if (!cursor) break;
        }
        const fetchedAt = new Date().toISOString();
        if (cancelled) return;
        setState({ index: new PriceIndex(items), fetchedAt, loading: false, failed: false });
        await savePrices(merchantId, locationId, items, fetchedAt).catch(() => undefined);
      } catch {
        if (!cancelled) setState((old) => ({ ...old, loading: false, failed: true }));
      }
    })();
    return () => {
      cancelled = true;
      controller.abort();
    };
  }, [merchantId, locationId, attempt]);

  useEffect(() => {
    const again = () => setAttempt((n) => n + 1);
    window.addEventListener('online', again);
    const timer = window.setInterval(() => {
      if (navigator.onLine) again();
    }, PRICE_REFRESH_MS);
    return () => {
      window.removeEventListener('online', again);
      window.clearInterval(timer);
    };
  }, []);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, refresh };
}

interface SplitPart {
  key: number;
  method: TenderMethod;
  amount: string;
}

const QUICK_CASH = [10_000, 50_000, 100_000];

export function Counter() {
  const { t } = useI18n();
  const f = useFormat();
  const tender = useTenderName();
  const shopName = useShopName();
  const { merchantId, merchantName, membership, personName, personId, offline: bootedOffline } = useBackOffice();
  useDocumentTitle(t('pos.title') + t('title.separator') + merchantName);
  useCounterWorker();

  // Who is at the counter, kept so that a reload without the network still opens it.
  useEffect(() => {
    if (!bootedOffline && personId) rememberCounterPerson({ user_id: personId, name: personName, membership });
  }, [bootedOffline, personId, personName, membership]);

  const shops = useCounterShops(merchantId);
  const [shopId, setShopId] = useState<string | null>(() => chosenShop(merchantId));
  const [choosing, setChoosing] = useState(false);
  const shopList = shops.kind === 'ready' ? shops.shops : [];
  const shop = shopList.find((s) => s.id === shopId) ?? null;
  const prices = usePriceList(merchantId, shop?.id ?? null);
  const { state: sync, sync: sender } = usePosQueue();

  const [lines, setLines] = useState<CartLine[]>([]);
  const [saleDiscountText, setSaleDiscountText] = useState('');
  const [phoneText, setPhoneText] = useState('');
  const [phone, setPhone] = useState<string | null>(null);
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [lookup, setLookup] = useState(false);
  // The customer's points balance as the lookup found it; null until a lookup answers.
  const [pointsBalance, setPointsBalance] = useState<number | null>(null);
  const [mode, setMode] = useState<PaymentMode>('cash');
  const [tenderedText, setTenderedText] = useState('');
  const [split, setSplit] = useState<SplitPart[]>([
    { key: 1, method: 'card', amount: '' },
    { key: 2, method: 'cash', amount: '' },
  ]);
  const [scan, setScan] = useState('');
  const [scanError, setScanError] = useState<string | null>(null);
  const [unknown, setUnknown] = useState<UnknownDraft | null>(null);
  const [view, setView] = useState<'sell' | 'returns' | 'receipt'>('sell');
  const [shown, setShown] = useState<ReceiptData | null>(null);
  const [payError, setPayError] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  const [last, setLast] = useState<ReceiptData | null>(() => lastSale(merchantId));
  const [waiting, setWaiting] = useState<Set<string>>(new Set());
  const scanRef = useRef<HTMLInputElement>(null);
  const newSaleRef = useRef<HTMLButtonElement>(null);

  // Back to the barcode field after a touch, without scrolling the page under the cashier's finger.
  const focusScan = useCallback(() => window.setTimeout(() => scanRef.current?.focus({ preventScroll: true }), 0), []);

  // Which sales still wait on the device (the receipt says "not sent yet" for those).
  useEffect(() => {
    if (!sender) return;
    let cancelled = false;
    sender
      .entries()
      .then((all) => {
        if (!cancelled) setWaiting(new Set(all.map((e) => e.sale_id)));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [sender, sync.queued, sync.refused.length, sync.lastSentAt]);

  const saleDiscount = parseWon(saleDiscountText) ?? 0;
  const sub = subtotal(lines);
  const total = saleTotal(lines, saleDiscount);
  const units = lines.reduce((n, l) => n + l.quantity, 0);
  const plan = useMemo(() => {
    if (mode === 'cash') return { mode, tendered: tenderedText.trim() === '' ? null : parseWon(tenderedText) } as const;
    if (mode === 'split') {
      return {
        mode,
        parts: split.map((p) => ({ method: p.method, amount: p.amount.trim() === '' ? null : parseWon(p.amount) })),
      } as const;
    }
    return { mode } as const;
  }, [mode, tenderedText, split]);
  const settlement = settle(plan, total);
  // Points are spent only up to the balance the customer's lookup found.
  const pointsSpent = settlement.ok
    ? settlement.payments.filter((p) => p.method === 'points').reduce((n, p) => n + p.amount, 0)
    : 0;
  const discountTooBig = saleDiscount > sub;

  // A refusal to pay is about what was on screen then: any change takes it away.
  useEffect(() => setPayError(null), [plan, lines, saleDiscountText, phoneText]);

  if (shops.kind === 'loading') return <Loading />;
  if (shops.kind === 'none') {
    return (
      <div className="card empty-state" data-testid="pos-no-shops">
        <p className="empty-state__title">{t('pos.shop.none')}</p>
        <Link to={`/merchant/${encodeURIComponent(merchantId)}/locations`} className="button">
          {t('pos.shop.add')}
        </Link>
      </div>
    );
  }
  if (!shop || choosing) {
    return (
      <ShopChooser
        shops={shopList}
        current={shop?.id ?? null}
        onChoose={(id) => {
          chooseShop(merchantId, id);
          setShopId(id);
          setChoosing(false);
          focusScan();
        }}
      />
    );
  }

  function clearSale() {
    setLines([]);
    setSaleDiscountText('');
    setPhoneText('');
    setPhone(null);
    setPhoneError(null);
    setLookup(false);
    setMode('cash');
    setTenderedText('');
    setSplit([
      { key: 1, method: 'card', amount: '' },
      { key: 2, method: 'cash', amount: '' },
    ]);
    setUnknown(null);
    setScanError(null);
    setPayError(null);
  }

  function onScan(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = scan.trim();
    if (code === '') return;
    setScanError(null);
    if (!isCode(code)) {
      setScanError(t('pos.scan.invalid'));
      return;
    }
    const item = prices.index.find(code);
    setScan('');
    if (item) {
      setLines((old) => addItem(old, item, code));
      setUnknown(null);
    } else {
      setUnknown({ code, title: '', price: '', quantity: '1' });
    }
  }

  function onPhoneBlur() {
    const typed = phoneText.trim();
    if (typed === '') {
      setPhone(null);
      setPhoneError(null);
      setLookup(false);
      return;
    }
    const normal = normalizeMobile(typed);
    if (normal) {
      setPhone(normal);
      setPhoneText(normal);
      setPhoneError(null);
    } else {
      setPhone(null);
      setPhoneError(t('field.invalid_mobile'));
      setLookup(false);
    }
  }

  async function record(input: PosSaleInput, receipt: ReceiptData, seq: number) {
    if (!sender) throw new Error('the queue is not ready');
    await sender.add({
      sale_id: input.sale_id,
      merchant_id: merchantId,
      seq,
      sale: input,
      state: 'queued',
      problem: null,
      queued_at: new Date().toISOString(),
      receipt,
    });
    setWaiting((old) => new Set(old).add(input.sale_id));
    setShown(receipt);
    setView('receipt');
    window.setTimeout(() => newSaleRef.current?.focus(), 0);
  }

  async function onPay() {
    setPayError(null);
    if (!shop || lines.length === 0 || paying) return;
    if (phoneText.trim() !== '' && !normalizeMobile(phoneText)) {
      setPhoneError(t('field.invalid_mobile'));
      return;
    }
    if (discountTooBig) {
      setPayError(t('pos.pay.discountTooBig'));
      return;
    }
    if (!settlement.ok) {
      setPayError(t(`pos.pay.${settlement.problem}`, { amount: f.won(settlement.missing) }));
      return;
    }
    if (pointsSpent > 0 && (!lookup || pointsBalance === null)) {
      setPayError(t('pos.pay.pointsLookup'));
      return;
    }
    if (pointsSpent > 0 && pointsBalance !== null && pointsSpent > pointsBalance) {
      setPayError(t('pos.pay.pointsOver', { points: f.count(pointsBalance) }));
      return;
    }
    setPaying(true);
    try {
      const n = nextSaleNumber();
      const customerPhone = phoneText.trim() === '' ? null : normalizeMobile(phoneText);
      const input: PosSaleInput = {
        sale_id: n.saleId,
        kind: 'sale',
        location_id: shop.id,
        receipt_no: n.receiptNo,
        sold_at: new Date().toISOString(),
        cashier: personName,
        ...(customerPhone ? { customer: { phone: customerPhone } } : {}),
        lines: saleLines(lines),
        ...(saleDiscount > 0 ? { discount: saleDiscount } : {}),
        payments: settlement.payments,
      };
      const receipt = receiptOfInput(input, {
        lines: receiptLines(lines),
        tendered: mode === 'cash' ? settlement.tendered : null,
        change: settlement.change,
      });
      await record(input, receipt, n.seq);
      setLastSale(merchantId, receipt);
      setLast(receipt);
      clearSale();
    } catch {
      setPayError(t('pos.pay.storageFailed'));
    } finally {
      setPaying(false);
    }
  }

  async function onVoidLast() {
    if (!last) return;
    setPayError(null);
    try {
      const n = nextSaleNumber();
      const made = voidOf(last, n, new Date().toISOString(), personName);
      await record(made.input, made.receipt, n.seq);
      const voided = { ...last, voided: true };
      setLastSale(merchantId, voided);
      setLast(voided);
    } catch {
      setPayError(t('pos.pay.storageFailed'));
    }
  }

  const status = (r: ReceiptData) =>
    sync.refused.some((e) => e.sale_id === r.saleId) ? 'refused' : waiting.has(r.saleId) ? 'queued' : 'sent';
  const priceCount = prices.index.size;

  return (
    <div className="pos" data-testid="pos" data-location-id={shop.id}>
      <header className="pos-bar">
        <div className="pos-bar__shop">
          <span className="pos-bar__name" data-testid="pos-shop-name">
            {shopName(shop)}
          </span>
          <button type="button" className="button button--small button--quiet" onClick={() => setChoosing(true)}>
            {t('pos.shop.change')}
          </button>
        </div>
        <span className="pos-bar__cashier">{t('pos.cashier', { name: personName })}</span>
        <span className="pos-bar__prices" data-testid="pos-prices" data-count={priceCount}>
          {prices.fetchedAt
            ? t('pos.prices.count', { n: f.count(priceCount), time: f.dateTime(prices.fetchedAt) })
            : prices.loading
              ? t('pos.prices.loading')
              : t('pos.prices.none')}
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={prices.refresh}
            disabled={prices.loading}
          >
            {t('pos.prices.refresh')}
          </button>
        </span>
        <SyncBadge state={sync} />
      </header>
      {bootedOffline && (
        <div className="banner banner--info" role="status" data-testid="pos-offline-boot">
          <p>{t('pos.offlineBoot')}</p>
        </div>
      )}
      <NeedsAttention sync={sender} state={sync} />

      {view === 'receipt' && shown && (
        <section className="pos-receipt" aria-labelledby="pos-receipt-title" data-testid="pos-receipt">
          <h2 id="pos-receipt-title" className="visually-hidden">
            {t('pos.receipt.title')}
          </h2>
          <Receipt
            data={shown}
            merchantName={merchantName}
            shop={shopList.find((s) => s.id === shown.locationId) ?? shop}
            status={status(shown)}
            printable
          />
          <div className="pos-receipt__actions">
            <button type="button" className="button button--quiet pos-button" onClick={() => window.print()}>
              {t('pos.receipt.print')}
            </button>
            <button
              type="button"
              ref={newSaleRef}
              className="button pos-button pos-button--big"
              data-testid="pos-new-sale"
              onClick={() => {
                setView('sell');
                setShown(null);
                focusScan();
              }}
            >
              {t('pos.receipt.newSale')}
            </button>
          </div>
        </section>
      )}

      {view === 'returns' && (
        <ReturnsPanel
          merchantId={merchantId}
          shopId={shop.id}
          shops={shopList}
          sync={sender}
          onDone={async (input, receipt, seq) => {
            await record(input, receipt, seq);
            if (last && input.kind === 'void' && input.original_sale_id === last.saleId) {
              const voided = { ...last, voided: true };
              setLastSale(merchantId, voided);
              setLast(voided);
            }
          }}
          onClose={() => {
            setView('sell');
            focusScan();
          }}
        />
      )}

      {view === 'sell' && (
        <div className="pos-main">
          <section className="pos-left" aria-label={t('pos.lines.label')}>
            <form className="pos-scan" onSubmit={onScan}>
              <label htmlFor="pos-scan" className="field__label">
                {t('pos.scan.label')}
              </label>
              <div className="pos-scan__row">
                <input
                  id="pos-scan"
                  ref={scanRef}
                  className="field__input pos-scan__input"
                  value={scan}
                  autoFocus
                  autoComplete="off"
                  autoCapitalize="off"
                  spellCheck={false}
                  enterKeyHint="enter"
                  maxLength={64}
                  placeholder={t('pos.scan.placeholder')}
                  aria-invalid={Boolean(scanError)}
                  aria-describedby={scanError ? 'pos-scan-error' : undefined}
                  onChange={(e) => setScan(e.target.value)}
                />
                <button type="submit" className="button pos-button">
                  {t('pos.scan.add')}
                </button>
              </div>
              {scanError && (
                <p id="pos-scan-error" className="field__error" data-testid="field-error">
                  {scanError}
                </p>
              )}
              {priceCount === 0 && !prices.loading && <p className="muted">{t('pos.prices.empty')}</p>}
            </form>
            {unknown && (
              <UnknownItemForm
                draft={unknown}
                onChange={setUnknown}
                onAdd={(line) => {
                  setLines((old) => addUnknown(old, line));
                  setUnknown(null);
                  focusScan();
                }}
                onCancel={() => {
                  setUnknown(null);
                  focusScan();
                }}
              />
            )}
            {lines.length === 0 ? (
              <p className="pos-empty" data-testid="pos-empty">
                {t('pos.lines.empty')}
              </p>
            ) : (
              <ul className="pos-lines" data-testid="pos-lines">
                {lines.map((l) => (
                  <LineRow
                    key={l.key}
                    line={l}
                    onQuantity={(q) => setLines((old) => setQuantity(old, l.key, q))}
                    onDiscount={(d) => setLines((old) => setDiscount(old, l.key, d))}
                    onRemove={() => {
                      setLines((old) => removeLine(old, l.key));
                      focusScan();
                    }}
                    onTouched={focusScan}
                  />
                ))}
              </ul>
            )}
            <div className="pos-left__more">
              <button
                type="button"
                className="button button--quiet pos-button"
                onClick={clearSale}
                disabled={lines.length === 0}
              >
                {t('pos.clear')}
              </button>
              <button
                type="button"
                className="button button--quiet pos-button"
                onClick={() => setView('returns')}
                data-testid="pos-open-returns"
              >
                {t('pos.returns.open')}
              </button>
              {last && !last.voided && last.kind === 'sale' && (
                <ConfirmButton
                  label={t('pos.voidLast')}
                  question={t('pos.voidLastQuestion', { receipt: last.receiptNo, amount: f.won(last.total) })}
                  confirmLabel={t('pos.returns.voidConfirm')}
                  sendingLabel={t('common.sending')}
                  onConfirm={onVoidLast}
                />
              )}
            </div>
          </section>

          <aside className="pos-right" aria-label={t('pos.pay.label')}>
            <div className="pos-customer">
              <label htmlFor="pos-phone" className="field__label">
                {t('pos.customer.phone')}
              </label>
              <div className="pos-scan__row">
                <input
                  id="pos-phone"
                  type="tel"
                  className="field__input"
                  value={phoneText}
                  inputMode="tel"
                  maxLength={20}
                  autoComplete="off"
                  placeholder="010-1234-5678"
                  aria-invalid={Boolean(phoneError)}
                  aria-describedby={phoneError ? 'pos-phone-error' : undefined}
                  onChange={(e) => {
                    setPhoneText(e.target.value);
                    setLookup(false);
                    setPointsBalance(null);
                  }}
                  onBlur={onPhoneBlur}
                />
                <button
                  type="button"
                  className="button button--quiet pos-button"
                  data-testid="pos-customer-lookup"
                  onClick={() => {
                    onPhoneBlur();
                    if (normalizeMobile(phoneText)) setLookup(true);
                  }}
                >
                  {t('pos.customer.lookup')}
                </button>
              </div>
              {phoneError && (
                <p id="pos-phone-error" className="field__error" data-testid="field-error">
                  {phoneError}
                </p>
              )}
              {lookup &&
                phone &&
                (sync.online ? (
                  <CustomerHistory
                    merchantId={merchantId}
                    phone={phone}
                    shops={shopList}
                    onBalance={setPointsBalance}
                  />
                ) : (
                  <p className="muted pos-history" role="status" data-testid="customer-offline">
                    {t('pos.customer.offline')}
                  </p>
                ))}
            </div>

            <label className="pos-discount pos-discount--inline">
              <span className="field__label">{t('pos.saleDiscount')}</span>
              <input
                className="field__input num"
                value={saleDiscountText}
                inputMode="numeric"
                maxLength={13}
                placeholder="0"
                autoComplete="off"
                onChange={(e) => setSaleDiscountText(e.target.value)}
              />
            </label>

            <fieldset className="pos-methods">
              <legend className="field__label">{t('pos.pay.method')}</legend>
              <div className="pos-methods__row">
                {(['cash', 'card', 'transfer', 'points', 'split'] as const).map((m) => (
                  <label key={m} className={mode === m ? 'pos-method pos-method--on' : 'pos-method'}>
                    <input type="radio" name="pos-method" value={m} checked={mode === m} onChange={() => setMode(m)} />
                    <span>{m === 'split' ? t('pos.method.split') : tender(m)}</span>
                  </label>
                ))}
              </div>
            </fieldset>

            {lookup && pointsBalance !== null && (mode === 'points' || mode === 'split') && (
              <p className="muted" data-testid="pos-points-balance">
                {t('pos.pay.pointsBalance', { points: f.count(pointsBalance) })}
              </p>
            )}

            {mode === 'cash' && (
              <div className="pos-cash">
                <label className="pos-discount pos-discount--inline">
                  <span className="field__label">{t('pos.pay.tendered')}</span>
                  <input
                    className="field__input num"
                    value={tenderedText}
                    inputMode="numeric"
                    maxLength={13}
                    placeholder={f.count(total)}
                    autoComplete="off"
                    onChange={(e) => setTenderedText(e.target.value)}
                  />
                </label>
                <div className="pos-cash__quick">
                  {QUICK_CASH.map((amount) => (
                    <button
                      key={amount}
                      type="button"
                      className="button button--quiet pos-button"
                      onClick={() => setTenderedText(String((parseWon(tenderedText) ?? 0) + amount))}
                    >
                      {t('pos.pay.quick', { man: f.count(amount / 10_000), won: f.won(amount) })}
                    </button>
                  ))}
                  <button type="button" className="button button--quiet pos-button" onClick={() => setTenderedText('')}>
                    {t('pos.pay.exact')}
                  </button>
                </div>
              </div>
            )}

            {mode === 'split' && (
              <div className="pos-split" data-testid="pos-split">
                {split.map((part, i) => (
                  <div key={part.key} className="pos-split__row">
                    <select
                      className="field__input field__select"
                      aria-label={t('pos.split.methodOf', { n: i + 1 })}
                      value={part.method}
                      onChange={(e) =>
                        setSplit((old) =>
                          old.map((p) =>
                            p.key === part.key
                              ? { ...p, method: TENDER_METHODS.find((m) => m === e.target.value) ?? 'cash' }
                              : p,
                          ),
                        )
                      }
                    >
                      {TENDER_METHODS.map((m) => (
                        <option key={m} value={m}>
                          {tender(m)}
                        </option>
                      ))}
                    </select>
                    <input
                      className="field__input num"
                      aria-label={t('pos.split.amountOf', { n: i + 1 })}
                      value={part.amount}
                      inputMode="numeric"
                      maxLength={13}
                      autoComplete="off"
                      onChange={(e) =>
                        setSplit((old) => old.map((p) => (p.key === part.key ? { ...p, amount: e.target.value } : p)))
                      }
                    />
                    <button
                      type="button"
                      className="pos-remove"
                      aria-label={t('pos.split.remove', { n: i + 1 })}
                      disabled={split.length <= 1}
                      onClick={() => setSplit((old) => old.filter((p) => p.key !== part.key))}
                    >
                      ×
                    </button>
                  </div>
                ))}
                <button
                  type="button"
                  className="button button--quiet button--small"
                  disabled={split.length >= 10}
                  onClick={() =>
                    setSplit((old) => [
                      ...old,
                      { key: Math.max(0, ...old.map((p) => p.key)) + 1, method: 'cash', amount: '' },
                    ])
                  }
                >
                  {t('pos.split.add')}
                </button>
                <p className="muted" data-testid="pos-split-left">
                  {settlement.ok
                    ? t('pos.split.balanced')
                    : t('pos.split.left', {
                        amount: f.won(settlement.problem === 'over' ? -settlement.missing : settlement.missing),
                      })}
                </p>
              </div>
            )}

            <div className="pos-checkout">
              <dl className="pos-totals">
                {saleDiscount > 0 && (
                  <div>
                    <dt>{t('pos.totals.subtotal')}</dt>
                    <dd className="num">{f.won(sub)}</dd>
                  </div>
                )}
                {saleDiscount > 0 && (
                  <div>
                    <dt>{t('pos.totals.discount')}</dt>
                    <dd className="num">{f.won(-saleDiscount)}</dd>
                  </div>
                )}
                <div className="pos-totals__total">
                  <dt>
                    {t('pos.totals.total')}{' '}
                    <span className="pos-totals__units" data-testid="pos-units">
                      {t('pos.totals.items', { n: f.count(units) })}
                    </span>
                  </dt>
                  <dd className="num" data-testid="pos-total">
                    {f.won(total)}
                  </dd>
                </div>
                <div className="pos-totals__vat">
                  <dt>{t('pos.totals.vat')}</dt>
                  <dd className="num" data-testid="pos-vat">
                    {f.won(vatIncluded(taxablePart(vatLines(lines), saleDiscount)))}
                  </dd>
                </div>
                {mode === 'cash' && (
                  <div className="pos-totals__change">
                    <dt>{t('pos.pay.change')}</dt>
                    <dd className="num" data-testid="pos-change">
                      {settlement.ok ? f.won(settlement.change) : '—'}
                    </dd>
                  </div>
                )}
              </dl>

              {payError && <ErrorBanner testId="pay-error">{payError}</ErrorBanner>}
              <button
                type="button"
                className="button pos-button pos-button--pay"
                disabled={lines.length === 0 || paying}
                onClick={() => void onPay()}
                data-testid="pos-pay"
              >
                {t('pos.pay.submit', { amount: f.won(total) })}
              </button>
            </div>
          </aside>
        </div>
      )}
    </div>
  );
}
