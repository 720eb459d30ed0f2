// /merchant/:merchantId/products: the shop's products, the last changed first. Filters by status,
// category and a part of a title or a SKU (kept in the address, so that a filtered list can be
// reloaded and shared), "show more" by cursor, and each row with its main image, price range,
// number of variants and status. A shop without products is offered its first.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listProducts, PRODUCT_STATUSES, type ProductSummary } from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { useCategoryOptions, useCategoryTree, usePathName } from './catalogTree';
import { ProductStatusBadge, Thumbnail, useCatalogText } from './productBits';

const PAGE_SIZE = 20;

interface Filter {
  status: string; // '' for every status
  category_id: string;
  q: string;
}

function readFilter(params: URLSearchParams): Filter {
  return { status: params.get('status') ?? '', category_id: params.get('category') ?? '', q: params.get('q') ?? '' };
}

function writeFilter(filter: Filter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.category_id) params.set('category', filter.category_id);
  if (filter.q.trim()) params.set('q', filter.q.trim());
  return params;
}

type Results =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: ProductSummary[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

export function Products() {
  const { t, lang } = useI18n();
  const f = useFormat();
  const text = useCatalogText();
  const { merchantId, merchantName } = useBackOffice();
  useDocumentTitle(t('products.title') + t('title.separator') + merchantName);
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const filterKey = writeFilter(filter).toString();
  const [draftQ, setDraftQ] = useState(filter.q);
  const [results, setResults] = useState<Results>({ kind: 'loading' });
  const categories = useCategoryTree();
  const tree = categories.state.kind === 'ready' ? categories.state.tree : null;
  const categoryOptions = useCategoryOptions(tree);
  const pathName = usePathName(tree);
  const base = `/merchant/${encodeURIComponent(merchantId)}/products`;

  useEffect(() => setDraftQ(filter.q), [filter.q]);

  const query = useCallback(
    (cursor: string | null) => {
      const current = readFilter(new URLSearchParams(filterKey));
      return { status: current.status, category_id: current.category_id, q: current.q, cursor, limit: PAGE_SIZE };
    },
    [filterKey],
  );

  useEffect(() => {
    const controller = new AbortController();
    setResults({ kind: 'loading' });
    listProducts(merchantId, query(null), controller.signal).then(
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
      const page = await listProducts(merchantId, query(cursor));
      setResults((old) =>
        old.kind === 'ready'
          ? {
              kind: 'ready',
              items: [...old.items, ...page.items],
              next: page.next_cursor,
              loadingMore: false,
              moreError: null,
            }
          : old,
      );
    } catch (e) {
      setResults((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }

  const apply = (change: Partial<Filter>) => setParams(writeFilter({ ...filter, ...change }));
  const filtered = filterKey !== '';

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply({ q: draftQ });
  }

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('products.title')}</h2>
        <div className="button-row">
          <Link to={`${base}/import`} className="button button--quiet button--small">
            {t('products.toImport')}
          </Link>
          <Link to={`${base}/new`} className="button button--small" data-testid="new-product">
            {t('products.new')}
          </Link>
        </div>
      </div>
      <form
        className="filters filters--products card"
        role="search"
        aria-label={t('products.filter.label')}
        onSubmit={onSubmit}
      >
        <SelectField
          label={t('products.filter.status')}
          name="status"
          value={filter.status}
          onChange={(status) => apply({ status })}
          placeholder={t('products.filter.allStatuses')}
          options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`products.status.${s}`) }))}
        />
        <SelectField
          label={t('products.filter.category')}
          name="category"
          value={filter.category_id}
          onChange={(category_id) => apply({ category_id })}
          placeholder={t('products.filter.allCategories')}
          options={categoryOptions}
          hint={t('products.filter.categoryHint')}
        />
        <div className="filters__search">
          <TextField
            label={t('products.filter.q')}
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
      {results.kind === 'ready' && results.items.length === 0 && !filtered && (
        <div className="card empty-state" data-testid="no-products">
          <p className="empty-state__title">{t('products.empty.title')}</p>
          <p className="muted">{t('products.empty.body')}</p>
          <div className="button-row">
            <Link to={`${base}/new`} className="button">
              {t('products.empty.first')}
            </Link>
            <Link to={`${base}/import`} className="button button--quiet">
              {t('products.empty.import')}
            </Link>
          </div>
        </div>
      )}
      {results.kind === 'ready' && results.items.length === 0 && filtered && (
        <p className="empty card" data-testid="no-results">
          {t('products.empty.filtered')}
        </p>
      )}
      {results.kind === 'ready' && results.items.length > 0 && (
        <>
          <p className="list-count" role="status">
            {t('products.count', { n: results.items.length })}
          </p>
          <div className="table-wrap">
            <table className="table table--stack products-table" data-testid="products">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t('products.col.image')}</span>
                  </th>
                  <th scope="col">{t('products.col.title')}</th>
                  <th scope="col">{t('products.col.category')}</th>
                  <th scope="col">{t('products.col.price')}</th>
                  <th scope="col">{t('products.col.variants')}</th>
                  <th scope="col">{t('products.col.status')}</th>
                  <th scope="col">{t('products.col.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {results.items.map((p) => {
                  // The title in the page's language first; the Korean one when there is no English.
                  const english = lang === 'en' && p.title_en !== '';
                  return (
                    <tr key={p.id} data-testid="product" data-product-id={p.id} className="product-row">
                      <td className="product-row__image">
                        <Thumbnail url={p.image?.url ?? null} />
                      </td>
                      <th scope="row" data-label={t('products.col.title')}>
                        <Link to={`${base}/${encodeURIComponent(p.id)}`} data-testid="product-title">
                          {english ? p.title_en : p.title_ko}
                        </Link>
                        {p.title_en && (
                          <span className="muted product-row__en" lang={english ? 'ko' : 'en'}>
                            {english ? p.title_ko : p.title_en}
                          </span>
                        )}
                      </th>
                      <td data-label={t('products.col.category')}>{pathName(p.category_id) || '—'}</td>
                      <td data-label={t('products.col.price')} className="num" data-testid="product-price">
                        {f.wonRange(p.min_price_won, p.max_price_won)}
                      </td>
                      <td data-label={t('products.col.variants')} data-testid="product-variants">
                        {t('products.variantsCount', { n: p.variants })}
                      </td>
                      <td data-label={t('products.col.status')}>
                        <ProductStatusBadge status={p.status} />
                      </td>
                      <td data-label={t('products.col.updated')}>
                        <Time iso={p.updated_at} />
                      </td>
                    </tr>
                  );
                })}
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
                {results.loadingMore ? t('a11y.loading') : t('products.more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
