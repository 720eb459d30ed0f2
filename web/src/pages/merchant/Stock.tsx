// /merchant/:merchantId/stock: the merchant's variants by SKU (a part of a title or a SKU to search,
// kept in the address; "show more" by cursor), with a column per open location (on hand, and below
// it what orders reserve and what online buyers can have there) and the totals: on hand everywhere
// and available online. Under a variant's row: record a movement at a location (입고 receipt, 조정
// adjustment either way, 반품 return, 매장 판매 counter sale, with a quantity and a note) and set its
// safety stock there. The count mode lists the same variants with an input each: the counted
// quantities at one location are sent at once (POST …/stock/counts), and the page shows what changed.
// A counter sale that drove on hand below zero flags the row for a count: the cell says 실사 필요
// (count needed), and the list of flags (GET …/stock/count-flags) opens the count mode at that
// location with the flagged variants first; the count clears them.
//
// A merchant without an open location is led to add one first.
import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  ADJUSTMENT_REASONS,
  adjustStock,
  countStock,
  isApiError,
  listCountFlags,
  listStock,
  setSafetyStock,
  type AdjustmentReason,
  type CountFlag,
  type Location,
  type StockLevel,
  type VariantStock,
} from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import {
  NO_ERRORS,
  NoLocations,
  parseWhole,
  rowIndex,
  useInventoryErrors,
  useInventoryText,
  useLocationName,
  useLocations,
  useSigned,
  type FormErrors,
} from './inventoryBits';

const PAGE_SIZE = 50;

const NO_LEVEL: Omit<StockLevel, 'location_id'> = {
  on_hand: 0,
  reserved: 0,
  safety_stock: 0,
  available: 0,
  updated_at: '',
  count_needed: false,
};

function CountNeeded() {
  const { t } = useI18n();
  return (
    <span className="badge badge--count" data-testid="count-needed">
      {t('stock.countNeeded')}
    </span>
  );
}

function levelAt(item: VariantStock, locationId: string): Omit<StockLevel, 'location_id'> {
  return item.levels.find((l) => l.location_id === locationId) ?? NO_LEVEL;
}

/** A variant's title in the page's language with its options: "순살 고등어 (500g)". */
export function useVariantTitle(): (v: {
  title_ko?: string | undefined;
  title_en?: string | undefined;
  options?: Record<string, string> | undefined;
}) => string {
  const { lang } = useI18n();
  return useCallback(
    (v) => {
      const title = (lang === 'en' && v.title_en ? v.title_en : v.title_ko) ?? '';
      const options = Object.values(v.options ?? {}).filter(Boolean);
      return options.length > 0 ? `${title} (${options.join(', ')})` : title;
    },
    [lang],
  );
}

function replaceItems(items: VariantStock[], changed: VariantStock[]): VariantStock[] {
  const byId = new Map(changed.map((v) => [v.variant_id, v]));
  return items.map((v) => byId.get(v.variant_id) ?? v);
}

type Results =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: VariantStock[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

/** Under a variant's row: a movement at a location, and the safety stock there. */
function MovePanel({
  merchantId,
  item,
  locations,
  onChanged,
}: {
  merchantId: string;
  item: VariantStock;
  locations: Location[];
  onChanged: (item: VariantStock) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const signed = useSigned();
  const describe = useInventoryErrors();
  const first = locations[0]?.id ?? '';
  const [locationId, setLocationId] = useState(first);
  const [reason, setReason] = useState<AdjustmentReason>('receipt');
  const [direction, setDirection] = useState<'add' | 'remove'>('add');
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [safetyAt, setSafetyAt] = useState(first);
  const [safety, setSafety] = useState(() => String(levelAt(item, first).safety_stock));
  const [safetyErrors, setSafetyErrors] = useState<FormErrors>(NO_ERRORS);
  const [safetySending, setSafetySending] = useState(false);
  const [safetyNotice, setSafetyNotice] = useState<string | null>(null);
  const locationOptions = locations.map((l) => ({ value: l.id, label: name(l) }));

  async function onAdjust(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    const n = parseWhole(quantity);
    if (n === null || n < 1) {
      setErrors({ banner: t('form.checkFields'), fields: { quantity: t('stock.quantity.invalid') } });
      return;
    }
    const delta = reason === 'shop_sale' || (reason === 'adjustment' && direction === 'remove') ? -n : n;
    const at = locationId;
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      const answer = await adjustStock(merchantId, [
        { location_id: at, variant_id: item.variant_id, delta, reason, ...(note.trim() ? { note: note.trim() } : {}) },
      ]);
      const after = answer.items.find((v) => v.variant_id === item.variant_id);
      if (after) onChanged(after);
      setQuantity('');
      setNote('');
      setNotice(
        t('stock.adjust.done', {
          reason: t(`ledger.reason.${reason}`),
          delta: signed(delta),
          location: name(locations.find((l) => l.id === at)),
          onHand: f.count(after ? levelAt(after, at).on_hand : 0),
        }),
      );
    } catch (e) {
      const described = describe(e, (fe) => {
        const field = fe.field.replace(/^adjustments\[\d+\]\./, '');
        if (field === 'delta') return 'quantity';
        if (field === 'location_id') return 'location';
        if (field === 'reason' || field === 'note') return field;
        return null;
      });
      if (isApiError(e) && e.reason === 'insufficient_stock') {
        const level = levelAt(item, at);
        described.banner = `${described.banner ?? ''} ${t('stock.adjust.have', {
          onHand: f.count(level.on_hand),
          reserved: f.count(level.reserved),
        })}`;
      }
      setErrors(described);
    } finally {
      setSending(false);
    }
  }

  async function onSafety(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSafetyNotice(null);
    const n = parseWhole(safety);
    if (n === null) {
      setSafetyErrors({ banner: t('form.checkFields'), fields: { safety: t('stock.safety.invalid') } });
      return;
    }
    setSafetySending(true);
    setSafetyErrors(NO_ERRORS);
    try {
      const after = await setSafetyStock(merchantId, {
        location_id: safetyAt,
        variant_id: item.variant_id,
        safety_stock: n,
      });
      onChanged(after);
      setSafetyNotice(
        t('stock.safety.done', {
          location: name(locations.find((l) => l.id === safetyAt)),
          n: f.count(n),
          online: f.count(after.available_online),
        }),
      );
    } catch (e) {
      setSafetyErrors(
        describe(e, (fe) =>
          fe.field === 'safety_stock' ? 'safety' : fe.field === 'location_id' ? 'safetyAt' : null,
        ),
      );
    } finally {
      setSafetySending(false);
    }
  }

  return (
    <div className="stock-panel" data-testid="move-panel">
      <form className="form stock-panel__form" noValidate onSubmit={onAdjust} aria-busy={sending}>
        <h3>{t('stock.adjust.title')}</h3>
        {notice && <SuccessBanner testId="adjust-notice">{notice}</SuccessBanner>}
        <div className="form__grid">
          <SelectField
            label={t('stock.location')}
            name="location_id"
            value={locationId}
            onChange={setLocationId}
            options={locationOptions}
            error={errors.fields.location}
          />
          <SelectField
            label={t('stock.adjust.reason')}
            name="reason"
            value={reason}
            onChange={(v) => setReason(ADJUSTMENT_REASONS.find((r) => r === v) ?? 'receipt')}
            options={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: t(`ledger.reason.${r}`) }))}
            error={errors.fields.reason}
            hint={t(`stock.adjust.hint.${reason}`)}
          />
          {reason === 'adjustment' && (
            <SelectField
              label={t('stock.adjust.direction')}
              name="direction"
              value={direction}
              onChange={(v) => setDirection(v === 'remove' ? 'remove' : 'add')}
              options={[
                { value: 'add', label: t('stock.adjust.add') },
                { value: 'remove', label: t('stock.adjust.remove') },
              ]}
            />
          )}
          <TextField
            label={t('stock.quantity')}
            name="quantity"
            value={quantity}
            onChange={setQuantity}
            error={errors.fields.quantity}
            inputMode="numeric"
            maxLength={13}
            autoComplete="off"
            required
          />
          <TextField
            label={t('stock.note')}
            name="note"
            value={note}
            onChange={setNote}
            error={errors.fields.note}
            optional
            maxLength={200}
            autoComplete="off"
          />
        </div>
        {errors.banner && <ErrorBanner testId="adjust-error">{errors.banner}</ErrorBanner>}
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('stock.adjust.submit')} sendingLabel={t('common.saving')} />
        </div>
      </form>
      <form className="form stock-panel__form" noValidate onSubmit={onSafety} aria-busy={safetySending}>
        <h3>{t('stock.safety.title')}</h3>
        <p className="muted">{t('stock.safety.intro')}</p>
        {safetyNotice && <SuccessBanner testId="safety-notice">{safetyNotice}</SuccessBanner>}
        <div className="form__grid">
          <SelectField
            label={t('stock.location')}
            name="safety_location_id"
            value={safetyAt}
            onChange={(v) => {
              setSafetyAt(v);
              setSafety(String(levelAt(item, v).safety_stock));
            }}
            options={locationOptions}
            error={safetyErrors.fields.safetyAt}
          />
          <TextField
            label={t('stock.safety')}
            name="safety_stock"
            value={safety}
            onChange={setSafety}
            error={safetyErrors.fields.safety}
            inputMode="numeric"
            maxLength={13}
            autoComplete="off"
            required
          />
        </div>
        {safetyErrors.banner && <ErrorBanner testId="safety-error">{safetyErrors.banner}</ErrorBanner>}
        <div className="form__actions">
          <SubmitButton sending={safetySending} label={t('stock.safety.submit')} sendingLabel={t('common.saving')} />
        </div>
      </form>
    </div>
  );
}

interface CountLine {
  variant_id: string;
  sku: string;
  title: string;
  before: number;
  after: number;
}

/** The count mode: counted quantities of the listed variants at one location, sent at once. */
function CountMode({
  merchantId,
  items,
  locations,
  initialLocation,
  flags,
  onCounted,
  onClose,
}: {
  merchantId: string;
  items: VariantStock[];
  locations: Location[];
  /** Where to count first (a count flag's location). */
  initialLocation: string | null;
  flags: CountFlag[];
  onCounted: (items: VariantStock[]) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const signed = useSigned();
  const title = useVariantTitle();
  const describe = useInventoryErrors();
  const [locationId, setLocationId] = useState(
    initialLocation && locations.some((l) => l.id === initialLocation) ? initialLocation : (locations[0]?.id ?? ''),
  );
  const [values, setValues] = useState<Record<string, string>>({});
  // The variants flagged for a count here come first.
  const flaggedHere = new Set(flags.filter((fl) => fl.location_id === locationId).map((fl) => fl.variant_id));
  const listed = [
    ...items.filter((v) => flaggedHere.has(v.variant_id)),
    ...items.filter((v) => !flaggedHere.has(v.variant_id)),
  ];
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ countId: string; location: string; lines: CountLine[] } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const lines: { variant_id: string; counted: number }[] = [];
    const fields: Record<string, string> = {};
    for (const item of items) {
      const typed = (values[item.variant_id] ?? '').trim();
      if (typed === '') continue;
      const n = parseWhole(typed);
      if (n === null) fields[item.variant_id] = t('stock.count.invalid');
      else lines.push({ variant_id: item.variant_id, counted: n });
    }
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: t('form.checkFields'), fields });
      return;
    }
    if (lines.length === 0) {
      setErrors({ banner: t('stock.count.nothing'), fields: {} });
      return;
    }
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      const answer = await countStock(merchantId, {
        location_id: locationId,
        lines,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      const after = new Map(answer.items.map((v) => [v.variant_id, v]));
      const done: CountLine[] = lines.map((l) => {
        const item = items.find((v) => v.variant_id === l.variant_id)!;
        const now = after.get(l.variant_id);
        return {
          variant_id: l.variant_id,
          sku: item.sku,
          title: title(item),
          before: levelAt(item, locationId).on_hand,
          after: now ? levelAt(now, locationId).on_hand : l.counted,
        };
      });
      setResult({ countId: answer.count_id, location: name(locations.find((l) => l.id === locationId)), lines: done });
      setValues({});
      setNote('');
      onCounted(answer.items);
    } catch (e) {
      setErrors(
        describe(e, (fe) => {
          if (fe.field === 'location_id') return 'location';
          if (fe.field === 'note') return 'note';
          const i = rowIndex(fe.field, 'lines');
          return i !== null && lines[i] ? lines[i]!.variant_id : null;
        }),
      );
    } finally {
      setSending(false);
    }
  }

  const changed = result ? result.lines.filter((l) => l.after !== l.before) : [];
  return (
    <section className="section card" aria-labelledby="count-title" data-testid="count-mode">
      <div className="section__head">
        <h2 id="count-title">{t('stock.count.title')}</h2>
        <button type="button" className="button button--small button--quiet" onClick={onClose}>
          {t('stock.count.close')}
        </button>
      </div>
      <p className="section__intro">{t('stock.count.intro')}</p>
      {result && (
        <div className="banner banner--ok count-result" role="status" data-testid="count-result">
          <div>
            <p className="banner__title">
              {t('stock.count.done', {
                location: result.location,
                n: f.count(result.lines.length),
                changed: f.count(changed.length),
              })}
            </p>
            <ul className="count-result__list">
              {result.lines.map((l) => (
                <li key={l.variant_id} data-testid="count-change" data-sku={l.sku}>
                  <span className="num">{l.sku}</span> {l.title}:{' '}
                  {l.after === l.before
                    ? t('stock.count.same', { n: f.count(l.after) })
                    : t('stock.count.changed', {
                        before: f.count(l.before),
                        after: f.count(l.after),
                        delta: signed(l.after - l.before),
                      })}
                </li>
              ))}
            </ul>
            <p className="muted">{t('stock.count.id', { id: result.countId })}</p>
          </div>
        </div>
      )}
      <form className="form form--wide" noValidate onSubmit={onSubmit} aria-busy={sending}>
        <div className="form__grid">
          <SelectField
            label={t('stock.count.location')}
            name="count_location_id"
            value={locationId}
            onChange={(v) => {
              setLocationId(v);
              setErrors(NO_ERRORS);
            }}
            options={locations.map((l) => ({ value: l.id, label: name(l) }))}
            error={errors.fields.location}
          />
          <TextField
            label={t('stock.note')}
            name="count_note"
            value={note}
            onChange={setNote}
            error={errors.fields.note}
            optional
            maxLength={200}
            autoComplete="off"
          />
        </div>
        <div className="table-wrap">
          <table className="table table--stack" data-testid="count-lines">
            <thead>
              <tr>
                <th scope="col">{t('stock.col.sku')}</th>
                <th scope="col">{t('stock.count.now')}</th>
                <th scope="col">{t('stock.count.counted')}</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((item) => {
                const error = errors.fields[item.variant_id];
                const id = `count-${item.variant_id}`;
                return (
                  <tr key={item.variant_id} data-testid="count-line" data-sku={item.sku}>
                    <th scope="row" data-label={t('stock.col.sku')}>
                      <span className="num">{item.sku}</span>
                      <span className="muted stock-row__title">{title(item)}</span>
                      {flaggedHere.has(item.variant_id) && <CountNeeded />}
                    </th>
                    <td data-label={t('stock.count.now')} className="num">
                      {f.count(levelAt(item, locationId).on_hand)}
                    </td>
                    <td data-label={t('stock.count.counted')} className={error ? 'cell cell--invalid' : 'cell'}>
                      <input
                        id={id}
                        className="field__input cell__input count-input"
                        value={values[item.variant_id] ?? ''}
                        inputMode="numeric"
                        maxLength={13}
                        autoComplete="off"
                        aria-label={t('stock.count.inputLabel', { sku: item.sku })}
                        aria-invalid={Boolean(error)}
                        aria-describedby={error ? `${id}-error` : undefined}
                        onChange={(e) => setValues((old) => ({ ...old, [item.variant_id]: e.target.value }))}
                      />
                      {error && (
                        <p id={`${id}-error`} className="field__error cell__error" data-testid="field-error">
                          {error}
                        </p>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {errors.banner && <ErrorBanner testId="count-error">{errors.banner}</ErrorBanner>}
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('stock.count.submit')} sendingLabel={t('common.saving')} />
          <span className="muted">{t('stock.count.blankHint')}</span>
        </div>
      </form>
    </section>
  );
}

export function Stock() {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const title = useVariantTitle();
  const text = useInventoryText();
  const { merchantId, merchantName, isOwner } = useBackOffice();
  useDocumentTitle(t('stock.title') + t('title.separator') + merchantName);
  const locations = useLocations(merchantId);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draftQ, setDraftQ] = useState(q);
  const [results, setResults] = useState<Results>({ kind: 'loading' });
  const [open, setOpen] = useState<string | null>(null);
  const [counting, setCounting] = useState(false);
  const [countAt, setCountAt] = useState<string | null>(null);
  const [flags, setFlags] = useState<CountFlag[]>([]);
  const [flagsAttempt, setFlagsAttempt] = useState(0);
  const base = `/merchant/${encodeURIComponent(merchantId)}`;

  useEffect(() => {
    const controller = new AbortController();
    listCountFlags(merchantId, controller.signal).then(
      (answer) => setFlags(answer.items),
      () => {
        // The flags are a help; the stock list stands without them.
      },
    );
    return () => controller.abort();
  }, [merchantId, flagsAttempt]);

  useEffect(() => setDraftQ(q), [q]);

  useEffect(() => {
    const controller = new AbortController();
    setResults({ kind: 'loading' });
    listStock(merchantId, { q, limit: PAGE_SIZE }, controller.signal).then(
      (page) =>
        setResults({ kind: 'ready', items: page.items, next: page.next_cursor, loadingMore: false, moreError: null }),
      (e: unknown) => {
        if (!controller.signal.aborted) setResults({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, q]);

  async function loadMore() {
    if (results.kind !== 'ready' || results.next === null) return;
    const cursor = results.next;
    setResults({ ...results, loadingMore: true, moreError: null });
    try {
      const page = await listStock(merchantId, { q, cursor, limit: PAGE_SIZE });
      setResults((old) =>
        old.kind === 'ready'
          ? { ...old, items: [...old.items, ...page.items], next: page.next_cursor, loadingMore: false }
          : old,
      );
    } catch (e) {
      setResults((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }

  const changed = (items: VariantStock[]) =>
    setResults((old) => (old.kind === 'ready' ? { ...old, items: replaceItems(old.items, items) } : old));

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draftQ.trim()) next.set('q', draftQ.trim());
    setParams(next);
  }

  if (locations.state.kind === 'loading') return <Loading />;
  if (locations.state.kind === 'error') {
    return (
      <div className="banner banner--error" role="alert" data-testid="list-error">
        <p>{text.problem(locations.state.error)}</p>
        <button type="button" className="button button--secondary" onClick={locations.reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  const active = locations.state.active;
  if (active.length === 0) {
    return (
      <div className="sections">
        <div className="section__head">
          <h2>{t('stock.title')}</h2>
        </div>
        <NoLocations base={base} isOwner={isOwner} />
      </div>
    );
  }

  const columns = 4 + active.length;
  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('stock.title')}</h2>
        <div className="button-row">
          <Link to={`${base}/ledger`} className="button button--quiet button--small">
            {t('stock.toLedger')}
          </Link>
          {!counting && results.kind === 'ready' && results.items.length > 0 && (
            <button
              type="button"
              className="button button--small"
              data-testid="start-count"
              onClick={() => {
                setCounting(true);
                setCountAt(null);
                setOpen(null);
              }}
            >
              {t('stock.count.start')}
            </button>
          )}
        </div>
      </div>
      <form
        className="filters filters--stock card"
        role="search"
        aria-label={t('stock.search.label')}
        onSubmit={onSearch}
      >
        <div className="filters__search">
          <TextField
            label={t('stock.search')}
            name="q"
            type="search"
            value={draftQ}
            onChange={setDraftQ}
            maxLength={100}
            inputMode="search"
          />
          <button type="submit" className="button">
            {t('products.filter.submit')}
          </button>
        </div>
      </form>

      {results.kind === 'loading' && <Loading />}
      {results.kind === 'error' && <ErrorBanner testId="list-error">{text.problem(results.error)}</ErrorBanner>}
      {results.kind === 'ready' && results.items.length === 0 && (
        <div className="card empty-state" data-testid="no-stock">
          <p className="empty-state__title">{q ? t('stock.empty.filtered') : t('stock.empty.title')}</p>
          {!q && (
            <div className="button-row">
              <Link to={`${base}/products/new`} className="button">
                {t('stock.empty.product')}
              </Link>
            </div>
          )}
        </div>
      )}
      {results.kind === 'ready' && results.items.length > 0 && counting && (
        <CountMode
          key={countAt ?? ''}
          merchantId={merchantId}
          items={results.items}
          locations={active}
          initialLocation={countAt}
          flags={flags}
          onCounted={(items) => {
            changed(items);
            setFlagsAttempt((n) => n + 1);
          }}
          onClose={() => setCounting(false)}
        />
      )}
      {results.kind === 'ready' && !counting && flags.length > 0 && (
        <section className="card count-flags" aria-labelledby="count-flags-title" data-testid="count-flags">
          <h3 id="count-flags-title">{t('stock.flags.title', { n: f.count(flags.length) })}</h3>
          <p className="muted">{t('stock.flags.intro')}</p>
          <ul className="count-flags__list">
            {flags.map((fl) => {
              const item = results.items.find((v) => v.variant_id === fl.variant_id);
              const where = active.find((l) => l.id === fl.location_id);
              return (
                <li
                  key={`${fl.location_id} ${fl.variant_id}`}
                  data-testid="count-flag"
                  data-location-id={fl.location_id}
                  data-variant-id={fl.variant_id}
                >
                  <span>
                    <strong>{name(where)}</strong> · <span className="num">{item ? item.sku : fl.variant_id}</span>
                    {item && <span className="muted"> {title(item)}</span>} ·{' '}
                    {t('stock.flags.onHand', { then: f.count(fl.on_hand_at_flag), now: f.count(fl.on_hand) })} ·{' '}
                    <Time iso={fl.flagged_at} />
                  </span>
                  {where && (
                    <button
                      type="button"
                      className="button button--small"
                      data-testid="count-flag-start"
                      onClick={() => {
                        setCountAt(fl.location_id);
                        setCounting(true);
                        setOpen(null);
                      }}
                    >
                      {t('stock.flags.count', { location: name(where) })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {results.kind === 'ready' && results.items.length > 0 && !counting && (
        <>
          <p className="list-count" role="status">
            {t('stock.shown', { n: f.count(results.items.length) })}
          </p>
          <p className="muted">{t('stock.legend')}</p>
          <div className="table-wrap">
            <table className="table table--stack stock-table" data-testid="stock">
              <thead>
                <tr>
                  <th scope="col">{t('stock.col.sku')}</th>
                  {active.map((l) => (
                    <th scope="col" key={l.id} className="num">
                      {name(l)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('stock.col.onHand')}
                  </th>
                  <th scope="col" className="num">
                    {t('stock.col.online')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.items.map((item) => {
                  const isOpen = open === item.variant_id;
                  const ledger = `${base}/ledger?${new URLSearchParams({ variant: item.variant_id, sku: item.sku })}`;
                  return (
                    <Fragment key={item.variant_id}>
                      <tr data-testid="stock-row" data-sku={item.sku} data-variant-id={item.variant_id}>
                        <th scope="row" data-label={t('stock.col.sku')}>
                          <span className="num" data-testid="stock-sku">
                            {item.sku}
                          </span>
                          <span className="muted stock-row__title">{title(item)}</span>
                        </th>
                        {active.map((l) => {
                          const level = levelAt(item, l.id);
                          return (
                            <td
                              key={l.id}
                              data-label={name(l)}
                              className="num stock-cell"
                              data-testid="stock-level"
                              data-location-id={l.id}
                              data-on-hand={level.on_hand}
                            >
                              <span>
                                <span className="stock-cell__on-hand">{f.count(level.on_hand)}</span>
                                {level.count_needed && <CountNeeded />}
                                <span className="stock-cell__detail">
                                  {t('stock.cell.detail', {
                                    reserved: f.count(level.reserved),
                                    available: f.count(level.available),
                                  })}
                                  {level.safety_stock > 0 &&
                                    ` · ${t('stock.cell.safety', { n: f.count(level.safety_stock) })}`}
                                </span>
                              </span>
                            </td>
                          );
                        })}
                        <td data-label={t('stock.col.onHand')} className="num" data-testid="stock-total">
                          {f.count(item.on_hand)}
                        </td>
                        <td data-label={t('stock.col.online')} className="num" data-testid="stock-online">
                          {f.count(item.available_online)}
                        </td>
                        <td className="table__actions">
                          <span className="button-row">
                            <button
                              type="button"
                              className="button button--small button--quiet"
                              aria-expanded={isOpen}
                              aria-label={t('stock.record.label', { sku: item.sku })}
                              onClick={() => setOpen(isOpen ? null : item.variant_id)}
                            >
                              {isOpen ? t('stock.record.close') : t('stock.record')}
                            </button>
                            <Link to={ledger} className="button button--small button--quiet">
                              {t('stock.toLedgerShort')}
                            </Link>
                          </span>
                        </td>
                      </tr>
                      {isOpen && (
                        <tr className="stock-row__panel">
                          <td colSpan={columns}>
                            <MovePanel
                              merchantId={merchantId}
                              item={item}
                              locations={active}
                              onChanged={(v) => changed([v])}
                            />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {results.kind === 'ready' && results.moreError && (
        <ErrorBanner testId="more-error">{text.problem(results.moreError.error)}</ErrorBanner>
      )}
      {results.kind === 'ready' && results.next !== null && (
        <div className="more">
          <button
            type="button"
            className="button button--quiet"
            disabled={results.loadingMore}
            onClick={() => void loadMore()}
            data-testid="more"
          >
            {results.loadingMore ? t('a11y.loading') : t('products.more')}
          </button>
        </div>
      )}
    </div>
  );
}
