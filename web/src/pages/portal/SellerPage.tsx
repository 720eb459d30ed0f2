// /s/:merchantId: a merchant's mini-site: its profile (GET /api/v1/sellers/{id}: names, industry,
// district, address, phone to call), its top categories as filter chips, and its products (the
// search filtered by the merchant; sort and pages in the address).
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { getSeller, isApiError, type Localized, type Seller } from '../../api';
import { ErrorBanner, Loading } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useProblemText } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useCount } from './money';
import { NotFoundHere } from './NotFoundHere';
import { Results } from './Results';
import { readSearch, writeSearch } from './searchState';

/** A top category's name: two languages, or one text. */
function asLocalized(name: Localized | string): Localized {
  return typeof name === 'string' ? { ko: name, en: name } : name;
}

type Load =
  | { kind: 'loading' }
  | { kind: 'notFound' }
  | { kind: 'error'; error: unknown }
  | { kind: 'ready'; seller: Seller };

function SellerView({ seller }: { seller: Seller }) {
  const { t, lang } = useI18n();
  const f = useFormat();
  const count = useCount();
  const location = useLocation();
  const [params] = useSearchParams();
  const state = readSearch(params, 'newest');
  const other = lang === 'ko' ? 'en' : 'ko';
  useDocumentTitle(f.local(seller.name));
  const names = useMemo(
    () => new Map<string, Localized>(seller.top_categories.map((c) => [c.id, asLocalized(c.name)])),
    [seller.top_categories],
  );
  const chipHref = (id: string) => {
    const search = writeSearch({ ...state, category_id: id, page: 1 }, 'newest');
    return search ? `${location.pathname}?${search}` : location.pathname;
  };

  return (
    <div className="page page--seller" data-testid="seller" data-merchant-id={seller.id}>
      <section className="seller-profile card" aria-labelledby="seller-name">
        <h1 id="seller-name" className="seller-profile__name" data-testid="seller-name">
          {f.local(seller.name)}
          {seller.name[other] && seller.name[other] !== seller.name[lang] && (
            <span className="title-other" lang={other}>
              {seller.name[other]}
            </span>
          )}
        </h1>
        <dl className="details seller-profile__details">
          <div>
            <dt>{t('portal.seller.industry')}</dt>
            <dd>{f.local(seller.industry?.name)}</dd>
          </div>
          <div>
            <dt>{t('portal.seller.district')}</dt>
            <dd>{f.local(seller.district?.name)}</dd>
          </div>
          {seller.phone && (
            <div>
              <dt>{t('portal.seller.phone')}</dt>
              <dd>
                <a href={`tel:${seller.phone.replace(/[^\d+]/g, '')}`} data-testid="seller-phone">
                  {seller.phone}
                </a>
              </dd>
            </div>
          )}
          <div>
            <dt>{t('portal.seller.products')}</dt>
            <dd>{t('portal.seller.productCount', { n: count(seller.products) })}</dd>
          </div>
          {seller.address && (
            <div className="details__wide">
              <dt>{t('portal.seller.address')}</dt>
              <dd>{seller.address}</dd>
            </div>
          )}
        </dl>
      </section>

      <h2 className="seller__products-title">{t('portal.seller.productsTitle')}</h2>
      <Results
        defaultSort="newest"
        fixed={{ merchant_id: seller.id }}
        facets={false}
        categoryNames={names}
        emptyText={t('portal.seller.empty')}
      >
        {seller.top_categories.length > 0 && (
          <nav
            className="seller__categories"
            aria-label={t('portal.seller.categories')}
            data-testid="seller-categories"
          >
            <ul className="chips">
              <li>
                <Link
                  to={chipHref('')}
                  className={state.category_id === '' ? 'chip chip--on' : 'chip'}
                  aria-current={state.category_id === '' ? 'true' : undefined}
                >
                  {t('portal.seller.allCategories')}
                </Link>
              </li>
              {seller.top_categories.map((c) => {
                const on = state.category_id === c.id;
                return (
                  <li key={c.id}>
                    <Link
                      to={chipHref(on ? '' : c.id)}
                      className={on ? 'chip chip--on' : 'chip'}
                      aria-current={on ? 'true' : undefined}
                    >
                      {f.local(asLocalized(c.name))} <span className="chip__count">{count(c.count)}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
      </Results>
    </div>
  );
}

export function SellerPage() {
  const { merchantId = '' } = useParams();
  const { t } = useI18n();
  const problemText = useProblemText();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ kind: 'loading' });
    getSeller(merchantId, controller.signal).then(
      (seller) => setLoad({ kind: 'ready', seller }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(e) && e.status === 404) setLoad({ kind: 'notFound' });
        else setLoad({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, attempt]);

  if (load.kind === 'notFound') {
    return <NotFoundHere title={t('portal.seller.notFound')} body={t('portal.seller.notFoundBody')} />;
  }
  if (load.kind === 'error') {
    return (
      <div className="page">
        <ErrorBanner testId="seller-error">{problemText(load.error)}</ErrorBanner>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (load.kind === 'loading') return <Loading />;
  return <SellerView key={load.seller.id} seller={load.seller} />;
}
