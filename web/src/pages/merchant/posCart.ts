// The counter's arithmetic and shapes, without React or storage: the price list's lookup by code,
// the lines of the sale being rung up, totals and the VAT inside them (of the taxable lines only: an
// exempt item's price has none), how it is paid (cash with the
// change, card, transfer, points, or split), the sale as the API takes it, a return's refund for
// chosen lines, and the Korean mobile number as the server writes it. Money is whole won (integers).
//
//   const index = new PriceIndex(items);
//   let lines = addItem([], index.find('8801234567893')!);
//   const total = saleTotal(lines, 0);
//   const paid = settle({ mode: 'cash', tendered: 50_000 }, total);   // {payments, change: …}
import type { PosItem, PosLineInput, PosSaleInput, PosTender, TenderMethod, VatMode } from '../../api';

/** A SKU or a barcode as the server takes it: 1–64 printable ASCII characters without spaces. */
export function isCode(text: string): boolean {
  return text.length >= 1 && text.length <= 64 && /^[\x21-\x7e]+$/.test(text);
}

/** The price list held in memory, looked up by SKU, then barcode, then SKU without regard to case. */
export class PriceIndex {
  private readonly bySku = new Map<string, PosItem>();
  private readonly byBarcode = new Map<string, PosItem>();
  private readonly bySkuFolded = new Map<string, PosItem>();

  constructor(readonly items: readonly PosItem[]) {
    for (const item of items) {
      this.bySku.set(item.sku, item);
      if (item.barcode) this.byBarcode.set(item.barcode, item);
      this.bySkuFolded.set(item.sku.toUpperCase(), item);
    }
  }

  get size(): number {
    return this.items.length;
  }

  find(code: string): PosItem | null {
    const c = code.trim();
    return this.bySku.get(c) ?? this.byBarcode.get(c) ?? this.bySkuFolded.get(c.toUpperCase()) ?? null;
  }
}

/** A line of the sale being rung up. */
export interface CartLine {
  /** Stable within the sale, for React keys. */
  key: string;
  /** As scanned or typed: what the server looks up (a SKU or a barcode). */
  code: string;
  variantId: string | null;
  sku: string;
  title: string;
  unitPrice: number;
  quantity: number;
  /** Won off the line. */
  discount: number;
  /** The code is not on the price list: the server records the line as an exception. */
  unknown: boolean;
  /** Whether its price includes VAT; an item typed at the counter counts as taxable. */
  vat: VatMode;
}

let lineSeq = 0;
function lineKey(): string {
  lineSeq += 1;
  return `l${Date.now().toString(36)}${lineSeq}`;
}

export const MAX_QUANTITY = 100_000;
export const MAX_WON = 1_000_000_000;

/** A variant's title with its options, as the receipt prints it: "순살 고등어 (500g)". */
export function itemTitle(item: Pick<PosItem, 'title_ko' | 'title_en' | 'options'>, lang: 'ko' | 'en' = 'ko'): string {
  const title = lang === 'en' && item.title_en ? item.title_en : item.title_ko;
  const options = Object.values(item.options ?? {}).filter(Boolean);
  return options.length > 0 ? `${title} (${options.join(', ')})` : title;
}

/** Adds one unit of a price-list item: to its line when it is there already, else as a new last line. */
export function addItem(lines: CartLine[], item: PosItem, code: string = item.sku): CartLine[] {
  const at = lines.findIndex((l) => l.variantId === item.variant_id && l.unitPrice === item.price);
  if (at >= 0) {
    return lines.map((l, i) => (i === at ? { ...l, quantity: Math.min(MAX_QUANTITY, l.quantity + 1) } : l));
  }
  return [
    ...lines,
    {
      key: lineKey(),
      code,
      variantId: item.variant_id,
      sku: item.sku,
      title: itemTitle(item),
      unitPrice: item.price,
      quantity: 1,
      discount: 0,
      unknown: false,
      vat: item.vat === 'exempt' ? 'exempt' : 'taxable',
    },
  ];
}

/** A code the price list does not have, sold at a typed title and price. */
export function addUnknown(
  lines: CartLine[],
  { code, title, price, quantity }: { code: string; title: string; price: number; quantity: number },
): CartLine[] {
  const at = lines.findIndex((l) => l.unknown && l.code === code && l.unitPrice === price && l.title === title);
  if (at >= 0) {
    return lines.map((l, i) => (i === at ? { ...l, quantity: Math.min(MAX_QUANTITY, l.quantity + quantity) } : l));
  }
  return [
    ...lines,
    {
      key: lineKey(),
      code,
      variantId: null,
      sku: '',
      title,
      unitPrice: price,
      quantity,
      discount: 0,
      unknown: true,
      vat: 'taxable',
    },
  ];
}

/** Sets a line's quantity (at least 1); a discount larger than the new amount is cut to it. */
export function setQuantity(lines: CartLine[], key: string, quantity: number): CartLine[] {
  const q = Math.max(1, Math.min(MAX_QUANTITY, Math.floor(quantity)));
  return lines.map((l) => (l.key === key ? { ...l, quantity: q, discount: Math.min(l.discount, q * l.unitPrice) } : l));
}

export function setDiscount(lines: CartLine[], key: string, discount: number): CartLine[] {
  return lines.map((l) =>
    l.key === key ? { ...l, discount: Math.max(0, Math.min(Math.floor(discount), l.quantity * l.unitPrice)) } : l,
  );
}

export function removeLine(lines: CartLine[], key: string): CartLine[] {
  return lines.filter((l) => l.key !== key);
}

export function lineAmount(line: Pick<CartLine, 'quantity' | 'unitPrice' | 'discount'>): number {
  return line.quantity * line.unitPrice - line.discount;
}

/** Σ line amounts (after their discounts). */
export function subtotal(lines: readonly CartLine[]): number {
  return lines.reduce((sum, l) => sum + lineAmount(l), 0);
}

export function saleTotal(lines: readonly CartLine[], saleDiscount: number): number {
  return Math.max(0, subtotal(lines) - saleDiscount);
}

/** The VAT inside an amount that includes it at 10%: amount − round(amount ÷ 1.1). */
export function vatIncluded(amount: number): number {
  return amount - Math.round(amount / 1.1);
}

/**
 * The taxable part of a sale's total: its taxable lines' amounts, less their share of the sale's
 * discount (in proportion to the amounts, the exempt lines' share rounded down, as a return shares
 * it). A line without `vat` (a receipt kept before lines carried it) counts as taxable.
 */
export function taxablePart(lines: readonly { amount: number; vat?: VatMode | undefined }[], discount: number): number {
  const sub = lines.reduce((sum, l) => sum + l.amount, 0);
  const exempt = lines.reduce((sum, l) => sum + (l.vat === 'exempt' ? l.amount : 0), 0);
  if (sub <= 0) return 0;
  const exemptShare = Math.floor((discount * exempt) / sub);
  return Math.max(0, sub - exempt - (discount - exemptShare));
}

/** The exempt part of a sale's total (what is not in taxablePart). */
export function exemptPart(lines: readonly { amount: number; vat?: VatMode | undefined }[], discount: number): number {
  const sub = lines.reduce((sum, l) => sum + l.amount, 0);
  return Math.max(0, sub - discount) - taxablePart(lines, discount);
}

/** The lines of the sale being rung up as amounts with their VAT mode, for taxablePart. */
export function vatLines(lines: readonly CartLine[]): { amount: number; vat: VatMode }[] {
  return lines.map((l) => ({ amount: lineAmount(l), vat: l.vat }));
}

/** How the customer pays. Cash takes what was handed over, to give the change. */
export type PaymentPlan =
  | { mode: 'cash'; tendered: number | null }
  | { mode: 'card' | 'transfer' | 'points' }
  | { mode: 'split'; parts: { method: TenderMethod; amount: number | null }[] };

export type PaymentMode = PaymentPlan['mode'];

export type Settlement =
  | { ok: true; payments: PosTender[]; tendered: number | null; change: number }
  /** `short`: cash handed over or split parts that fall short of the total (by `missing` won). */
  | { ok: false; problem: 'short' | 'over' | 'missing_amount'; missing: number };

/** The payments a plan makes for `total`, with the change for cash; a sale of 0 won has none. */
export function settle(plan: PaymentPlan, total: number): Settlement {
  if (total === 0) return { ok: true, payments: [], tendered: null, change: 0 };
  switch (plan.mode) {
    case 'cash': {
      const tendered = plan.tendered ?? total;
      if (tendered < total) return { ok: false, problem: 'short', missing: total - tendered };
      return { ok: true, payments: [{ method: 'cash', amount: total }], tendered, change: tendered - total };
    }
    case 'card':
    case 'transfer':
    case 'points':
      return { ok: true, payments: [{ method: plan.mode, amount: total }], tendered: null, change: 0 };
    case 'split': {
      const parts = plan.parts.filter((p) => p.amount !== null && p.amount > 0) as PosTender[];
      if (parts.length === 0) return { ok: false, problem: 'missing_amount', missing: total };
      const paid = parts.reduce((sum, p) => sum + p.amount, 0);
      if (paid < total) return { ok: false, problem: 'short', missing: total - paid };
      if (paid > total) return { ok: false, problem: 'over', missing: paid - total };
      // One payment per method, in the order they were first named.
      const merged: PosTender[] = [];
      for (const p of parts) {
        const same = merged.find((m) => m.method === p.method);
        if (same) same.amount += p.amount;
        else merged.push({ method: p.method, amount: p.amount });
      }
      return { ok: true, payments: merged, tendered: null, change: 0 };
    }
  }
}

/** The lines as the API takes them; every line carries the title the counter showed. */
export function saleLines(lines: readonly CartLine[]): PosLineInput[] {
  return lines.map((l) => ({
    code: l.code,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    ...(l.discount > 0 ? { discount: l.discount } : {}),
    title: l.title,
  }));
}

/**
 * A Korean mobile number as the server writes it (010-1234-5678; 3-3-4 for the older ten-digit
 * ones), from any common way of typing it (spaces, hyphens, dots, +82); null when it is not one.
 */
export function normalizeMobile(text: string): string | null {
  let t = text.trim();
  const international = t.startsWith('+82') || t.startsWith('0082');
  if (international) t = t.slice(t.startsWith('+') ? 3 : 4);
  let d = t.replace(/[\s\-.()]/g, '');
  if (!/^\d+$/.test(d)) return null;
  if (international && !d.startsWith('0')) d = `0${d}`;
  if (!d.startsWith('01') || d.length < 10 || d.length > 11) return null;
  if (!'016789'.includes(d[2]!)) return null;
  if (d[2] === '0' && d.length !== 11) return null;
  return `${d.slice(0, 3)}-${d.slice(3, d.length - 4)}-${d.slice(d.length - 4)}`;
}

/** A receipt's line, from a sale being rung up or from one the server recorded. */
export interface ReceiptLine {
  lineNo: number;
  code: string;
  variantId: string | null;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  amount: number;
  /** Already taken back by returns (from the server; 0 for a sale not sent yet). */
  returned: number;
  /** Whether its price includes VAT; missing on receipts kept before lines carried it (taxable). */
  vat?: VatMode;
}

/** Everything a receipt prints, and what a return or a void needs of the sale. */
export interface ReceiptData {
  saleId: string;
  kind: 'sale' | 'return' | 'void';
  originalSaleId: string | null;
  originalReceiptNo: string | null;
  locationId: string;
  receiptNo: string;
  soldAt: string;
  cashier: string;
  customerPhone: string;
  lines: ReceiptLine[];
  subtotal: number;
  discount: number;
  total: number;
  payments: PosTender[];
  tendered: number | null;
  change: number;
  restock: boolean;
  voided: boolean;
}

/**
 * A recorded sale, as the API answers it, for a receipt or a return. The API's lines do not say
 * whether they were taxable: `vatOf` tells it from a variant (the shop's price list); without it, or
 * for a variant it does not know, a line counts as taxable.
 */
export function receiptOfSale(
  sale: {
    sale_id: string;
    kind: 'sale' | 'return' | 'void';
    original_sale_id: string | null;
    location_id: string;
    receipt_no: string;
    sold_at: string;
    cashier: string;
    customer: { phone: string };
    lines: {
      line_no: number;
      code: string;
      variant_id: string | null;
      sku: string;
      title: string;
      quantity: number;
      unit_price: number;
      discount: number;
      amount: number;
      returned_quantity: number;
    }[];
    subtotal: number;
    discount: number;
    total: number;
    payments: PosTender[];
    restock: boolean;
    voided_by: string | null;
  },
  vatOf?: (variantId: string | null) => VatMode | undefined,
): ReceiptData {
  return {
    saleId: sale.sale_id,
    kind: sale.kind,
    originalSaleId: sale.original_sale_id,
    originalReceiptNo: null,
    locationId: sale.location_id,
    receiptNo: sale.receipt_no,
    soldAt: sale.sold_at,
    cashier: sale.cashier,
    customerPhone: sale.customer.phone,
    lines: sale.lines.map((l) => ({
      lineNo: l.line_no,
      code: l.code,
      variantId: l.variant_id,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      discount: l.discount,
      amount: l.amount,
      returned: l.returned_quantity,
      vat: vatOf?.(l.variant_id) ?? 'taxable',
    })),
    subtotal: sale.subtotal,
    discount: sale.discount,
    total: sale.total,
    payments: sale.payments,
    tendered: null,
    change: 0,
    restock: sale.restock,
    voided: sale.voided_by !== null,
  };
}

/** A sale about to be sent, as its receipt (before the server has seen it). */
export function receiptOfInput(
  input: PosSaleInput,
  extra: { lines: ReceiptLine[]; tendered: number | null; change: number; originalReceiptNo?: string | null },
): ReceiptData {
  const sub = extra.lines.reduce((sum, l) => sum + l.amount, 0);
  const discount = input.discount ?? 0;
  return {
    saleId: input.sale_id,
    kind: input.kind,
    originalSaleId: input.original_sale_id ?? null,
    originalReceiptNo: extra.originalReceiptNo ?? null,
    locationId: input.location_id,
    receiptNo: input.receipt_no,
    soldAt: input.sold_at,
    cashier: input.cashier ?? '',
    customerPhone: input.customer?.phone ?? '',
    lines: extra.lines,
    subtotal: sub,
    discount,
    total: sub - discount,
    payments: input.payments ?? [],
    tendered: extra.tendered,
    change: extra.change,
    restock: input.restock ?? true,
    voided: false,
  };
}

export function receiptLines(lines: readonly CartLine[]): ReceiptLine[] {
  return lines.map((l, i) => ({
    lineNo: i + 1,
    code: l.code,
    variantId: l.variantId,
    sku: l.sku,
    title: l.title,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discount: l.discount,
    amount: lineAmount(l),
    returned: 0,
    vat: l.vat,
  }));
}

/** What is left to take back of a sale's line. */
export function returnable(line: ReceiptLine): number {
  return Math.max(0, line.quantity - line.returned);
}

/**
 * The lines of a return of `chosen` units (by line number) of `sale`, and the refund: each unit is
 * paid back at what it was paid, that is its line's amount less its share of the sale's discount,
 * rounded down to the won. A line goes back under the code that names the same variant (its SKU), or
 * under its own code for an item the price list did not know.
 */
export function returnOf(sale: ReceiptData, chosen: Record<number, number>): { lines: ReceiptLine[]; refund: number } {
  const lines: ReceiptLine[] = [];
  let refund = 0;
  for (const line of sale.lines) {
    const q = Math.min(chosen[line.lineNo] ?? 0, returnable(line));
    if (q <= 0) continue;
    const share = sale.subtotal > 0 ? Math.floor((sale.discount * line.amount) / sale.subtotal) : 0;
    const paidForLine = line.amount - share;
    const back = Math.floor((paidForLine * q) / line.quantity);
    const discount = Math.max(0, line.unitPrice * q - back);
    lines.push({
      lineNo: lines.length + 1,
      code: line.variantId && line.sku ? line.sku : line.code,
      variantId: line.variantId,
      sku: line.sku,
      title: line.title,
      quantity: q,
      unitPrice: line.unitPrice,
      discount,
      amount: line.unitPrice * q - discount,
      returned: 0,
      ...(line.vat ? { vat: line.vat } : {}),
    });
    refund += line.unitPrice * q - discount;
  }
  return { lines, refund };
}

/** A receipt's lines as the API's input lines. */
export function inputLines(lines: readonly ReceiptLine[]): PosLineInput[] {
  return lines.map((l) => ({
    code: l.code,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    ...(l.discount > 0 ? { discount: l.discount } : {}),
    title: l.title,
  }));
}

/** A whole number of won typed by a person ("12,900", "12900원"), or null when it is not one. */
export function parseWon(text: string): number | null {
  const cleaned = text.replace(/[,\s원₩]/g, '');
  if (!/^\d{1,10}$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return n <= MAX_WON ? n : null;
}

/**
 * A void of a whole sale: no lines or payments of its own (the server copies the sale's), at the
 * sale's own location; its receipt repeats the sale's lines as taken back.
 */
export function voidOf(
  original: ReceiptData,
  made: { saleId: string; receiptNo: string },
  soldAt: string,
  cashier: string,
): { input: PosSaleInput; receipt: ReceiptData } {
  const input: PosSaleInput = {
    sale_id: made.saleId,
    kind: 'void',
    original_sale_id: original.saleId,
    location_id: original.locationId,
    receipt_no: made.receiptNo,
    sold_at: soldAt,
    cashier,
  };
  const receipt: ReceiptData = {
    ...original,
    saleId: made.saleId,
    kind: 'void',
    originalSaleId: original.saleId,
    originalReceiptNo: original.receiptNo,
    receiptNo: made.receiptNo,
    soldAt,
    cashier,
    tendered: null,
    change: 0,
    voided: false,
  };
  return { input, receipt };
}
