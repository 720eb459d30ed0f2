// The facets beside a result list, each value a link that adds its filter to the address or, when
// it is already chosen, takes it out again: the category tree (parents first, children indented
// under them), the merchants, the districts and the price ranges, each with its count. On a phone
// the panel folds behind one button.
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { CategoryFacet, PriceFacet, SearchResult } from '../../api';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useCount, useWon } from './money';
import type { SearchState } from './searchState';

/** Parents first, each followed by its children (in the server's order), with their depth. */
export function orderCategories(items: CategoryFacet[]): { facet: CategoryFacet; depth: number }[] {
  const ids = new Set(items.map((c) => c.id));
  const children = new Map<string | null, CategoryFacet[]>();
  for (const c of items) {
    // A parent the facets do not list: show the category at the top.
    const parent = c.parent_id !== null && ids.has(c.parent_id) ? c.parent_id : null;
    const list = children.get(parent) ?? [];
    list.push(c);
    children.set(parent, list);
  }
  const out: { facet: CategoryFacet; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      if (seen.has(c.id)) continue; // a cycle in bad data must not loop forever
      seen.add(c.id);
      out.push({ facet: c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The bucket [min_won, max_won) as the server's filter reads it: both bounds included, in whole won. */
export function bucketFilter(p: PriceFacet): { min_price_won: number | null; max_price_won: number | null } {
  return { min_price_won: p.min_won === 0 ? null : p.min_won, max_price_won: p.max_won === null ? null : p.max_won - 1 };
}

export function samePrice(state: SearchState, p: PriceFacet): boolean {
  const f = bucketFilter(p);
  return (state.min_price_won ?? null) === f.min_price_won && (state.max_price_won ?? null) === f.max_price_won;
}

/** "0원 ~ 10,000원", "1,000,000원 이상": a bucket holds prices from its lower bound up to, not including, its upper one. */
export function usePriceRange(): (min: number | null, max: number | null) => string {
  const { t } = useI18n();
  const won = useWon();
  return (min, max) =>
    max === null
      ? t('portal.price.atLeast', { min: won(min ?? 0) })
      : t('portal.price.between', { min: won(min ?? 0), max: won(max) });
}

function FacetLink({
  to,
  selected,
  count,
  depth = 0,
  children,
}: {
  to: string;
  selected: boolean;
  count: number;
  depth?: number;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const n = useCount();
  return (
    <li className="facet__item" style={depth > 0 ? { paddingInlineStart: `${depth * 0.9}rem` } : undefined}>
      <Link
        to={to}
        className={selected ? 'facet__link facet__link--on' : 'facet__link'}
        aria-current={selected ? 'true' : undefined}
        data-testid="facet-link"
      >
        <span className="facet__check" aria-hidden="true">
          {selected ? '✓' : ''}
        </span>
        <span className="facet__name">{children}</span>
        <span className="facet__count">
          <span className="visually-hidden">{selected ? t('portal.facets.selected') : ''} </span>
          {n(count)}
        </span>
      </Link>
    </li>
  );
}

function FacetGroup({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="facet" aria-labelledby={id} data-testid={testId}>
      <h3 className="facet__title" id={id}>
        {title}
      </h3>
      <ul className="facet__list">{children}</ul>
    </section>
  );
}

export interface FacetsProps {
  facets: SearchResult['facets'];
  state: SearchState;
  /** The address of the list with `change` applied (and back to the first page). */
  hrefWith: (change: Partial<SearchState>) => string;
  /** Where a category leads; by default it toggles the category filter in the query. */
  categoryHref?: (id: string, selected: boolean) => string;
  /** The category the page itself is about (a category page), shown chosen. */
  currentCategory?: string;
  show?: { categories?: boolean; merchants?: boolean; districts?: boolean; prices?: boolean };
}

export function Facets({ facets, state, hrefWith, categoryHref, currentCategory, show = {} }: FacetsProps) {
  const { t } = useI18n();
  const f = useFormat();
  const priceRange = usePriceRange();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const { categories = true, merchants = true, districts = true, prices = true } = show;
  const chosenCategory = currentCategory ?? state.category_id;
  const ordered = orderCategories(facets.categories);
  const groups: ReactNode[] = [];
  if (categories && ordered.length > 0) {
    groups.push(
      <FacetGroup key="categories" title={t('portal.facets.categories')} testId="facet-categories">
        {ordered.map(({ facet, depth }) => {
          const selected = facet.id === chosenCategory;
          const to = categoryHref
            ? categoryHref(facet.id, selected)
            : hrefWith({ category_id: selected ? '' : facet.id });
          return (
            <FacetLink key={facet.id} to={to} selected={selected} count={facet.count} depth={depth}>
              {f.local(facet.name)}
            </FacetLink>
          );
        })}
      </FacetGroup>,
    );
  }
  if (merchants && facets.merchants.length > 0) {
    groups.push(
      <FacetGroup key="merchants" title={t('portal.facets.merchants')} testId="facet-merchants">
        {facets.merchants.map((m) => {
          const selected = m.id === state.merchant_id;
          return (
            <FacetLink
              key={m.id}
              to={hrefWith({ merchant_id: selected ? '' : m.id })}
              selected={selected}
              count={m.count}
            >
              {f.local(m.name)}
            </FacetLink>
          );
        })}
      </FacetGroup>,
    );
  }
  if (districts && facets.districts.length > 0) {
    groups.push(
      <FacetGroup key="districts" title={t('portal.facets.districts')} testId="facet-districts">
        {facets.districts.map((d) => {
          const selected = d.code === state.district;
          return (
            <FacetLink
              key={d.code}
              to={hrefWith({ district: selected ? '' : d.code })}
              selected={selected}
              count={d.count}
            >
              {f.local(d.name)}
            </FacetLink>
          );
        })}
      </FacetGroup>,
    );
  }
  if (prices && facets.prices.some((p) => p.count > 0 || samePrice(state, p))) {
    groups.push(
      <FacetGroup key="prices" title={t('portal.facets.prices')} testId="facet-prices">
        {facets.prices.map((p) => {
          const selected = samePrice(state, p);
          // An empty range leads nowhere; it stays listed only while it is the chosen one.
          if (p.count === 0 && !selected) return null;
          const to = selected
            ? hrefWith({ min_price_won: null, max_price_won: null })
            : hrefWith(bucketFilter(p));
          return (
            <FacetLink key={`${p.min_won}-${p.max_won ?? ''}`} to={to} selected={selected} count={p.count}>
              {priceRange(p.min_won, p.max_won)}
            </FacetLink>
          );
        })}
      </FacetGroup>,
    );
  }
  if (groups.length === 0) return null;
  return (
    <aside className="facets" aria-label={t('portal.facets.label')} data-testid="facets">
      <button
        type="button"
        className="facets__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? t('portal.facets.hide') : t('portal.facets.show')}
      </button>
      <div id={panelId} className={open ? 'facets__panel facets__panel--open' : 'facets__panel'}>
        {groups}
      </div>
    </aside>
  );
}
