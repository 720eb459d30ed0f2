// The address is the state of a result list: q, the filters, the sort and the page live in the
// query, so back and forward work and a link can be shared. Values that make no sense (page=abc) are
// left out rather than sent.
//
//   const state = readSearch(params, 'relevance');
//   <Link to={`?${writeSearch({ ...state, district: 'haeundae', page: 1 }, 'relevance')}`}>
import { SEARCH_SORTS, type SearchQuery, type SearchSort } from '../../api';

export const PAGE_SIZE = 20;

export interface SearchState {
  q: string;
  category_id: string;
  merchant_id: string;
  district: string;
  min_price_won: number | null;
  max_price_won: number | null;
  sort: SearchSort;
  page: number;
}

function wholeNumber(value: string | null): number | null {
  if (value === null || !/^\d{1,13}$/.test(value)) return null;
  return Number(value);
}

function isSort(value: string | null): value is SearchSort {
  return value !== null && (SEARCH_SORTS as readonly string[]).includes(value);
}

export function readSearch(params: URLSearchParams, defaultSort: SearchSort): SearchState {
  const sort = params.get('sort');
  const page = wholeNumber(params.get('page'));
  return {
    q: params.get('q') ?? '',
    category_id: params.get('category_id') ?? '',
    merchant_id: params.get('merchant_id') ?? '',
    district: params.get('district') ?? '',
    min_price_won: wholeNumber(params.get('min_price_won')),
    max_price_won: wholeNumber(params.get('max_price_won')),
    sort: isSort(sort) ? sort : defaultSort,
    page: page !== null && page >= 1 ? page : 1,
  };
}

/** The query string of a state: the default sort and the first page are left out. */
export function writeSearch(state: SearchState, defaultSort: SearchSort): string {
  const params = new URLSearchParams();
  if (state.q !== '') params.set('q', state.q);
  if (state.category_id) params.set('category_id', state.category_id);
  if (state.merchant_id) params.set('merchant_id', state.merchant_id);
  if (state.district) params.set('district', state.district);
  if (state.min_price_won !== null) params.set('min_price_won', String(state.min_price_won));
  if (state.max_price_won !== null) params.set('max_price_won', String(state.max_price_won));
  if (state.sort !== defaultSort) params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  return params.toString();
}

/** What the API is asked: the state, with the filters of the page itself (a category, a merchant) on top. */
export function toQuery(state: SearchState, fixed: Partial<SearchQuery>): SearchQuery {
  const query: SearchQuery = { sort: state.sort, page: state.page, limit: PAGE_SIZE };
  if (state.q !== '') query.q = state.q;
  if (state.category_id) query.category_id = state.category_id;
  if (state.merchant_id) query.merchant_id = state.merchant_id;
  if (state.district) query.district = state.district;
  if (state.min_price_won !== null) query.min_price_won = state.min_price_won;
  if (state.max_price_won !== null) query.max_price_won = state.max_price_won;
  return { ...query, ...fixed };
}

/** True when some filter beyond the words is set. */
export function hasFilters(state: SearchState): boolean {
  const price = state.min_price_won !== null || state.max_price_won !== null;
  return Boolean(state.category_id || state.merchant_id || state.district || price);
}
