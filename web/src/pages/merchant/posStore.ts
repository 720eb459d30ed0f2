// What the counter keeps on the device, so that it sells without the network and loses nothing on a
// reload: in IndexedDB (database `jangteo-pos`) the price list per shop and the queue of sales not yet
// accepted by the server; in localStorage the device's id and sale counter (sale ids are
// `web-<device>-<n>`, never reused), the shop chosen per merchant, the merchant's open shops, the last
// sale (to void it), and who was signed in, so that a reload without the network still opens the
// counter. The CSRF token is never stored: sending waits until the session is confirmed online.
//
// Schema versions of the database: 1, the price lists and the queue; 2, every price-list item carries
// `vat` (taxable or exempt). Opening a version-1 database rewrites its price lists with the items
// marked taxable, which is what version 1 assumed when it reckoned the VAT, so that a counter upgraded
// without the network sells as before; the list is fetched again as soon as it is online.
//
//   const id = nextSaleNumber();    // {saleId: 'web-k7qf2x9a-42', receiptNo: 'K7QF2X-0042', seq: 42}
//   await queuePut({ ...entry, state: 'queued' });
//   const waiting = await queueList(merchantId);  // in the order the sales were made
import type { Location, Membership, PosItem, PosSaleInput, Problem, VatMode } from '../../api';
import type { ReceiptData } from './posCart';

const DB_NAME = 'jangteo-pos';
const DB_VERSION = 2;
const PRICES = 'prices';
const QUEUE = 'queue';

/** A sale waiting on the device: queued until the server accepts it, or refused with its problem. */
export interface QueuedSale {
  sale_id: string;
  merchant_id: string;
  /** The order the sales were made in on this device. */
  seq: number;
  sale: PosSaleInput;
  state: 'queued' | 'refused';
  problem: Problem | null;
  queued_at: string;
  /** What the receipt printed, to show it again and to return from it before it is sent. */
  receipt: ReceiptData;
}

interface PriceRecord {
  key: string;
  items: PosItem[];
  fetched_at: string;
}

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  if (opening) return opening;
  opening = new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = (event) => {
      const db = req.result;
      if (!db.objectStoreNames.contains(PRICES)) db.createObjectStore(PRICES, { keyPath: 'key' });
      if (!db.objectStoreNames.contains(QUEUE)) {
        const queue = db.createObjectStore(QUEUE, { keyPath: 'sale_id' });
        queue.createIndex('by_merchant', ['merchant_id', 'seq']);
      }
      const upgrade = req.transaction;
      if (upgrade && event.oldVersion >= 1 && event.oldVersion < 2) markItemsTaxable(upgrade.objectStore(PRICES));
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the schema: let it, and open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  }).catch((e: unknown) => {
    opening = null;
    throw e;
  });
  return opening;
}

/** Version 1 → 2: every kept price list's items get `vat`, taxable where they had none. */
function markItemsTaxable(prices: IDBObjectStore): void {
  const walk = prices.openCursor();
  walk.onsuccess = () => {
    const cursor = walk.result;
    if (!cursor) return;
    const record = cursor.value as PriceRecord;
    const items = Array.isArray(record.items) ? record.items : [];
    cursor.update({ ...record, items: items.map((item) => ({ ...item, vat: item.vat ?? 'taxable' })) });
    cursor.continue();
  };
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

// --- The price list --------------------------------------------------------------------------------

const priceKey = (merchantId: string, locationId: string) => `${merchantId} ${locationId}`;

export async function loadPrices(
  merchantId: string,
  locationId: string,
): Promise<{ items: PosItem[]; fetchedAt: string } | null> {
  const db = await openDb();
  const found = (await done(db.transaction(PRICES).objectStore(PRICES).get(priceKey(merchantId, locationId)))) as
    PriceRecord | undefined;
  return found ? { items: found.items, fetchedAt: found.fetched_at } : null;
}

export async function savePrices(merchantId: string, locationId: string, items: PosItem[], fetchedAt: string) {
  const db = await openDb();
  const tx = db.transaction(PRICES, 'readwrite');
  tx.objectStore(PRICES).put({ key: priceKey(merchantId, locationId), items, fetched_at: fetchedAt } as PriceRecord);
  await committed(tx);
}

/**
 * Which of the merchant's variants are VAT-exempt or taxable, from every price list kept on this
 * device (a product's VAT mode is the same at every shop): for receipts of sales the server recorded,
 * whose lines do not say.
 */
export async function loadVatModes(merchantId: string): Promise<Map<string, VatMode>> {
  const db = await openDb();
  const range = IDBKeyRange.bound(`${merchantId} `, `${merchantId} \uffff`);
  const records = (await done(db.transaction(PRICES).objectStore(PRICES).getAll(range))) as PriceRecord[];
  const modes = new Map<string, VatMode>();
  for (const record of records) {
    for (const item of record.items) modes.set(item.variant_id, item.vat === 'exempt' ? 'exempt' : 'taxable');
  }
  return modes;
}

// --- The queue -------------------------------------------------------------------------------------

/** Writes the entry and resolves once it is on disk: a sale is queued before it is sent. */
export async function queuePut(entry: QueuedSale): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(QUEUE, 'readwrite');
  tx.objectStore(QUEUE).put(entry);
  await committed(tx);
}

export async function queueDelete(saleIds: readonly string[]): Promise<void> {
  if (saleIds.length === 0) return;
  const db = await openDb();
  const tx = db.transaction(QUEUE, 'readwrite');
  const store = tx.objectStore(QUEUE);
  for (const id of saleIds) store.delete(id);
  await committed(tx);
}

/** The merchant's waiting sales on this device, in the order they were made. */
export async function queueList(merchantId: string): Promise<QueuedSale[]> {
  const db = await openDb();
  const index = db.transaction(QUEUE).objectStore(QUEUE).index('by_merchant');
  const range = IDBKeyRange.bound([merchantId, -Infinity], [merchantId, Infinity]);
  return (await done(index.getAll(range))) as QueuedSale[];
}

// --- Small things in localStorage ------------------------------------------------------------------

const DEVICE_KEY = 'jangteo.pos.device';
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function readJson<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the counter still works for this page.
  }
}

function randomTag(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

interface DeviceRecord {
  id: string;
  counter: number;
}

/** This browser as a till: its id (made once) and how many sales it has numbered. */
export function deviceId(): string {
  const found = readJson<DeviceRecord>(DEVICE_KEY);
  if (found && typeof found.id === 'string' && /^[A-Z2-9]{8}$/.test(found.id)) return found.id;
  const made: DeviceRecord = { id: randomTag(8), counter: 0 };
  writeJson(DEVICE_KEY, made);
  return made.id;
}

/**
 * The next sale's ids: `web-<device>-<n>` (its idempotency key at the server) and the receipt number
 * printed for it, `<first six of the device>-<n, four digits or more>`. The counter is written before
 * it is used, so a reload never numbers two sales alike.
 */
export function nextSaleNumber(): { saleId: string; receiptNo: string; seq: number } {
  const id = deviceId();
  const found = readJson<DeviceRecord>(DEVICE_KEY);
  const counter = (found && found.id === id && Number.isInteger(found.counter) ? found.counter : 0) + 1;
  writeJson(DEVICE_KEY, { id, counter });
  return {
    saleId: `web-${id.toLowerCase()}-${counter}`,
    receiptNo: `${id.slice(0, 6)}-${String(counter).padStart(4, '0')}`,
    seq: counter,
  };
}

const shopKey = (merchantId: string) => `jangteo.pos.shop.${merchantId}`;

export function chosenShop(merchantId: string): string | null {
  try {
    return window.localStorage.getItem(shopKey(merchantId));
  } catch {
    return null;
  }
}

export function chooseShop(merchantId: string, locationId: string | null): void {
  try {
    if (locationId) window.localStorage.setItem(shopKey(merchantId), locationId);
    else window.localStorage.removeItem(shopKey(merchantId));
  } catch {
    // Not remembered: the counter asks again next time.
  }
}

/** The merchant's open locations as last seen online (for a reload without the network). */
export type ShopInfo = Pick<Location, 'id' | 'kind' | 'name_ko' | 'name_en' | 'road_address' | 'phone'>;

export function savedShops(merchantId: string): ShopInfo[] | null {
  return readJson<ShopInfo[]>(`jangteo.pos.shops.${merchantId}`);
}

export function saveShops(merchantId: string, shops: ShopInfo[]): void {
  writeJson(
    `jangteo.pos.shops.${merchantId}`,
    shops.map(({ id, kind, name_ko, name_en, road_address, phone }) => ({
      id,
      kind,
      name_ko,
      name_en,
      road_address,
      phone,
    })),
  );
}

/** The last sale rung up at this device for the merchant, to void it. */
export function lastSale(merchantId: string): ReceiptData | null {
  return readJson<ReceiptData>(`jangteo.pos.last.${merchantId}`);
}

export function setLastSale(merchantId: string, receipt: ReceiptData | null): void {
  if (receipt) writeJson(`jangteo.pos.last.${merchantId}`, receipt);
  else {
    try {
      window.localStorage.removeItem(`jangteo.pos.last.${merchantId}`);
    } catch {
      // nothing to do
    }
  }
}

const WHO_KEY = 'jangteo.pos.who';

/** Who used the counter last, and as a member of which merchant: enough to open it offline. */
export interface CounterPerson {
  user_id: string;
  name: string;
  membership: Membership;
}

export function rememberCounterPerson(person: CounterPerson): void {
  const all = readJson<CounterPerson[]>(WHO_KEY) ?? [];
  writeJson(
    WHO_KEY,
    [
      person,
      ...all.filter(
        (p) => !(p.user_id === person.user_id && p.membership.merchant_id === person.membership.merchant_id),
      ),
    ].slice(0, 5),
  );
}

export function counterPerson(merchantId: string): CounterPerson | null {
  const all = readJson<CounterPerson[]>(WHO_KEY) ?? [];
  return all.find((p) => p.membership.merchant_id === merchantId) ?? null;
}

/** On sign-out: the counter no longer opens offline for that person. */
export function forgetCounterPeople(): void {
  try {
    window.localStorage.removeItem(WHO_KEY);
  } catch {
    // nothing to do
  }
}
