// A list of products found by GET /api/v1/search, driven by the address: the search page, a
// category page and a merchant's mini-site all show it, each with the filters of its own path on
// top (a category, a merchant). Around the cards: the count, the chosen filters (each can be taken
// out), the sort, the facets, the page numbers, an empty state with hints, and the server's field
// errors in words (a query that is too long, a page too deep).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import {
  getDistricts,
  isApiError,
  searchProducts,
  SEARCH_MAX_DEPTH,
  SEARCH_SORTS,
  type FieldError,
  type Localized,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
  type CodeName,
} from '../../api';
import { Loading } from '../../components/Form';
import { useProblemText } from '../../errors';
import { useFormat } from '../../format';
import { isMessageKey, useI18n } from '../../i18n';
import { Facets, samePrice, usePriceRange, type FacetsProps } from './Facets';
import { useCount } from './money';
import { lastPage, Pagination } from './Pagination';
import { ProductCard } from './ProductCard';
import { hasFilters, PAGE_SIZE, readSearch, toQuery, writeSearch, type SearchState } from './searchState';

type Load =
  | { kind: 'loading'; last: SearchResult | null }
  | { kind: 'error'; error: unknown }
  | { kind: 'ready'; result: SearchResult };

/** A field error of the search in words: our own text by field and code, else the server's sentence. */
function useSearchFieldText(): (error: FieldError) => string {
  const { t } = useI18n();
  return (error) => {
    const field = /^(min|max)_price_won$/.test(error.field) ? 'prices' : error.field.split(/[.[]/)[0] ?? error.field;
    for (const key of [`portal.error.${field}.${error.code ?? ''}`, `portal.error.${field}`]) {
      if (isMessageKey(key)) return t(key);
    }
    return error.message;
  };
}

export interface ResultsProps {
  defaultSort: SearchSort;
  /** The page's own filters, from its path (a category, a merchant); they win over the query. */
  fixed?: Partial<SearchQuery>;
  facets?: FacetsProps['show'] | false;
  categoryHref?: FacetsProps['categoryHref'];
  currentCategory?: string;
  /** Names of categories the page knows (e.g. a merchant's top categories), for the chosen-filter chips. */
  categoryNames?: ReadonlyMap<string, Localized>;
  /** Said when nothing is found and no words were typed. */
  emptyText?: string;
  /** Shown between the toolbar and the list (e.g. a merchant's category chips). */
  children?: ReactNode;
}

export function Results({
  defaultSort,
  fixed = {},
  facets = {},
  categoryHref,
  currentCategory,
  categoryNames,
  emptyText,
  children,
}: ResultsProps) {
  const { t } = useI18n();
  const f = useFormat();
  const count = useCount();
  const priceRange = usePriceRange();
  const problemText = useProblemText();
  const fieldText = useSearchFieldText();
  const location = useLocation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const state = readSearch(params, defaultSort);
  const query = toQuery(state, fixed);
  const queryKey = JSON.stringify(query);
  const [load, setLoad] = useState<Load>({ kind: 'loading', last: null });
  const [attempt, setAttempt] = useState(0);
  const lastResult = useRef<SearchResult | null>(null);
  const topRef = useRef<HTMLDivElement>(null);
  const shownPage = useRef(state.page);
  const [districtNames, setDistrictNames] = useState<CodeName[]>([]);

  // Names of districts for a chosen district that the facets do not list (nothing found there).
  useEffect(() => {
    if (!state.district) return;
    getDistricts().then(
      (d) => setDistrictNames(d.items),
      () => setDistrictNames([]),
    );
  }, [state.district]);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ kind: 'loading', last: lastResult.current });
    searchProducts(JSON.parse(queryKey) as SearchQuery, controller.signal).then(
      (result) => {
        lastResult.current = result;
        setLoad({ kind: 'ready', result });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setLoad({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [queryKey, attempt]);

  // A new page of the same list starts at its top.
  useEffect(() => {
    if (shownPage.current !== state.page) {
      shownPage.current = state.page;
      topRef.current?.scrollIntoView({ block: 'start' });
    }
  }, [state.page]);

  const href = (next: SearchState) => {
    const search = writeSearch(next, defaultSort);
    return search === '' ? location.pathname : `${location.pathname}?${search}`;
  };
  const hrefWith = (change: Partial<SearchState>) => href({ ...state, ...change, page: 1 });
  const hrefPage = (page: number) => href({ ...state, page });

  const result = load.kind === 'ready' ? load.result : load.kind === 'loading' ? load.last : null;
  const busy = load.kind === 'loading';

  // The chosen filters as chips, each with the link that takes it out.
  const chips: { key: string; label: string; to: string }[] = [];
  if (result) {
    if (state.category_id) {
      const facet = result.facets.categories.find((c) => c.id === state.category_id);
      const name = facet?.name ?? categoryNames?.get(state.category_id);
      chips.push({
        key: 'category',
        label: t('portal.chip.category', { name: name ? f.local(name) : state.category_id }),
        to: hrefWith({ category_id: '' }),
      });
    }
    if (state.merchant_id && !fixed.merchant_id) {
      const facet = result.facets.merchants.find((m) => m.id === state.merchant_id);
      chips.push({
        key: 'merchant',
        label: t('portal.chip.merchant', { name: facet ? f.local(facet.name) : state.merchant_id }),
        to: hrefWith({ merchant_id: '' }),
      });
    }
    if (state.district) {
      const facet =
        result.facets.districts.find((d) => d.code === state.district) ??
        districtNames.find((d) => d.code === state.district);
      chips.push({
        key: 'district',
        label: t('portal.chip.district', { name: facet ? f.local(facet.name) : state.district }),
        to: hrefWith({ district: '' }),
      });
    }
    if (state.min_price_won !== null || state.max_price_won !== null) {
      const bucket = result.facets.prices.find((p) => samePrice(state, p));
      chips.push({
        key: 'price',
        label: t('portal.chip.price', {
          range: bucket
            ? priceRange(bucket.min_won, bucket.max_won)
            : priceRange(state.min_price_won, state.max_price_won),
        }),
        to: hrefWith({ min_price_won: null, max_price_won: null }),
      });
    }
  }
  const clearAll = hrefWith({
    category_id: '',
    merchant_id: fixed.merchant_id ? state.merchant_id : '',
    district: '',
    min_price_won: null,
    max_price_won: null,
  });

  let body: ReactNode;
  if (load.kind === 'error') {
    const fields = isApiError(load.error) && load.error.status === 422 ? load.error.fieldErrors : [];
    body = (
      <div className="banner banner--error" role="alert" data-testid="search-error">
        <div>
          <p className="banner__title">{t('portal.error.title')}</p>
          {fields.length > 0 ? (
            <ul className="search-error__list">
              {fields.map((fe, i) => (
                <li key={i} data-field={fe.field}>
                  {fieldText(fe)}
                </li>
              ))}
            </ul>
          ) : (
            <p>{problemText(load.error)}</p>
          )}
        </div>
        {fields.length === 0 && (
          <button type="button" className="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  } else if (result === null) {
    body = <Loading />;
  } else if (result.total === 0) {
    body = (
      <div className="empty card no-results" data-testid="no-results">
        <p className="no-results__title">
          {state.q !== '' ? t('portal.empty.query', { q: state.q }) : (emptyText ?? t('portal.empty.filters'))}
        </p>
        <ul className="no-results__hints">
          {state.q !== '' && <li>{t('portal.empty.hintSpelling')}</li>}
          {state.q !== '' && <li>{t('portal.empty.hintShorter')}</li>}
          {hasFilters(state) && (
            <li>
              {t('portal.empty.hintFilters')} <Link to={clearAll}>{t('portal.filters.clear')}</Link>
            </li>
          )}
          <li>
            {t('portal.empty.hintBrowse')} <Link to="/#categories">{t('portal.empty.browse')}</Link>
          </li>
        </ul>
      </div>
    );
  } else if (result.items.length === 0) {
    body = (
      <div className="empty card no-results" data-testid="no-results">
        <p className="no-results__title">{t('portal.empty.page')}</p>
        <Link to={hrefPage(1)}>{t('portal.pages.first')}</Link>
      </div>
    );
  } else {
    body = (
      <ul className="product-grid" data-testid="results">
        {result.items.map((hit) => (
          <ProductCard key={hit.id} hit={hit} />
        ))}
      </ul>
    );
  }

  const shown = facets === false ? null : facets;
  const showFacets =
    shown !== null &&
    result !== null &&
    load.kind !== 'error' &&
    ((shown.categories !== false && result.facets.categories.length > 0) ||
      (shown.merchants !== false && result.facets.merchants.length > 0) ||
      (shown.districts !== false && result.facets.districts.length > 0) ||
      (shown.prices !== false && result.facets.prices.some((p) => p.count > 0 || samePrice(state, p))));
  return (
    <div className={showFacets ? 'results results--facets' : 'results'} ref={topRef} aria-busy={busy}>
      {showFacets && shown !== null && (
        <Facets
          facets={result.facets}
          state={state}
          hrefWith={hrefWith}
          show={shown}
          {...(categoryHref ? { categoryHref } : {})}
          {...(currentCategory ? { currentCategory } : {})}
        />
      )}
      <div className="results__main">
        <div className="results__toolbar">
          <p className="results__count" role="status" data-testid="result-count">
            {result ? t('portal.results.count', { n: count(result.total) }) : ''}
          </p>
          <label className="sort">
            <span className="sort__label">{t('portal.sort.label')}</span>
            <select
              className="sort__select"
              name="sort"
              value={state.sort}
              onChange={(e) => navigate(href({ ...state, sort: e.target.value as SearchSort, page: 1 }))}
            >
              {SEARCH_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`portal.sort.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {chips.length > 0 && (
          <ul className="chips" aria-label={t('portal.filters.chosen')} data-testid="chosen-filters">
            {chips.map((c) => (
              <li key={c.key}>
                <Link to={c.to} className="chip chip--on" aria-label={t('portal.filters.remove', { filter: c.label })}>
                  {c.label} <span aria-hidden="true">×</span>
                </Link>
              </li>
            ))}
            {chips.length > 1 && (
              <li>
                <Link to={clearAll} className="chip chip--clear">
                  {t('portal.filters.clear')}
                </Link>
              </li>
            )}
          </ul>
        )}
        {children}
        <div className={busy && result ? 'results__body results__body--busy' : 'results__body'}>{body}</div>
        {result && result.total > SEARCH_MAX_DEPTH && state.page >= lastPage(result.total, PAGE_SIZE) && (
          <p className="muted results__deep">{t('portal.results.tooDeep', { n: count(SEARCH_MAX_DEPTH) })}</p>
        )}
        {result && load.kind !== 'error' && (
          <Pagination page={state.page} total={result.total} limit={PAGE_SIZE} hrefFor={hrefPage} />
        )}
      </div>
    </div>
  );
}
