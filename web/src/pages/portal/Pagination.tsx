// Page numbers under a result list: previous, the first, a window around the current page, the last,
// next. The server answers at most 10,000 results deep, so the last page offered is within that.
import { Link } from 'react-router-dom';
import { SEARCH_MAX_DEPTH } from '../../api';
import { useI18n } from '../../i18n';
import { useCount } from './money';

export function lastPage(total: number, limit: number): number {
  return Math.max(1, Math.min(Math.ceil(total / limit), Math.floor(SEARCH_MAX_DEPTH / limit)));
}

/** The pages to offer: 1, …, current-2 … current+2, …, last (null stands for a gap). */
export function pageWindow(current: number, last: number): (number | null)[] {
  const pages = new Set<number>([1, last]);
  for (let p = current - 2; p <= current + 2; p += 1) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((p, i) => {
    const before = sorted[i - 1];
    // A gap of one page shows that page rather than "…".
    if (before !== undefined && p - before === 2) out.push(before + 1);
    else if (before !== undefined && p - before > 2) out.push(null);
    out.push(p);
  });
  return out;
}

export function Pagination({
  page,
  total,
  limit,
  hrefFor,
}: {
  page: number;
  total: number;
  limit: number;
  hrefFor: (page: number) => string;
}) {
  const { t } = useI18n();
  const count = useCount();
  const last = lastPage(total, limit);
  if (last <= 1 && page <= 1) return null;
  return (
    <nav className="pagination" aria-label={t('portal.pages.label')} data-testid="pagination">
      {page > 1 ? (
        <Link className="pagination__link pagination__step" to={hrefFor(Math.min(page - 1, last))} rel="prev">
          {t('portal.pages.previous')}
        </Link>
      ) : (
        <span className="pagination__link pagination__step pagination__link--off" aria-hidden="true">
          {t('portal.pages.previous')}
        </span>
      )}
      <ol className="pagination__list">
        {pageWindow(page, last).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} className="pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              <Link
                className="pagination__link"
                to={hrefFor(p)}
                aria-current={p === page ? 'page' : undefined}
                aria-label={t('portal.pages.page', { n: count(p) })}
              >
                {count(p)}
              </Link>
            </li>
          ),
        )}
      </ol>
      {page < last ? (
        <Link className="pagination__link pagination__step" to={hrefFor(page + 1)} rel="next">
          {t('portal.pages.next')}
        </Link>
      ) : (
        <span className="pagination__link pagination__step pagination__link--off" aria-hidden="true">
          {t('portal.pages.next')}
        </span>
      )}
    </nav>
  );
}
