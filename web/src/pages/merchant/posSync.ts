// Sends the counter's queued sales. A sale is written to the device's queue first (posStore.ts) and
// only then sent; the queue is flushed in the order the sales were made, up to 1,000 per call
// (POST …/pos/sales/batch), whenever there is something to send: at once, when the browser says the
// network is back, and on a timer that backs off from 2 s to a minute while the server cannot be
// reached. A result `created` or `duplicate` (the server had it already: a retry after a lost answer)
// takes the sale off the queue; `refused` keeps it, with the server's problem, in the list of sales
// that need a person's attention. Two tabs of the same browser do not send at the same time (a Web
// Lock), and a sale sent twice is recorded once all the same (its sale id is its idempotency key).
//
//   const sync = new PosSync(merchantId, { ensureSession });
//   sync.subscribe(setState);  sync.start();
//   await sync.add(entry);     // queued on disk, then sent when it can be
import { isApiError, setCsrfToken, uploadPosSales } from '../../api';
import { queueDelete, queueList, queuePut, type QueuedSale } from './posStore';

export const MAX_BATCH = 1_000;
const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 60_000;
// While something waits, look again this often even without a failure (a lost "online" event).
const IDLE_RETRY_MS = 30_000;

export interface SyncState {
  /** The browser says it is online and the last call, if any, reached the server. */
  online: boolean;
  sending: boolean;
  /** Sales waiting to be sent. */
  queued: number;
  /** Sales the server refused: kept, with their problem, for a person to look at. */
  refused: QueuedSale[];
  /** Why the last attempt failed, apart from the network: the session (sign in again) or the server. */
  problem: 'session' | 'server' | null;
  lastSentAt: string | null;
  ready: boolean;
}

export const INITIAL_SYNC: SyncState = {
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  sending: false,
  queued: 0,
  refused: [],
  problem: null,
  lastSentAt: null,
  ready: false,
};

interface Options {
  /** Resolves true when the session is known (and its CSRF token with it); asks the server if need be. */
  ensureSession: () => Promise<boolean>;
}

export class PosSync {
  private state: SyncState = { ...INITIAL_SYNC };
  private readonly listeners = new Set<(state: SyncState) => void>();
  private flushing: Promise<void> | null = null;
  private again = false;
  private timer: number | null = null;
  private delay = FIRST_RETRY_MS;
  private stopped = true;

  constructor(
    private readonly merchantId: string,
    private readonly options: Options,
  ) {}

  subscribe(listener: (state: SyncState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  get current(): SyncState {
    return this.state;
  }

  private set(change: Partial<SyncState>) {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener(this.state);
  }

  private readonly onOnline = () => {
    this.set({ online: true });
    this.delay = FIRST_RETRY_MS;
    void this.flush();
  };

  private readonly onOffline = () => this.set({ online: false });

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    void this.reload().then(() => this.flush());
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Every sale waiting on this device for the merchant (queued and refused), oldest first. */
  async entries(): Promise<QueuedSale[]> {
    return queueList(this.merchantId);
  }

  /** Reads the queue again and tells the listeners what is there. */
  async reload(): Promise<void> {
    try {
      const all = await queueList(this.merchantId);
      this.set({
        queued: all.filter((e) => e.state === 'queued').length,
        refused: all.filter((e) => e.state === 'refused'),
        ready: true,
      });
    } catch {
      this.set({ ready: true });
    }
  }

  /** Queues the sale on disk, then sends what waits. Resolves once the sale is queued, not sent. */
  async add(entry: QueuedSale): Promise<void> {
    await queuePut(entry);
    await this.reload();
    void this.flush();
  }

  /** A refused sale sent again as it is (after the cause was fixed elsewhere, e.g. a device clock). */
  async retry(saleId: string): Promise<void> {
    const entry = (await queueList(this.merchantId)).find((e) => e.sale_id === saleId);
    if (!entry) return;
    await queuePut({ ...entry, state: 'queued', problem: null });
    await this.reload();
    void this.flush();
  }

  /** A refused sale a person has dealt with: off the device. */
  async dismiss(saleId: string): Promise<void> {
    await queueDelete([saleId]);
    await this.reload();
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private backOff() {
    this.schedule(this.delay);
    this.delay = Math.min(LAST_RETRY_MS, this.delay * 2);
  }

  /** Sends what waits, in order; a call while sending makes the running one look again when done. */
  flush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    const run = async () => {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      if (locks) await locks.request(`jangteo-pos-send-${this.merchantId}`, () => this.sendAll());
      else await this.sendAll();
    };
    this.flushing = run()
      .catch(() => {
        // Storage failures: try again later.
        this.backOff();
      })
      .finally(() => {
        this.flushing = null;
        this.set({ sending: false });
        void this.reload();
      });
    return this.flushing;
  }

  private async sendAll(): Promise<void> {
    do {
      this.again = false;
      const queued = (await queueList(this.merchantId)).filter((e) => e.state === 'queued');
      if (queued.length === 0) return;
      if (!(await this.options.ensureSession())) {
        // Offline boot (the session could not be asked) or nobody signed in: wait.
        this.set({ online: false });
        this.backOff();
        return;
      }
      const chunk = queued.slice(0, MAX_BATCH);
      this.set({ sending: true, queued: queued.length });
      let answer;
      try {
        answer = await uploadPosSales(
          this.merchantId,
          chunk.map((e) => e.sale),
        );
      } catch (e) {
        if (isApiError(e) && e.kind === 'network') {
          this.set({ online: false });
        } else if (isApiError(e) && e.status === 401) {
          this.set({ online: true, problem: 'session' });
        } else if (isApiError(e) && e.reason === 'csrf_failed') {
          // A token of an older session: ask who is signed in again before the next attempt.
          setCsrfToken(null);
          this.set({ online: true, problem: 'server' });
        } else {
          this.set({ online: true, problem: 'server' });
        }
        this.backOff();
        return;
      }
      this.delay = FIRST_RETRY_MS;
      const accepted: string[] = [];
      const refused: QueuedSale[] = [];
      for (const r of answer.results) {
        const entry = chunk[r.index];
        if (!entry || entry.sale_id !== r.sale_id) continue;
        if (r.status === 'refused') refused.push({ ...entry, state: 'refused', problem: r.problem ?? null });
        else accepted.push(entry.sale_id);
      }
      await queueDelete(accepted);
      for (const entry of refused) await queuePut(entry);
      this.set({ online: true, problem: null, lastSentAt: new Date().toISOString() });
      await this.reload();
      if (queued.length > chunk.length) this.again = true;
    } while (this.again && !this.stopped);
    if (this.state.queued > 0) this.schedule(IDLE_RETRY_MS);
  }
}
