// One product in a result list: its main image (or a neutral placeholder), its title in the
// current language with the other beside it, the matches of the search marked, what an online buyer
// pays now (the sale price with the base price struck through), and the merchant with its district.
import { Link } from 'react-router-dom';
import type { SearchHit } from '../../api';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { Highlight } from './Highlight';
import { useWon } from './money';

export function ImagePlaceholder({ className = '' }: { className?: string }) {
  return (
    <div className={`product-image product-image--none ${className}`} aria-hidden="true">
      <svg viewBox="0 0 48 48" width="48" height="48" focusable="false">
        <rect x="6" y="10" width="36" height="28" rx="3" fill="none" stroke="currentColor" strokeWidth="2.5" />
        <circle cx="17" cy="20" r="3.5" fill="currentColor" />
        <path d="M9 35l11-11 7 7 5-5 8 9" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinejoin="round" />
      </svg>
    </div>
  );
}

export function ProductCard({ hit }: { hit: SearchHit }) {
  const { lang, t } = useI18n();
  const f = useFormat();
  const won = useWon();
  const other = lang === 'ko' ? 'en' : 'ko';
  const title = lang === 'ko' ? hit.title_ko : hit.title_en || hit.title_ko;
  const titleSegments = lang === 'ko' || hit.title_en ? hit.highlight?.[`title_${lang}`] : hit.highlight?.title_ko;
  const otherTitle = other === 'ko' ? hit.title_ko : hit.title_en;
  const showOther = otherTitle !== '' && otherTitle !== title;
  const struck = hit.on_sale && hit.list_price_won > hit.price_won ? hit.list_price_won : null;
  const from = !hit.on_sale && hit.max_price_won > hit.price_won;
  return (
    <li className="product-card" data-testid="product-card" data-product-id={hit.id}>
      <Link to={`/p/${encodeURIComponent(hit.id)}`} className="product-card__media" tabIndex={-1} aria-hidden="true">
        {hit.image ? (
          <img className="product-image" src={hit.image.url} alt="" loading="lazy" decoding="async" />
        ) : (
          <ImagePlaceholder />
        )}
      </Link>
      <div className="product-card__body">
        <h3 className="product-card__title">
          <Link to={`/p/${encodeURIComponent(hit.id)}`} data-testid="product-title">
            <Highlight text={title} segments={titleSegments} />
          </Link>
        </h3>
        {showOther && (
          <p className="product-card__other" lang={other} data-testid="product-other-title">
            <Highlight text={otherTitle} segments={hit.highlight?.[`title_${other}`]} />
          </p>
        )}
        <p className="price" data-testid="product-price">
          {hit.on_sale && <span className="badge badge--sale">{t('portal.price.sale')}</span>}
          {struck !== null && (
            <del className="price__base">
              <span className="visually-hidden">{t('portal.price.was')} </span>
              {won(struck)}
            </del>
          )}
          <strong className={hit.on_sale ? 'price__now price__now--sale' : 'price__now'}>
            {from ? t('portal.price.from', { price: won(hit.price_won) }) : won(hit.price_won)}
          </strong>
        </p>
        <p className="product-card__seller">
          <Link to={`/s/${encodeURIComponent(hit.merchant.id)}`} data-testid="product-merchant">
            {f.local(hit.merchant.name)}
          </Link>
          {hit.district && <span className="product-card__district"> · {f.local(hit.district.name)}</span>}
        </p>
      </div>
    </li>
  );
}
