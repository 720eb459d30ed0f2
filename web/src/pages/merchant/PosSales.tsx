// /merchant/:merchantId/pos/sales: the counter's sales journal (GET …/pos/sales), newest first, with
// filters kept in the address (shop, a day in Korea, a receipt number, the customer's mobile number)
// and "show more" by cursor; each row names its kind, shop, cashier, customer, payments and total.
// /merchant/:merchantId/pos/sales/:posSaleId: one sale with its lines (the price list's price beside
// the one charged), payments, what it refers to or was voided by, and its receipt, printable.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { getPosSale, listPosSales, type PosSale } from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { useLocationName, useLocations } from './inventoryBits';
import { normalizeMobile, receiptOfSale } from './posCart';
import { Receipt, SaleKindBadge, usePosText, useTenderName, useVatModes } from './posBits';

const PAGE_SIZE = 20;

interface Filter {
  location_id: string;
  date: string;
  receipt_no: string;
  phone: string;
}

function readFilter(params: URLSearchParams): Filter {
  return {
    location_id: params.get('location_id') ?? '',
    date: params.get('date') ?? '',
    receipt_no: params.get('receipt_no') ?? '',
    phone: params.get('phone') ?? '',
  };
}

function writeFilter(filter: Filter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value.trim()) params.set(name, value.trim());
  }
  return params;
}

type Results =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: PosSale[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

export function PosSales() {
  const { t } = useI18n();
  const f = useFormat();
  const text = usePosText();
  const tender = useTenderName();
  const name = useLocationName();
  const { merchantId, merchantName } = useBackOffice();
  useDocumentTitle(t('pos.sales.title') + t('title.separator') + merchantName);
  const locations = useLocations(merchantId);
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const filterKey = writeFilter(filter).toString();
  const [draft, setDraft] = useState({ receipt_no: filter.receipt_no, phone: filter.phone });
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [results, setResults] = useState<Results>({ kind: 'loading' });
  const base = `/merchant/${encodeURIComponent(merchantId)}/pos/sales`;

  useEffect(() => setDraft({ receipt_no: filter.receipt_no, phone: filter.phone }), [filter.receipt_no, filter.phone]);

  const query = useCallback(
    (cursor: string | null) => ({ ...readFilter(new URLSearchParams(filterKey)), cursor, limit: PAGE_SIZE }),
    [filterKey],
  );

  useEffect(() => {
    const controller = new AbortController();
    setResults({ kind: 'loading' });
    listPosSales(merchantId, query(null), controller.signal).then(
      (page) =>
        setResults({ kind: 'ready', items: page.items, next: page.next_cursor, loadingMore: false, moreError: null }),
      (e: unknown) => {
        if (!controller.signal.aborted) setResults({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, query]);

  async function loadMore() {
    if (results.kind !== 'ready' || results.next === null) return;
    const cursor = results.next;
    setResults({ ...results, loadingMore: true, moreError: null });
    try {
      const page = await listPosSales(merchantId, query(cursor));
      setResults((old) =>
        old.kind === 'ready'
          ? { ...old, items: [...old.items, ...page.items], next: page.next_cursor, loadingMore: false }
          : old,
      );
    } catch (e) {
      setResults((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }

  const apply = (change: Partial<Filter>) => setParams(writeFilter({ ...filter, ...change }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const phone = draft.phone.trim();
    if (phone !== '' && !normalizeMobile(phone)) {
      setPhoneError(t('field.invalid_mobile'));
      return;
    }
    setPhoneError(null);
    apply({ receipt_no: draft.receipt_no, phone: phone === '' ? '' : normalizeMobile(phone)! });
  }

  const byId = locations.state.kind === 'ready' ? locations.state.byId : new Map();
  const shops = locations.state.kind === 'ready' ? locations.state.items : [];
  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('pos.sales.title')}</h2>
      </div>
      <form className="filters filters--pos card" role="search" aria-label={t('pos.sales.filter')} onSubmit={onSubmit}>
        <SelectField
          label={t('pos.filter.shop')}
          name="location_id"
          value={filter.location_id}
          onChange={(location_id) => apply({ location_id })}
          placeholder={t('pos.filter.allShops')}
          options={shops.map((l) => ({ value: l.id, label: name(l) }))}
        />
        <TextField
          label={t('pos.filter.date')}
          name="date"
          type="date"
          value={filter.date}
          onChange={(date) => apply({ date })}
        />
        <TextField
          label={t('pos.filter.receiptNo')}
          name="receipt_no"
          type="search"
          value={draft.receipt_no}
          onChange={(receipt_no) => setDraft((d) => ({ ...d, receipt_no }))}
          maxLength={40}
          autoComplete="off"
        />
        <div className="filters__search">
          <TextField
            label={t('pos.filter.phone')}
            name="phone"
            type="tel"
            value={draft.phone}
            onChange={(phone) => setDraft((d) => ({ ...d, phone }))}
            error={phoneError}
            maxLength={20}
            placeholder="010-1234-5678"
            autoComplete="off"
          />
          <button type="submit" className="button">
            {t('pos.filter.search')}
          </button>
        </div>
      </form>

      {results.kind === 'loading' && <Loading />}
      {results.kind === 'error' && <ErrorBanner testId="list-error">{text.problem(results.error)}</ErrorBanner>}
      {results.kind === 'ready' && results.items.length === 0 && (
        <p className="empty card" data-testid="no-sales">
          {t(filterKey ? 'pos.sales.noneFiltered' : 'pos.sales.none')}
        </p>
      )}
      {results.kind === 'ready' && results.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table table--stack" data-testid="pos-sales">
              <thead>
                <tr>
                  <th scope="col">{t('pos.sales.receipt')}</th>
                  <th scope="col">{t('pos.sales.time')}</th>
                  <th scope="col">{t('pos.sales.kind')}</th>
                  <th scope="col">{t('pos.filter.shop')}</th>
                  <th scope="col">{t('pos.sales.cashier')}</th>
                  <th scope="col">{t('pos.sales.customer')}</th>
                  <th scope="col">{t('pos.sales.payments')}</th>
                  <th scope="col" className="num">
                    {t('pos.sales.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.items.map((s) => (
                  <tr key={s.id} data-testid="pos-sale-row" data-sale-id={s.sale_id} data-kind={s.kind}>
                    <th scope="row" data-label={t('pos.sales.receipt')}>
                      <Link to={`${base}/${encodeURIComponent(s.id)}`} data-testid="pos-sale-link">
                        {s.receipt_no || s.sale_id}
                      </Link>
                    </th>
                    <td data-label={t('pos.sales.time')}>
                      <Time iso={s.sold_at} seconds />
                    </td>
                    <td data-label={t('pos.sales.kind')}>
                      <span>
                        <SaleKindBadge kind={s.kind} />
                        {s.voided_by && (
                          <>
                            {' '}
                            <span className="badge badge--closed">{t('pos.sales.voided')}</span>
                          </>
                        )}
                        {s.exceptions > 0 && (
                          <>
                            {' '}
                            <span className="badge badge--pos-unknown">
                              {t('pos.sales.exceptions', { n: f.count(s.exceptions) })}
                            </span>
                          </>
                        )}
                      </span>
                    </td>
                    <td data-label={t('pos.filter.shop')}>{name(byId.get(s.location_id))}</td>
                    <td data-label={t('pos.sales.cashier')}>{s.cashier || '—'}</td>
                    <td data-label={t('pos.sales.customer')}>{s.customer.phone || s.customer.card_no || '—'}</td>
                    <td data-label={t('pos.sales.payments')}>
                      {s.payments.map((p) => tender(p.method)).join(', ') || '—'}
                    </td>
                    <td data-label={t('pos.sales.total')} className="num" data-testid="pos-sale-total">
                      {f.won(s.kind === 'sale' ? s.total : -s.total)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {results.moreError && <ErrorBanner testId="more-error">{text.problem(results.moreError.error)}</ErrorBanner>}
          {results.next !== null && (
            <div className="more">
              <button
                type="button"
                className="button button--quiet"
                disabled={results.loadingMore}
                onClick={() => void loadMore()}
                data-testid="more"
              >
                {results.loadingMore ? t('a11y.loading') : t('pos.sales.more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

export function PosSaleDetail() {
  const { t } = useI18n();
  const f = useFormat();
  const text = usePosText();
  const tender = useTenderName();
  const name = useLocationName();
  const { merchantId, merchantName } = useBackOffice();
  const vatOf = useVatModes(merchantId);
  const { posSaleId = '' } = useParams();
  const locations = useLocations(merchantId);
  const [state, setState] = useState<
    { kind: 'loading' } | ({ kind: 'error' } & Failure) | { kind: 'ready'; sale: PosSale }
  >({ kind: 'loading' });
  useDocumentTitle(
    (state.kind === 'ready' ? t('pos.sale.title', { receipt: state.sale.receipt_no }) : t('pos.sales.title')) +
      t('title.separator') +
      merchantName,
  );
  const base = `/merchant/${encodeURIComponent(merchantId)}/pos`;

  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: 'loading' });
    getPosSale(merchantId, posSaleId, controller.signal).then(
      (sale) => setState({ kind: 'ready', sale }),
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, posSaleId]);

  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'error') {
    return (
      <div className="sections">
        <ErrorBanner testId="sale-error">{text.problem(state.error)}</ErrorBanner>
        <Link to={`${base}/sales`} className="back-link">
          {t('pos.sale.back')}
        </Link>
      </div>
    );
  }
  const sale = state.sale;
  const location = locations.state.kind === 'ready' ? locations.state.byId.get(sale.location_id) : undefined;
  const shop = location
    ? {
        id: location.id,
        kind: location.kind,
        name_ko: location.name_ko,
        name_en: location.name_en,
        road_address: location.road_address,
        phone: location.phone,
      }
    : null;
  return (
    <div className="sections pos-sale" data-testid="pos-sale" data-sale-id={sale.sale_id}>
      <Link to={`${base}/sales`} className="back-link no-print">
        {t('pos.sale.back')}
      </Link>
      <div className="section__head">
        <h2>
          {t('pos.sale.title', { receipt: sale.receipt_no || sale.sale_id })} <SaleKindBadge kind={sale.kind} />
        </h2>
        <button type="button" className="button button--quiet no-print" onClick={() => window.print()}>
          {t('pos.receipt.print')}
        </button>
      </div>
      <div className="pos-sale__cols">
        <section className="card">
          <dl className="details">
            <div>
              <dt>{t('pos.filter.shop')}</dt>
              <dd>{name(location)}</dd>
            </div>
            <div>
              <dt>{t('pos.sales.time')}</dt>
              <dd>
                <Time iso={sale.sold_at} seconds />
              </dd>
            </div>
            <div>
              <dt>{t('pos.sale.received')}</dt>
              <dd>
                <Time iso={sale.received_at} seconds />
              </dd>
            </div>
            <div>
              <dt>{t('pos.sales.cashier')}</dt>
              <dd>{sale.cashier || '—'}</dd>
            </div>
            <div>
              <dt>{t('pos.sale.source')}</dt>
              <dd>{t(`pos.source.${sale.source}`)}</dd>
            </div>
            <div>
              <dt>{t('pos.sales.customer')}</dt>
              <dd>{sale.customer.phone || sale.customer.card_no || '—'}</dd>
            </div>
            <div>
              <dt>{t('pos.sale.saleId')}</dt>
              <dd>
                <code>{sale.sale_id}</code>
              </dd>
            </div>
            {sale.original_sale_id && (
              <div>
                <dt>{t('pos.sale.original')}</dt>
                <dd>
                  <code>{sale.original_sale_id}</code>
                </dd>
              </div>
            )}
            {sale.voided_by && (
              <div>
                <dt>{t('pos.sales.voided')}</dt>
                <dd>
                  <Link to={`${base}/sales/${encodeURIComponent(sale.voided_by)}`}>{t('pos.sale.voidedBy')}</Link>
                </dd>
              </div>
            )}
          </dl>
          <div className="table-wrap">
            <table className="table table--stack" data-testid="pos-sale-lines">
              <thead>
                <tr>
                  <th scope="col">{t('pos.sale.item')}</th>
                  <th scope="col" className="num">
                    {t('pos.sale.quantity')}
                  </th>
                  <th scope="col" className="num">
                    {t('pos.sale.unitPrice')}
                  </th>
                  <th scope="col" className="num">
                    {t('pos.sale.discount')}
                  </th>
                  <th scope="col" className="num">
                    {t('pos.sale.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {sale.lines.map((l) => (
                  <tr key={l.line_no} data-testid="pos-sale-line" data-code={l.code}>
                    <th scope="row" data-label={t('pos.sale.item')}>
                      <span>
                        {l.title || l.code}
                        <span className="muted stock-row__title">
                          {l.sku || l.code}
                          {l.variant_id === null && ` · ${t('pos.line.unknown')}`}
                          {l.returned_quantity > 0 &&
                            ` · ${t('pos.sale.returned', { n: f.count(l.returned_quantity) })}`}
                        </span>
                      </span>
                    </th>
                    <td data-label={t('pos.sale.quantity')} className="num">
                      {f.count(l.quantity)}
                    </td>
                    <td data-label={t('pos.sale.unitPrice')} className="num">
                      <span>
                        {f.won(l.unit_price)}
                        {l.list_price !== null && l.list_price !== l.unit_price && (
                          <span className="muted stock-row__title">
                            {t('pos.sale.listPrice', { price: f.won(l.list_price) })}
                          </span>
                        )}
                      </span>
                    </td>
                    <td data-label={t('pos.sale.discount')} className="num">
                      {l.discount > 0 ? f.won(l.discount) : '—'}
                    </td>
                    <td data-label={t('pos.sale.amount')} className="num">
                      {f.won(l.amount)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="details">
            {sale.discount > 0 && (
              <div>
                <dt>{t('pos.receipt.discount')}</dt>
                <dd className="num">{f.won(sale.discount)}</dd>
              </div>
            )}
            <div>
              <dt>{t('pos.sales.total')}</dt>
              <dd className="num" data-testid="pos-sale-detail-total">
                {f.won(sale.total)}
              </dd>
            </div>
            {sale.payments.map((p, i) => (
              <div key={`${p.method}-${i}`}>
                <dt>{tender(p.method)}</dt>
                <dd className="num">{f.won(p.amount)}</dd>
              </div>
            ))}
          </dl>
          {sale.exceptions > 0 && (
            <p>
              <Link to={`${base}/exceptions?state=all`}>
                {t('pos.sales.exceptions', { n: f.count(sale.exceptions) })}
              </Link>
            </p>
          )}
        </section>
        <Receipt data={receiptOfSale(sale, vatOf)} merchantName={merchantName} shop={shop} printable />
      </div>
    </div>
  );
}
