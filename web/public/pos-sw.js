// The counter's service worker: lets the web POS (/merchant/<id>/pos) open again without the network,
// e.g. a tablet at the till reloaded while the shop's line is down. The POS page registers it for
// /merchant/; it answers only two kinds of requests and leaves every other one (the API above all) to
// the network:
//
// - a navigation to a counter address: the network first (so a new release is picked up at once),
//   and the app's page (index.html) from the cache when the network fails;
// - the built files under /assets/ (content-hashed, never changed): from the cache, else the network,
//   kept for next time.
//
// The app's page is kept with the files it names, on install (so the first visit is enough) and
// whenever a counter page comes from the network; files of an older release are then let go.
const CACHE = 'jangteo-pos-v1';
const SHELL = '/index.html';
const COUNTER = /^\/merchant\/[^/]+\/pos\/?$/;

/** Keeps `response` (the app's page) and the files it names; drops kept files it no longer names. */
async function keepShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.put(SHELL, response);
  const named = new Set();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) named.add(match[1]);
  await Promise.all(
    [...named].map(async (path) => {
      if (await cache.match(path)) return;
      const asset = await fetch(path, { credentials: 'same-origin' });
      if (asset.ok) await cache.put(path, asset);
    }),
  );
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !named.has(path) && /\.(js|css)$/.test(path) && /index-/.test(path)) {
      await cache.delete(request);
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    fetch('/', { cache: 'no-store', credentials: 'same-origin' })
      .then((response) => (response.ok ? keepShell(response) : undefined))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('jangteo-pos-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function counterPage(event) {
  try {
    const response = await fetch(event.request);
    if (response.ok && (response.headers.get('Content-Type') || '').includes('text/html')) {
      event.waitUntil(keepShell(response.clone()).catch(() => undefined));
    }
    return response;
  } catch (error) {
    const cached = await (await caches.open(CACHE)).match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && COUNTER.test(url.pathname)) {
    event.respondWith(counterPage(event));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  }
});
