// What the counter's pages share: their own menu under the back office's 매장 POS tab (the counter,
// the sales journal, exceptions, the day report, the imports of past sales and of the membership list
// and, for owners, the devices) with the sender of the device's queued sales running under it
// (usePosQueue), payment methods and sale kinds in words, today's date in Korea, failed calls in words
// (the counter's own texts for a reason or a field code, `pos.reason.*` and `pos.field.*`, before the
// app's), and the receipt: a layout for 80 mm paper that prints alone (a copy in a portal under
// <body>, and a page as tall as the receipt while it is shown); its lines of VAT-exempt items are
// marked, and its VAT is that of the taxable lines only.
//
//   <Receipt data={receipt} merchantName={merchantName} shop={shop} printable />
//   <button onClick={() => window.print()}>…</button>
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { hasCsrfToken, isApiError, type Problem, type TenderMethod, type VatMode } from '../../api';
import { useProblemText } from '../../errors';
import { TIME_ZONE, useFormat } from '../../format';
import { isMessageKey, useI18n } from '../../i18n';
import { useSession } from '../../session';
import { useBackOffice } from './BackOffice';
import { exemptPart, taxablePart, vatIncluded, type ReceiptData } from './posCart';
import { loadVatModes, type ShopInfo } from './posStore';
import { INITIAL_SYNC, PosSync, type SyncState } from './posSync';

interface PosQueue {
  state: SyncState;
  sync: PosSync | null;
}

const PosQueueContext = createContext<PosQueue>({ state: INITIAL_SYNC, sync: null });

/** The device's queue of counter sales for the merchant, and its sender (see PosSection). */
export function usePosQueue(): PosQueue {
  return useContext(PosQueueContext);
}

/** The queue's sender for the merchant, running while any of the counter's pages is open. */
function usePosSync(merchantId: string): PosQueue {
  const { refresh } = useSession();
  const [state, setState] = useState<SyncState>(INITIAL_SYNC);
  const [sync, setSync] = useState<PosSync | null>(null);
  useEffect(() => {
    const made = new PosSync(merchantId, {
      // Booted without the network, the page has no CSRF token yet: ask who is signed in first.
      ensureSession: async () => {
        if (hasCsrfToken()) return true;
        await refresh();
        return hasCsrfToken();
      },
    });
    const unsubscribe = made.subscribe(setState);
    made.start();
    setSync(made);
    return () => {
      unsubscribe();
      made.stop();
    };
  }, [merchantId, refresh]);
  return useMemo(() => ({ state, sync }), [state, sync]);
}

/**
 * /merchant/:merchantId/pos/…: the counter's pages under one menu. Sales queued on this device keep
 * being sent while any of them is open; the menu says how many wait when the counter is not shown.
 */
export function PosSection() {
  const { t } = useI18n();
  const f = useFormat();
  const context = useBackOffice();
  const queue = usePosSync(context.merchantId);
  const { pathname } = useLocation();
  const base = `/merchant/${encodeURIComponent(context.merchantId)}/pos`;
  const atCounter = pathname === base || pathname === `${base}/`;
  const waiting = queue.state.queued + queue.state.refused.length;
  const links = [
    { to: base, label: t('pos.nav.counter'), end: true },
    { to: `${base}/sales`, label: t('pos.nav.sales'), end: false },
    { to: `${base}/exceptions`, label: t('pos.nav.exceptions'), end: false },
    { to: `${base}/report`, label: t('pos.nav.report'), end: false },
    { to: `${base}/imports`, label: t('pos.nav.salesImport'), end: false },
    { to: `${base}/member-imports`, label: t('pos.nav.memberImport'), end: false },
  ];
  if (context.isOwner) links.push({ to: `${base}/devices`, label: t('pos.nav.devices'), end: false });
  return (
    <div className="pos-section">
      <nav className="subnav no-print" aria-label={t('pos.nav.label')}>
        {links.map((l) => (
          <NavLink key={l.to} to={l.to} end={l.end} className="subnav__link">
            {l.label}
          </NavLink>
        ))}
        {!atCounter && waiting > 0 && (
          <Link to={base} className="subnav__queue" data-testid="pos-queue-pill">
            {t('pos.nav.waiting', { n: f.count(waiting) })}
          </Link>
        )}
      </nav>
      <PosQueueContext.Provider value={queue}>
        <Outlet context={context} />
      </PosQueueContext.Provider>
    </div>
  );
}

/**
 * A variant's VAT mode from the price lists kept on this device, for receipts of recorded sales (the
 * API's sale lines do not say); undefined for a variant none of them has (it counts as taxable).
 */
export function useVatModes(merchantId: string): (variantId: string | null) => VatMode | undefined {
  const [modes, setModes] = useState<Map<string, VatMode>>(() => new Map());
  useEffect(() => {
    let cancelled = false;
    loadVatModes(merchantId).then(
      (found) => {
        if (!cancelled) setModes(found);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [merchantId]);
  return useCallback((variantId) => (variantId ? modes.get(variantId) : undefined), [modes]);
}

export function useTenderName(): (method: TenderMethod) => string {
  const { t } = useI18n();
  return useCallback((method: TenderMethod) => t(`pos.method.${method}`), [t]);
}

export function SaleKindBadge({ kind }: { kind: 'sale' | 'return' | 'void' }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--pos-${kind}`} data-testid="sale-kind" data-kind={kind}>
      {t(`pos.kind.${kind}`)}
    </span>
  );
}

const seoulDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** A day in Korea as YYYY-MM-DD (the day of `at`, today by default). */
export function dayInSeoul(at: Date = new Date()): string {
  return seoulDate.format(at);
}

/** 010-1234-5678 → 010-****-5678: a receipt shows only what identifies the customer to themselves. */
export function maskPhone(phone: string): string {
  const parts = phone.split('-');
  if (parts.length !== 3) return phone;
  return `${parts[0]}-${'*'.repeat(parts[1]!.length)}-${parts[2]}`;
}

export interface PosText {
  field: (error: { code?: string | undefined; message: string }) => string;
  problem: (error: unknown) => string;
  /** A problem document as a batch result carries it (a refused sale). */
  problemDoc: (problem: Problem | null | undefined) => string;
}

export function usePosText(): PosText {
  const { t } = useI18n();
  const problemText = useProblemText();
  const field = useCallback(
    (error: { code?: string | undefined; message: string }) => {
      if (error.code) {
        for (const key of [`pos.field.${error.code}`, `inventory.field.${error.code}`, `field.${error.code}`]) {
          if (isMessageKey(key)) return t(key);
        }
      }
      return error.message;
    },
    [t],
  );
  const reasonText = useCallback(
    (reason: string | null) => {
      for (const key of [`pos.reason.${reason ?? ''}`, `inventory.reason.${reason ?? ''}`]) {
        if (isMessageKey(key)) return t(key);
      }
      return null;
    },
    [t],
  );
  const problem = useCallback(
    (error: unknown) => {
      if (isApiError(error) && error.kind === 'http') {
        const own = reasonText(error.reason);
        if (own) {
          const fields = error.fieldErrors.map((fe) => field(fe));
          return [own, ...fields].join(' ');
        }
      }
      return problemText(error);
    },
    [field, problemText, reasonText],
  );
  const problemDoc = useCallback(
    (doc: Problem | null | undefined) => {
      if (!doc) return t('error.unexpected');
      const type = doc.type ?? '';
      const reason = type.slice(type.lastIndexOf('/') + 1);
      const head = reasonText(reason) ?? doc.detail ?? doc.title ?? reason;
      const fields = (doc.errors ?? []).map((fe) => `${fe.field}: ${field(fe)}`);
      return [head, ...fields].join(' ');
    },
    [field, reasonText, t],
  );
  return useMemo(() => ({ field, problem, problemDoc }), [field, problem, problemDoc]);
}

/** The name of a shop in the page's language. */
export function useShopName(): (shop: Pick<ShopInfo, 'name_ko' | 'name_en'> | null | undefined) => string {
  const f = useFormat();
  return useCallback((shop) => (shop ? f.local({ ko: shop.name_ko, en: shop.name_en }) : '—'), [f]);
}

// Print pages are as tall as the receipt: `size: 80mm auto` is not valid CSS (a page size has no
// `auto` height), and Chromium drops the whole declaration for the printer's default (A4, Letter).
const PX_PER_MM = 96 / 25.4;
const PAGE_SLACK_MM = 6;

function useHeightMm(target: RefObject<HTMLElement>): number {
  const [mm, setMm] = useState(120);
  useLayoutEffect(() => {
    const el = target.current;
    if (!el) return undefined;
    const measure = () => setMm(Math.ceil(el.getBoundingClientRect().height / PX_PER_MM) + PAGE_SLACK_MM);
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [target]);
  return mm;
}

interface ReceiptProps {
  data: ReceiptData;
  merchantName: string;
  shop: ShopInfo | null | undefined;
  /** Where the sale stands with the server, printed at the bottom. */
  status?: 'queued' | 'sent' | 'refused' | undefined;
  /** Also put a copy under <body> that alone is printed (only one receipt on a page should be). */
  printable?: boolean;
}

function ReceiptBody({ data, merchantName, shop, status }: Omit<ReceiptProps, 'printable'>) {
  const { t } = useI18n();
  const f = useFormat();
  const tender = useTenderName();
  const shopName = useShopName();
  const back = data.kind !== 'sale';
  const won = (n: number) => f.won(back ? -n : n);
  // VAT is inside the taxable lines' amounts only; exempt items (fresh food, books) carry none.
  const taxable = taxablePart(data.lines, data.discount);
  const exempt = exemptPart(data.lines, data.discount);
  return (
    <>
      <header className="receipt__head">
        <p className="receipt__merchant">{merchantName}</p>
        {shop && <p className="receipt__shop">{shopName(shop)}</p>}
        {shop?.road_address && <p>{shop.road_address}</p>}
        {shop?.phone && <p>{t('pos.receipt.phone', { phone: shop.phone })}</p>}
      </header>
      <p className="receipt__kind" data-testid="receipt-kind">
        {t(`pos.receipt.kind.${data.kind}`)}
      </p>
      <dl className="receipt__meta">
        <div>
          <dt>{t('pos.receipt.no')}</dt>
          <dd data-testid="receipt-no">{data.receiptNo}</dd>
        </div>
        <div>
          <dt>{t('pos.receipt.time')}</dt>
          <dd>{f.dateTimeSeconds(data.soldAt)}</dd>
        </div>
        {data.cashier && (
          <div>
            <dt>{t('pos.receipt.cashier')}</dt>
            <dd>{data.cashier}</dd>
          </div>
        )}
        {data.customerPhone && (
          <div>
            <dt>{t('pos.receipt.customer')}</dt>
            <dd>{maskPhone(data.customerPhone)}</dd>
          </div>
        )}
        {data.originalSaleId && (
          <div>
            <dt>{t('pos.receipt.original')}</dt>
            <dd>{data.originalReceiptNo || data.originalSaleId}</dd>
          </div>
        )}
      </dl>
      <table className="receipt__lines">
        <thead>
          <tr>
            <th scope="col">{t('pos.receipt.item')}</th>
            <th scope="col" className="num">
              {t('pos.receipt.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((l) => (
            <tr key={l.lineNo} data-testid="receipt-line" data-vat={l.vat ?? 'taxable'}>
              <td>
                <span className="receipt__title">
                  {l.title || l.code}
                  {l.vat === 'exempt' && (
                    <>
                      {' '}
                      <span className="receipt__exempt" data-testid="receipt-exempt">
                        {t('pos.receipt.exempt')}
                      </span>
                    </>
                  )}
                </span>
                <span className="receipt__detail">
                  {t('pos.receipt.qtyTimesPrice', { quantity: f.count(l.quantity), price: f.won(l.unitPrice) })}
                  {l.discount > 0 && ` · ${t('pos.receipt.lineDiscount', { amount: f.won(l.discount) })}`}
                </span>
              </td>
              <td className="num">{won(l.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="receipt__totals">
        <div>
          <dt>{t('pos.receipt.subtotal')}</dt>
          <dd className="num">{won(data.subtotal)}</dd>
        </div>
        {data.discount > 0 && (
          <div>
            <dt>{t('pos.receipt.discount')}</dt>
            <dd className="num">{f.won(back ? data.discount : -data.discount)}</dd>
          </div>
        )}
        <div className="receipt__total">
          <dt>{t(back ? 'pos.receipt.refundTotal' : 'pos.receipt.total')}</dt>
          <dd className="num" data-testid="receipt-total">
            {won(data.total)}
          </dd>
        </div>
        {exempt > 0 && (
          <>
            <div>
              <dt>{t('pos.receipt.taxable')}</dt>
              <dd className="num" data-testid="receipt-taxable">
                {won(taxable)}
              </dd>
            </div>
            <div>
              <dt>{t('pos.receipt.exemptTotal')}</dt>
              <dd className="num" data-testid="receipt-exempt-total">
                {won(exempt)}
              </dd>
            </div>
          </>
        )}
        <div>
          <dt>{t('pos.receipt.vat')}</dt>
          <dd className="num" data-testid="receipt-vat">
            {won(vatIncluded(taxable))}
          </dd>
        </div>
      </dl>
      {data.payments.length > 0 && (
        <dl className="receipt__payments">
          {data.payments.map((p, i) => (
            <div key={`${p.method}-${i}`} data-testid="receipt-payment" data-method={p.method}>
              <dt>{tender(p.method)}</dt>
              <dd className="num">{won(p.amount)}</dd>
            </div>
          ))}
          {data.tendered !== null && (
            <div>
              <dt>{t('pos.receipt.tendered')}</dt>
              <dd className="num">{f.won(data.tendered)}</dd>
            </div>
          )}
          {data.tendered !== null && (
            <div className="receipt__change">
              <dt>{t('pos.receipt.change')}</dt>
              <dd className="num" data-testid="receipt-change">
                {f.won(data.change)}
              </dd>
            </div>
          )}
        </dl>
      )}
      {status && (
        <p className="receipt__status" data-testid="receipt-status" data-status={status}>
          {t(`pos.receipt.status.${status}`)}
        </p>
      )}
      <p className="receipt__thanks">{t('pos.receipt.thanks')}</p>
    </>
  );
}

/** A receipt on 80 mm paper; `printable` makes it what window.print() prints. */
export function Receipt(props: ReceiptProps) {
  const ref = useRef<HTMLElement>(null);
  const heightMm = useHeightMm(ref);
  const [host, setHost] = useState<HTMLElement | null>(null);
  const { printable = false, ...body } = props;

  useEffect(() => {
    if (!printable) return undefined;
    const el = document.createElement('div');
    el.className = 'receipt-print';
    document.body.appendChild(el);
    setHost(el);
    return () => {
      el.remove();
      setHost(null);
    };
  }, [printable]);

  return (
    <>
      <article className="receipt" ref={ref} data-testid="receipt" data-receipt-no={props.data.receiptNo}>
        <ReceiptBody {...body} />
      </article>
      {printable &&
        host &&
        createPortal(
          <>
            <style>{`@media print { @page { size: 80mm ${heightMm}mm; margin: 0; } }`}</style>
            <article className="receipt receipt--print" aria-hidden="true">
              <ReceiptBody {...body} />
            </article>
          </>,
          host,
        )}
    </>
  );
}
