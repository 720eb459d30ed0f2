// /p/:productId: one active product of an approved merchant (GET /api/v1/products/{id}): its images
// (the main one, thumbnails to switch), titles, the merchant with its district and mini-site, the
// category path, the variant chosen by its options with what an online buyer pays for it now (a
// sale with its end, business volume tiers) and "add to cart" with a quantity, the attributes, the
// Markdown description and the VAT.
// An unknown or withdrawn product shows not-found.
import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getPublicProduct, isApiError, type ProductImage, type PublicAttribute, type PublicProduct } from '../../api';
import { ErrorBanner, Loading } from '../../components/Form';
import { AddToCart } from './AddToCart';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useProblemText } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { Breadcrumb } from './Breadcrumb';
import { Markdown } from './Markdown';
import { useCount, useWon } from './money';
import { NotFoundHere } from './NotFoundHere';
import { ImagePlaceholder } from './ProductCard';
import { choose, optionAxes, optionsOf, variantFor } from './variants';

type Load =
  | { kind: 'loading' }
  | { kind: 'notFound' }
  | { kind: 'error'; error: unknown }
  | { kind: 'ready'; product: PublicProduct };

function Gallery({ images, title }: { images: ProductImage[]; title: string }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(0);
  const main = images[shown] ?? images[0];
  if (!main) return <ImagePlaceholder className="gallery__main" />;
  return (
    <div className="gallery" data-testid="gallery">
      <img
        className="product-image gallery__main"
        src={main.url}
        alt={main.alt || title}
        width={main.width || undefined}
        height={main.height || undefined}
        data-testid="gallery-main"
      />
      {images.length > 1 && (
        <ul className="gallery__thumbs">
          {images.map((image, i) => (
            <li key={image.hash}>
              <button
                type="button"
                className="gallery__thumb"
                aria-pressed={i === shown}
                aria-label={t('portal.product.showImage', { n: i + 1, total: images.length })}
                onClick={() => setShown(i)}
              >
                <img className="product-image" src={image.url} alt="" loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AttributeValue({ attribute }: { attribute: PublicAttribute }) {
  const { t } = useI18n();
  const { value, unit } = attribute;
  const text = typeof value === 'boolean' ? t(value ? 'portal.product.yes' : 'portal.product.no') : String(value ?? '');
  return (
    <>
      {text}
      {unit && text !== '' && <span className="attr-unit"> {unit}</span>}
    </>
  );
}

function ProductView({ product }: { product: PublicProduct }) {
  const { t, lang } = useI18n();
  const f = useFormat();
  const won = useWon();
  const count = useCount();
  const selectId = useId();
  const axes = useMemo(() => optionAxes(product.variants), [product.variants]);
  const first = product.variants[0];
  const [chosen, setChosen] = useState<Record<string, string>>(() => (first ? optionsOf(first) : {}));
  const variant = product.variants.length === 1 ? (first ?? null) : variantFor(product.variants, axes, chosen);
  const other = lang === 'ko' ? 'en' : 'ko';
  const title = (lang === 'ko' ? product.title_ko : product.title_en) || product.title_ko;
  const otherTitle = other === 'ko' ? product.title_ko : product.title_en;
  useDocumentTitle(title);

  return (
    <article className="page page--product product" data-testid="product" data-product-id={product.id}>
      <Breadcrumb
        items={product.category.path.map((c) => ({ label: f.local(c.name), to: `/c/${encodeURIComponent(c.id)}` }))}
      />
      <div className="product__top">
        <Gallery images={product.images} title={title} />
        <div className="product__buy">
          <h1 className="product__title" data-testid="product-title">
            {title}
          </h1>
          {otherTitle && otherTitle !== title && (
            <p className="product__other-title" lang={other} data-testid="product-other-title">
              {otherTitle}
            </p>
          )}
          {product.brand && (
            <p className="product__brand">
              <span className="muted">{t('portal.product.brand')}</span> {product.brand}
            </p>
          )}
          <p className="product__seller" data-testid="product-merchant">
            <Link to={`/s/${encodeURIComponent(product.merchant.id)}`}>{f.local(product.merchant.name)}</Link>
            {product.merchant.district && (
              <span className="product__district"> · {f.local(product.merchant.district.name)}</span>
            )}
          </p>

          {product.variants.length > 1 && axes.length > 0 && (
            <div className="options" data-testid="variant-options">
              {axes.map((axis, i) => (
                <div key={axis.name} className="options__field">
                  <label htmlFor={`${selectId}-${i}`} className="options__label">
                    {axis.name}
                  </label>
                  <select
                    id={`${selectId}-${i}`}
                    className="sort__select options__select"
                    value={chosen[axis.name] ?? ''}
                    onChange={(e) => setChosen(choose(product.variants, chosen, axis.name, e.target.value))}
                  >
                    {!axis.values.includes(chosen[axis.name] ?? '') && <option value="">—</option>}
                    {axis.values.map((value) => (
                      <option key={value} value={value}>
                        {value}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
          )}

          {variant ? (
            <div className="product__price" data-testid="variant-price" data-variant-id={variant.id}>
              <p className="price price--large">
                {variant.on_sale && (
                  <span className="badge badge--sale" data-testid="sale-badge">
                    {t('portal.price.sale')}
                  </span>
                )}
                {variant.on_sale && variant.base_price_won > variant.price_won && (
                  <del className="price__base" data-testid="base-price">
                    <span className="visually-hidden">{t('portal.price.was')} </span>
                    {won(variant.base_price_won)}
                  </del>
                )}
                <strong className={variant.on_sale ? 'price__now price__now--sale' : 'price__now'} data-testid="price">
                  {won(variant.price_won)}
                </strong>
              </p>
              {variant.on_sale && variant.sale_ends_at && (
                <p className="sale-end" data-testid="sale-ends">
                  <time dateTime={variant.sale_ends_at}>
                    {t('portal.product.saleEnds', { time: f.dateTime(variant.sale_ends_at) })}
                  </time>
                </p>
              )}
              <p className="vat muted" data-testid="vat">
                {t(product.vat === 'exempt' ? 'portal.product.vatExempt' : 'portal.product.vatIncluded')}
              </p>
              <dl className="inline-details variant__codes">
                <div>
                  <dt>{t('portal.product.sku')}</dt>
                  <dd data-testid="variant-sku">{variant.sku}</dd>
                </div>
                {variant.barcode && (
                  <div>
                    <dt>{t('portal.product.barcode')}</dt>
                    <dd className="num">{variant.barcode}</dd>
                  </div>
                )}
              </dl>
              {variant.tiers.length > 0 && (
                <div className="tiers" data-testid="tiers">
                  <h2 className="tiers__title">{t('portal.product.tiers')}</h2>
                  <table className="table tiers__table">
                    <thead>
                      <tr>
                        <th scope="col">{t('portal.product.tierQuantity')}</th>
                        <th scope="col">{t('portal.product.tierPrice')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...variant.tiers]
                        .sort((a, b) => a.min_quantity - b.min_quantity)
                        .map((tier) => (
                          <tr key={tier.min_quantity}>
                            <td>{t('portal.product.tierFrom', { n: count(tier.min_quantity) })}</td>
                            <td className="num">{won(tier.unit_price_won)}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          ) : (
            <p className="banner banner--info" role="status" data-testid="no-variant">
              {t('portal.product.noVariant')}
            </p>
          )}
          {variant && <AddToCart key={variant.id} variantId={variant.id} />}
        </div>
      </div>

      <div className="product__more">
        {product.attributes.length > 0 && (
          <section className="section" aria-labelledby={`${selectId}-attrs`}>
            <h2 id={`${selectId}-attrs`}>{t('portal.product.attributes')}</h2>
            <table className="table attr-table" data-testid="attributes">
              <tbody>
                {product.attributes.map((a) => (
                  <tr key={a.code}>
                    <th scope="row">{f.local(a.name)}</th>
                    <td>
                      <AttributeValue attribute={a} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {product.description.trim() !== '' && (
          <section className="section" aria-labelledby={`${selectId}-desc`}>
            <h2 id={`${selectId}-desc`}>{t('portal.product.description')}</h2>
            <Markdown className="card markdown" source={product.description} />
          </section>
        )}
        <section className="section" aria-labelledby={`${selectId}-seller`}>
          <h2 id={`${selectId}-seller`}>{t('portal.product.seller')}</h2>
          <div className="card seller-box" data-testid="seller-box">
            <p className="seller-box__name">
              <Link to={`/s/${encodeURIComponent(product.merchant.id)}`}>{f.local(product.merchant.name)}</Link>
            </p>
            <dl className="details">
              <div>
                <dt>{t('portal.seller.district')}</dt>
                <dd>{f.local(product.merchant.district?.name)}</dd>
              </div>
              {product.merchant.phone && (
                <div>
                  <dt>{t('portal.seller.phone')}</dt>
                  <dd>
                    <a href={`tel:${product.merchant.phone.replace(/[^\d+]/g, '')}`}>{product.merchant.phone}</a>
                  </dd>
                </div>
              )}
              {product.merchant.address && (
                <div className="details__wide">
                  <dt>{t('portal.seller.address')}</dt>
                  <dd>{product.merchant.address}</dd>
                </div>
              )}
            </dl>
            <Link to={`/s/${encodeURIComponent(product.merchant.id)}`} className="button button--plain">
              {t('portal.product.visitSeller')}
            </Link>
          </div>
        </section>
      </div>
    </article>
  );
}

export function ProductPage() {
  const { productId = '' } = useParams();
  const { t } = useI18n();
  const problemText = useProblemText();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ kind: 'loading' });
    getPublicProduct(productId, controller.signal).then(
      (product) => setLoad({ kind: 'ready', product }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        // The router refuses an id that is not a product id with 404 too.
        if (isApiError(e) && e.status === 404) setLoad({ kind: 'notFound' });
        else setLoad({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [productId, attempt]);

  if (load.kind === 'notFound') {
    return <NotFoundHere title={t('portal.product.notFound')} body={t('portal.product.notFoundBody')} />;
  }
  if (load.kind === 'error') {
    return (
      <div className="page">
        <ErrorBanner testId="product-error">{problemText(load.error)}</ErrorBanner>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (load.kind === 'loading') return <LoadingPage />;
  return <ProductView key={load.product.id} product={load.product} />;
}

function LoadingPage() {
  useDocumentTitle(null);
  return <Loading />;
}
