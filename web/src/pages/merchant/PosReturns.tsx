// Returns and voids at the counter (Pos.tsx): a sale found by its receipt number, in the journal or
// still in the device's queue; chosen units of its lines taken back at what was paid for them (posCart
// returnOf) with the refund's method and whether the goods go back on hand, or the whole sale voided
// at its own shop. What is recorded goes through the counter's queue like any sale.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { listPosSales, TENDER_METHODS, type PosSaleInput, type TenderMethod } from '../../api';
import { ConfirmButton } from '../../components/Bits';
import { ErrorBanner } from '../../components/Form';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { inputLines, receiptOfInput, receiptOfSale, returnable, returnOf, voidOf, type ReceiptData } from './posCart';
import { SaleKindBadge, usePosText, useShopName, useTenderName, useVatModes } from './posBits';
import { nextSaleNumber, type QueuedSale, type ShopInfo } from './posStore';
import type { PosSync } from './posSync';

/** Returns and voids: a sale found by its receipt number (the journal, or still on this device). */
export function ReturnsPanel({
  merchantId,
  shopId,
  shops,
  sync,
  onDone,
  onClose,
}: {
  merchantId: string;
  shopId: string;
  shops: ShopInfo[];
  sync: PosSync | null;
  onDone: (input: PosSaleInput, receipt: ReceiptData, seq: number) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const text = usePosText();
  const tender = useTenderName();
  const shopName = useShopName();
  const { personName } = useBackOffice();
  const vatOf = useVatModes(merchantId);
  const [receiptNo, setReceiptNo] = useState('');
  const [found, setFound] = useState<{ sale: ReceiptData; local: boolean }[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<ReceiptData | null>(null);
  const [quantities, setQuantities] = useState<Record<number, number>>({});
  const [method, setMethod] = useState<TenderMethod>('cash');
  const [restock, setRestock] = useState(true);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  async function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const no = receiptNo.trim();
    if (!no) return;
    setSearchError(null);
    setChosen(null);
    const results: { sale: ReceiptData; local: boolean }[] = [];
    let local: QueuedSale[] = [];
    try {
      local = (await sync?.entries()) ?? [];
    } catch {
      local = [];
    }
    for (const e of local) {
      if (e.sale.receipt_no === no && e.sale.kind === 'sale') results.push({ sale: e.receipt, local: true });
    }
    try {
      const page = await listPosSales(merchantId, { receipt_no: no, limit: 20 });
      for (const s of page.items) {
        if (!results.some((r) => r.sale.saleId === s.sale_id)) {
          results.push({ sale: receiptOfSale(s, vatOf), local: false });
        }
      }
    } catch (e) {
      if (results.length === 0) setSearchError(text.problem(e));
    }
    setFound(results);
    if (results.length === 1) choose(results[0]!.sale);
  }

  function choose(sale: ReceiptData) {
    setChosen(sale);
    setQuantities({});
    setMethod(sale.payments[0]?.method ?? 'cash');
    setRestock(true);
  }

  const plan = chosen ? returnOf(chosen, quantities) : { lines: [], refund: 0 };
  const anyReturned = chosen ? chosen.lines.some((l) => l.returned > 0) : false;
  const canVoid =
    chosen !== null && chosen.kind === 'sale' && !chosen.voided && !anyReturned && chosen.locationId === shopId;

  async function recordReturn() {
    if (!chosen || plan.lines.length === 0) return;
    setBusy(true);
    setFailed(false);
    try {
      const n = nextSaleNumber();
      const input: PosSaleInput = {
        sale_id: n.saleId,
        kind: 'return',
        original_sale_id: chosen.saleId,
        location_id: shopId,
        receipt_no: n.receiptNo,
        sold_at: new Date().toISOString(),
        cashier: personName,
        ...(chosen.customerPhone ? { customer: { phone: chosen.customerPhone } } : {}),
        lines: inputLines(plan.lines),
        payments: plan.refund > 0 ? [{ method, amount: plan.refund }] : [],
        restock,
      };
      const receipt = receiptOfInput(input, {
        lines: plan.lines,
        tendered: null,
        change: 0,
        originalReceiptNo: chosen.receiptNo,
      });
      await onDone(input, receipt, n.seq);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  async function recordVoid() {
    if (!chosen) return;
    setFailed(false);
    try {
      const n = nextSaleNumber();
      const made = voidOf(chosen, n, new Date().toISOString(), personName);
      await onDone(made.input, made.receipt, n.seq);
    } catch {
      setFailed(true);
    }
  }

  return (
    <section className="card pos-returns" aria-labelledby="pos-returns-title" data-testid="pos-returns">
      <div className="section__head">
        <h2 id="pos-returns-title">{t('pos.returns.title')}</h2>
        <button type="button" className="button button--quiet pos-button" onClick={onClose}>
          {t('pos.returns.close')}
        </button>
      </div>
      <form className="pos-scan" role="search" onSubmit={onSearch}>
        <label htmlFor="pos-receipt-no" className="field__label">
          {t('pos.returns.receiptNo')}
        </label>
        <div className="pos-scan__row">
          <input
            id="pos-receipt-no"
            ref={inputRef}
            className="field__input pos-scan__input"
            value={receiptNo}
            maxLength={40}
            autoComplete="off"
            onChange={(e) => setReceiptNo(e.target.value)}
          />
          <button type="submit" className="button pos-button">
            {t('pos.returns.find')}
          </button>
        </div>
      </form>
      {searchError && <ErrorBanner testId="returns-error">{searchError}</ErrorBanner>}
      {failed && <ErrorBanner testId="returns-failed">{t('pos.pay.storageFailed')}</ErrorBanner>}
      {found && found.length === 0 && !searchError && <p className="empty">{t('pos.returns.none')}</p>}
      {found && found.length > 1 && (
        <ul className="pos-returns__found">
          {found.map((r) => (
            <li key={r.sale.saleId}>
              <button type="button" className="button button--quiet pos-button" onClick={() => choose(r.sale)}>
                {r.sale.receiptNo} · {f.dateTime(r.sale.soldAt)} ·{' '}
                {shopName(shops.find((s) => s.id === r.sale.locationId))} · {f.won(r.sale.total)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <div className="pos-returns__sale" data-testid="pos-return-sale" data-sale-id={chosen.saleId}>
          <p>
            <SaleKindBadge kind={chosen.kind} /> {t('pos.returns.sale', { receipt: chosen.receiptNo })} ·{' '}
            {f.dateTime(chosen.soldAt)} · {shopName(shops.find((s) => s.id === chosen.locationId))} ·{' '}
            {f.won(chosen.total)}
          </p>
          {chosen.voided && <p className="muted">{t('pos.returns.voided')}</p>}
          {chosen.kind === 'sale' && !chosen.voided && (
            <>
              <ul className="pos-returns__lines">
                {chosen.lines.map((l) => {
                  const left = returnable(l);
                  const q = quantities[l.lineNo] ?? 0;
                  return (
                    <li key={l.lineNo} className="pos-line" data-testid="return-line" data-code={l.code}>
                      <div className="pos-line__what">
                        <p className="pos-line__title">{l.title || l.code}</p>
                        <p className="pos-line__code">
                          {t('pos.returns.sold', { n: f.count(l.quantity), left: f.count(left) })} · {f.won(l.amount)}
                        </p>
                      </div>
                      <div
                        className="pos-line__qty"
                        role="group"
                        aria-label={t('pos.returns.quantityOf', { title: l.title })}
                      >
                        <button
                          type="button"
                          className="pos-step"
                          aria-label={t('pos.line.less', { title: l.title })}
                          disabled={q <= 0}
                          onClick={() => setQuantities((old) => ({ ...old, [l.lineNo]: Math.max(0, q - 1) }))}
                        >
                          −
                        </button>
                        <span className="pos-line__n num" data-testid="return-quantity">
                          {f.count(q)}
                        </span>
                        <button
                          type="button"
                          className="pos-step"
                          aria-label={t('pos.line.more', { title: l.title })}
                          disabled={q >= left}
                          onClick={() => setQuantities((old) => ({ ...old, [l.lineNo]: Math.min(left, q + 1) }))}
                        >
                          +
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ul>
              <div className="pos-returns__how">
                <label className="field">
                  <span className="field__label">{t('pos.returns.method')}</span>
                  <select
                    className="field__input field__select"
                    value={method}
                    onChange={(e) => setMethod(TENDER_METHODS.find((m) => m === e.target.value) ?? 'cash')}
                  >
                    {TENDER_METHODS.map((m) => (
                      <option key={m} value={m}>
                        {tender(m)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="check">
                  <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
                  <span className="check__label">{t('pos.returns.restock')}</span>
                </label>
              </div>
              <div className="button-row">
                <button
                  type="button"
                  className="button pos-button"
                  disabled={busy || plan.lines.length === 0}
                  onClick={() => void recordReturn()}
                  data-testid="record-return"
                >
                  {t('pos.returns.record', { amount: f.won(plan.refund) })}
                </button>
                {canVoid && (
                  <ConfirmButton
                    label={t('pos.returns.void')}
                    question={t('pos.returns.voidQuestion', { receipt: chosen.receiptNo })}
                    confirmLabel={t('pos.returns.voidConfirm')}
                    sendingLabel={t('common.sending')}
                    onConfirm={recordVoid}
                  />
                )}
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
