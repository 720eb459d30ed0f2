// The counter's set-up and checks through the API, for the web POS tests: barcodes with a valid check
// digit, the sales journal, a variant's stock at a location and its ledger, and the device's queue in
// the page's IndexedDB. The screens a test is about are walked in the browser.

/** An EAN-13 barcode from its first twelve digits, with the check digit the catalog verifies. */
export function ean13(first12) {
  const digits = String(first12).padStart(12, '0').slice(0, 12);
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

/** Every sale of the journal (all pages), newest first; `query` narrows it (location_id, date, …). */
export async function journal(client, merchantId, query = {}) {
  const items = [];
  let cursor = null;
  for (;;) {
    const params = new URLSearchParams({ ...query, limit: '200', ...(cursor ? { cursor } : {}) });
    const page = await client.call('GET', `/api/v1/merchants/${merchantId}/pos/sales?${params}`, undefined, 200);
    items.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) return items;
  }
}

/** On hand of a variant at a location (0 when it has no stock row there). */
export async function onHand(client, merchantId, variantId, locationId) {
  const page = await client.call('GET', `/api/v1/merchants/${merchantId}/stock?limit=200`, undefined, 200);
  const item = page.items.find((v) => v.variant_id === variantId);
  const level = item?.levels.find((l) => l.location_id === locationId);
  return level ? level.on_hand : 0;
}

/** The ledger's movements of a variant at a location, newest first. */
export async function movements(client, merchantId, variantId, locationId) {
  const params = new URLSearchParams({ variant_id: variantId, location_id: locationId, limit: '200' });
  return (await client.call('GET', `/api/v1/merchants/${merchantId}/stock/ledger?${params}`, undefined, 200)).items;
}

/** The sales waiting in the page's queue (IndexedDB jangteo-pos, store queue). */
export function queuedInPage(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('jangteo-pos');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('queue')) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction('queue').objectStore('queue').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((e) => ({ sale_id: e.sale_id, state: e.state, sale: e.sale })));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/** The page count and the first page's size in points of a PDF made by Chromium. */
export function pdfPages(buffer) {
  const text = buffer.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  return { pages, width: box ? Number(box[3]) : null, height: box ? Number(box[4]) : null };
}
