// The product editor's form as plain data: what a person types (every number as the text typed),
// made from a product read and turned into the product input the API takes.
//
// Field names. The form names its fields by stable keys, not by position, so that an error stays on
// its row when rows are added, removed or reordered: `title_ko`, `attributes.origin`,
// `variants.<row>.barcode`, `variants.<row>.tiers.<tier>.min_quantity`, `images.<image>.hash`. The
// server names them by position (`variants[1].barcode`); `toInput` records which position each row
// was sent at, and `placeServerField` turns the server's name into the form's.
//
//   const { input, problems, paths } = toInput(form, attributes);
//   if (Object.keys(problems).length === 0) await createProduct(merchantId, input);
//   ... catch: placeServerField(paths, 'variants[1].barcode')  // "variants.v7.barcode"
import {
  SALES_CHANNELS,
  type AttributeValue,
  type Product,
  type ProductInput,
  type SalesChannel,
  type VariantInput,
  type VatMode,
} from '../../api';
import type { MessageKey } from '../../i18n/ko';
import type { PathAttribute } from './catalogTree';

export const MAX_IMAGES = 10;
export const MAX_VARIANTS = 100;
const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000; // Korea keeps no daylight saving time.

let lastKey = 0;
/** A key for a new row, unique on the page. */
export function rowKey(prefix: string): string {
  lastKey += 1;
  return `${prefix}${lastKey}`;
}

export interface OptionColumn {
  key: string;
  /** The option's name, e.g. 사이즈; the key of every variant's value. */
  name: string;
  /** The values typed for "make all combinations", separated by commas. */
  values: string;
}

export interface TierRow {
  key: string;
  min_quantity: string;
  unit_price_won: string;
}

export interface SaleRow {
  key: string;
  unit_price_won: string;
  /** datetime-local text, in Korean time (Asia/Seoul). */
  starts_at: string;
  ends_at: string;
  channel: '' | SalesChannel;
}

export interface VariantRow {
  key: string;
  /** The variant's id once saved; the server matches variants by SKU. */
  id: string | null;
  sku: string;
  barcode: string;
  /** Option column key → value. */
  options: Record<string, string>;
  weight_grams: string;
  base_price_won: string;
  channel_prices: Record<SalesChannel, string>;
  tiers: TierRow[];
  sales: SaleRow[];
}

export interface ImageRow {
  key: string;
  hash: string;
  url: string;
  width: number;
  height: number;
  alt: string;
}

export interface ProductForm {
  category_id: string;
  title_ko: string;
  title_en: string;
  brand: string;
  vat: VatMode;
  description: string;
  /** Attribute code → the text of its input ('true'/'false' for yes or no, a choice's code). */
  attributes: Record<string, string>;
  images: ImageRow[];
  options: OptionColumn[];
  variants: VariantRow[];
}

export function emptyVariant(options: Record<string, string> = {}): VariantRow {
  return {
    key: rowKey('v'),
    id: null,
    sku: '',
    barcode: '',
    options,
    weight_grams: '',
    base_price_won: '',
    channel_prices: { online: '', shop: '', business: '' },
    tiers: [],
    sales: [],
  };
}

export const emptyTier = (): TierRow => ({ key: rowKey('t'), min_quantity: '', unit_price_won: '' });
export const emptySale = (): SaleRow => ({
  key: rowKey('s'),
  unit_price_won: '',
  starts_at: '',
  ends_at: '',
  channel: '',
});
export const emptyOption = (name = ''): OptionColumn => ({ key: rowKey('o'), name, values: '' });

export function emptyForm(): ProductForm {
  return {
    category_id: '',
    title_ko: '',
    title_en: '',
    brand: '',
    vat: 'taxable',
    description: '',
    attributes: {},
    images: [],
    options: [],
    variants: [emptyVariant()],
  };
}

/** An RFC 3339 time as the datetime-local text of Korean time: "2026-11-23T09:30". */
export function toSeoulInput(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  return new Date(at + SEOUL_OFFSET_MS).toISOString().slice(0, 16);
}

/** A datetime-local text read as Korean time, as RFC 3339 UTC; null when it is not a time. */
export function fromSeoulInput(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
  const at = Date.parse(`${text.length === 16 ? `${text}:00` : text}+09:00`);
  if (Number.isNaN(at)) return null;
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function attributeText(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export function fromProduct(product: Product): ProductForm {
  // The option columns: every name the variants use, in the order first met.
  const options: OptionColumn[] = [];
  const columnOf = new Map<string, string>();
  for (const v of product.variants) {
    for (const name of Object.keys(v.options)) {
      if (!columnOf.has(name)) {
        const column = emptyOption(name);
        columnOf.set(name, column.key);
        options.push(column);
      }
    }
  }
  for (const column of options) {
    const values: string[] = [];
    for (const v of product.variants) {
      const value = v.options[column.name];
      if (value !== undefined && !values.includes(value)) values.push(value);
    }
    column.values = values.join(', ');
  }
  const attributes: Record<string, string> = {};
  for (const [code, value] of Object.entries(product.attributes ?? {})) attributes[code] = attributeText(value);
  return {
    category_id: product.category_id,
    title_ko: product.title_ko,
    title_en: product.title_en,
    brand: product.brand,
    vat: product.vat,
    description: product.description,
    attributes,
    images: product.images.map((i) => ({ key: rowKey('i'), ...i })),
    options,
    variants: product.variants.map((v) => {
      const prices: Record<SalesChannel, string> = { online: '', shop: '', business: '' };
      for (const p of v.channel_prices) prices[p.channel] = String(p.unit_price_won);
      const values: Record<string, string> = {};
      for (const [name, value] of Object.entries(v.options)) {
        const column = columnOf.get(name);
        if (column) values[column] = value;
      }
      return {
        key: rowKey('v'),
        id: v.id,
        sku: v.sku,
        barcode: v.barcode ?? '',
        options: values,
        weight_grams: v.weight_grams === null ? '' : String(v.weight_grams),
        base_price_won: String(v.base_price_won),
        channel_prices: prices,
        tiers: v.tiers.map((t) => ({
          key: rowKey('t'),
          min_quantity: String(t.min_quantity),
          unit_price_won: String(t.unit_price_won),
        })),
        sales: v.sales.map((s) => ({
          key: rowKey('s'),
          unit_price_won: String(s.unit_price_won),
          starts_at: toSeoulInput(s.starts_at),
          ends_at: toSeoulInput(s.ends_at),
          channel: s.channel ?? '',
        })),
      };
    }),
  };
}

/** Digits as typed, with the thousands' commas and spaces a person may type: "12,900" → 12900. */
function wholeNumber(text: string): number | null {
  const plain = text.replace(/[,\s]/g, '');
  if (!/^-?\d+$/.test(plain)) return null;
  const n = Number(plain);
  return Number.isSafeInteger(n) ? n : null;
}

function decimalNumber(text: string): number | null {
  const plain = text.replace(/[,\s]/g, '');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(plain)) return null;
  const n = Number(plain);
  return Number.isFinite(n) ? n : null;
}

/** What is wrong with a field before anything is sent, as the key of its words. */
export type Problems = Record<string, MessageKey>;

/** Pairs of the server's name of an element ("variants[1]") and the form's ("variants.v7"). */
export type PathMap = [server: string, form: string][];

export interface Built {
  input: ProductInput;
  problems: Problems;
  paths: PathMap;
}

/**
 * The product input the API takes, with what is wrong in the form as far as the page can tell (a
 * number that is not one, a row half filled); the rest (the category's rules, barcodes, SKUs) is the
 * server's to judge.
 */
export function toInput(form: ProductForm, attributes: PathAttribute[]): Built {
  const problems: Problems = {};
  const paths: PathMap = [];
  if (form.title_ko.trim() === '') problems.title_ko = 'field.required';
  if (form.category_id === '') problems.category_id = 'products.client.chooseCategory';

  // Only the attributes of the chosen category's path: values typed for another category stay in
  // the form (should the person choose it again) but are not sent.
  const values: Record<string, AttributeValue> = {};
  for (const { attribute } of attributes) {
    const text = (form.attributes[attribute.code] ?? '').trim();
    if (text === '') continue;
    const at = `attributes.${attribute.code}`;
    switch (attribute.type) {
      case 'integer': {
        const n = wholeNumber(text);
        if (n === null) problems[at] = 'products.client.wholeNumber';
        else values[attribute.code] = n;
        break;
      }
      case 'decimal': {
        const n = decimalNumber(text);
        if (n === null) problems[at] = 'products.client.number';
        else values[attribute.code] = n;
        break;
      }
      case 'boolean':
        values[attribute.code] = text === 'true';
        break;
      default:
        values[attribute.code] = text;
    }
  }

  // Option columns: a name for every column that holds a value, each name once.
  const names = new Map<string, string>(); // column key → name
  const seen = new Set<string>();
  for (const column of form.options) {
    const name = column.name.trim();
    const used = form.variants.some((v) => (v.options[column.key] ?? '').trim() !== '');
    if (name === '') {
      if (used) problems[`options.${column.key}.name`] = 'field.required';
      continue;
    }
    if (seen.has(name)) {
      problems[`options.${column.key}.name`] = 'products.client.duplicateOption';
      continue;
    }
    seen.add(name);
    names.set(column.key, name);
  }

  const price = (text: string, at: string, required: boolean): number => {
    if (text.trim() === '') {
      if (required) problems[at] = 'field.required';
      return 0;
    }
    const n = wholeNumber(text);
    if (n === null) {
      problems[at] = 'products.client.wholeWon';
      return 0;
    }
    return n;
  };

  if (form.variants.length === 0) problems.variants = 'products.client.noVariants';
  const variants: VariantInput[] = form.variants.map((row, i) => {
    const at = `variants.${row.key}`;
    paths.push([`variants[${i}]`, at]);
    const options: Record<string, string> = {};
    for (const [column, name] of names) {
      const value = (row.options[column] ?? '').trim();
      if (value !== '') options[name] = value;
    }
    let weight: number | null = null;
    if (row.weight_grams.trim() !== '') {
      weight = wholeNumber(row.weight_grams);
      if (weight === null) problems[`${at}.weight_grams`] = 'products.client.wholeNumber';
    }
    if (row.sku.trim() === '') problems[`${at}.sku`] = 'field.required';
    const channelPrices = SALES_CHANNELS.filter((c) => row.channel_prices[c].trim() !== '').map((channel, j) => {
      paths.push([`variants[${i}].channel_prices[${j}]`, `${at}.channel_prices.${channel}`]);
      return {
        channel,
        unit_price_won: price(row.channel_prices[channel], `${at}.channel_prices.${channel}.unit_price_won`, true),
      };
    });
    const tiers = row.tiers
      .filter((t) => t.min_quantity.trim() !== '' || t.unit_price_won.trim() !== '')
      .map((t, j) => {
        const tat = `${at}.tiers.${t.key}`;
        paths.push([`variants[${i}].tiers[${j}]`, tat]);
        let min = 0;
        if (t.min_quantity.trim() === '') {
          problems[`${tat}.min_quantity`] = 'field.required';
        } else {
          const n = wholeNumber(t.min_quantity);
          if (n === null) problems[`${tat}.min_quantity`] = 'products.client.wholeNumber';
          else min = n;
        }
        return { min_quantity: min, unit_price_won: price(t.unit_price_won, `${tat}.unit_price_won`, true) };
      });
    const sales = row.sales
      .filter((s) => s.unit_price_won.trim() !== '' || s.starts_at !== '' || s.ends_at !== '')
      .map((s, j) => {
        const sat = `${at}.sales.${s.key}`;
        paths.push([`variants[${i}].sales[${j}]`, sat]);
        const starts = fromSeoulInput(s.starts_at);
        const ends = fromSeoulInput(s.ends_at);
        if (starts === null)
          problems[`${sat}.starts_at`] = s.starts_at === '' ? 'field.required' : 'products.client.time';
        if (ends === null) problems[`${sat}.ends_at`] = s.ends_at === '' ? 'field.required' : 'products.client.time';
        return {
          unit_price_won: price(s.unit_price_won, `${sat}.unit_price_won`, true),
          starts_at: starts ?? '',
          ends_at: ends ?? '',
          channel: s.channel === '' ? null : s.channel,
        };
      });
    return {
      sku: row.sku.trim(),
      barcode: row.barcode.trim() === '' ? null : row.barcode.replace(/[\s-]/g, ''),
      options,
      weight_grams: weight,
      base_price_won: price(row.base_price_won, `${at}.base_price_won`, true),
      channel_prices: channelPrices,
      tiers,
      sales,
    };
  });

  const images = form.images.map((image, i) => {
    paths.push([`images[${i}]`, `images.${image.key}`]);
    return { hash: image.hash, alt: image.alt.trim() };
  });

  return {
    input: {
      category_id: form.category_id,
      title_ko: form.title_ko.trim(),
      title_en: form.title_en.trim(),
      description: form.description,
      brand: form.brand.trim(),
      attributes: values,
      vat: form.vat,
      images,
      variants,
    },
    problems,
    paths,
  };
}

/** The form's name of a field the server names by position ("variants[1].tiers[0].min_quantity"). */
export function placeServerField(paths: PathMap, field: string): string {
  let best: [string, string] | null = null;
  for (const pair of paths) {
    const [server] = pair;
    if (field === server || field.startsWith(`${server}.`) || field.startsWith(`${server}[`)) {
      if (!best || server.length > best[0].length) best = pair;
    }
  }
  if (!best) return field;
  return best[1] + field.slice(best[0].length);
}

/** Every field name the form shows an error at, for the form as it is now. */
export function shownFields(form: ProductForm, attributes: PathAttribute[]): Set<string> {
  const out = new Set<string>([
    'title_ko',
    'title_en',
    'category_id',
    'brand',
    'vat',
    'description',
    'images',
    'variants',
  ]);
  for (const { attribute } of attributes) out.add(`attributes.${attribute.code}`);
  for (const column of form.options) out.add(`options.${column.key}.name`);
  for (const image of form.images) {
    out.add(`images.${image.key}.hash`);
    out.add(`images.${image.key}.alt`);
  }
  for (const v of form.variants) {
    const at = `variants.${v.key}`;
    for (const name of [
      'sku',
      'barcode',
      'options',
      'weight_grams',
      'base_price_won',
      'channel_prices',
      'tiers',
      'sales',
    ]) {
      out.add(`${at}.${name}`);
    }
    for (const c of SALES_CHANNELS) {
      out.add(`${at}.channel_prices.${c}.unit_price_won`);
      out.add(`${at}.channel_prices.${c}.channel`);
    }
    for (const t of v.tiers) {
      out.add(`${at}.tiers.${t.key}.min_quantity`);
      out.add(`${at}.tiers.${t.key}.unit_price_won`);
    }
    for (const s of v.sales) {
      for (const name of ['unit_price_won', 'starts_at', 'ends_at', 'channel']) out.add(`${at}.sales.${s.key}.${name}`);
    }
  }
  return out;
}

/** Whether a variant row has a problem in its prices panel (which then opens to show it). */
export function pricesHaveErrors(fields: Record<string, string>, row: VariantRow): boolean {
  const at = `variants.${row.key}.`;
  return Object.keys(fields).some(
    (k) => k.startsWith(`${at}channel_prices`) || k.startsWith(`${at}tiers`) || k.startsWith(`${at}sales`),
  );
}

function splitValues(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,\n]/)) {
    const value = part.trim();
    if (value !== '' && !out.includes(value)) out.push(value);
  }
  return out;
}

/** A SKU's part made from an option value: its Latin letters and digits, or '' when it has none. */
function skuPart(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '')
    .toUpperCase();
}

export type Combinations =
  | { ok: true; variants: VariantRow[]; added: number }
  | { ok: false; problem: 'products.combine.noValues' | 'products.combine.tooMany' };

/**
 * Every combination of the values typed for the option columns (e.g. 사이즈 S, M × 색상 빨강, 파랑:
 * four variants). A variant that already has a combination keeps its SKU and prices; one without
 * any option value takes the first new combination; the others stay as they are. A new variant's SKU
 * is `prefix-S-RED` (or `prefix-03` when a value has no Latin letters), and its base price is the
 * first variant's.
 */
export function makeCombinations(form: ProductForm, prefix: string): Combinations {
  const columns = form.options
    .map((c) => ({ key: c.key, values: splitValues(c.values) }))
    .filter((c) => c.values.length > 0);
  if (columns.length === 0) return { ok: false, problem: 'products.combine.noValues' };
  let combos: Record<string, string>[] = [{}];
  for (const column of columns) {
    combos = combos.flatMap((combo) => column.values.map((value) => ({ ...combo, [column.key]: value })));
    if (combos.length > MAX_VARIANTS) return { ok: false, problem: 'products.combine.tooMany' };
  }
  const same = (row: VariantRow, combo: Record<string, string>) =>
    columns.every((c) => (row.options[c.key] ?? '').trim() === combo[c.key]);
  const blank = (row: VariantRow) => columns.every((c) => (row.options[c.key] ?? '').trim() === '');
  const rows = [...form.variants];
  const template = form.variants[0];
  const cleanPrefix = prefix.trim();
  let added = 0;
  combos.forEach((combo, n) => {
    if (rows.some((r) => same(r, combo))) return;
    const options = { ...combo };
    const reuse = rows.findIndex(blank);
    if (reuse >= 0) {
      const row = rows[reuse]!;
      rows[reuse] = { ...row, options: { ...row.options, ...options } };
      return;
    }
    const parts = columns.map((c) => skuPart(combo[c.key] ?? ''));
    const suffix = parts.every((p) => p !== '') ? parts.join('-') : String(n + 1).padStart(2, '0');
    const row = emptyVariant(options);
    row.sku = cleanPrefix === '' ? '' : `${cleanPrefix}-${suffix}`;
    row.base_price_won = template?.base_price_won ?? '';
    row.weight_grams = template?.weight_grams ?? '';
    rows.push(row);
    added += 1;
  });
  if (rows.length > MAX_VARIANTS) return { ok: false, problem: 'products.combine.tooMany' };
  return { ok: true, variants: rows, added };
}
