// Small pieces the catalog pages share: a product's status badge, a thumbnail, and the words for a
// failed catalog call, where the catalog's own text for a code or a reason (`products.field.*`,
// `products.reason.*`) comes before the app's general one (`field.*`, `reason.*`), and the server's
// sentence is the last resort.
//
//   const text = useCatalogText();
//   text.field({ field: 'variants[1].barcode', code: 'gtin_check_digit', message: '…' })
import { useCallback } from 'react';
import { isApiError, type FieldError, type ProductStatus } from '../../api';
import { useProblemText } from '../../errors';
import { useFormat } from '../../format';
import { isMessageKey, useI18n } from '../../i18n';

const STATUS_BADGE: Record<ProductStatus, string> = {
  draft: 'badge--applied',
  active: 'badge--approved',
  archived: 'badge--closed',
};

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${STATUS_BADGE[status]}`} data-testid="product-status" data-status={status}>
      {t(`products.status.${status}`)}
    </span>
  );
}

/** A square picture of the product's main image, or an empty frame. */
export function Thumbnail({
  url,
  alt = '',
  size = 'small',
}: {
  url: string | null;
  alt?: string;
  size?: 'small' | 'large';
}) {
  const className = `thumb thumb--${size}`;
  if (!url) return <span className={`${className} thumb--none`} aria-hidden="true" />;
  return <img className={className} src={url} alt={alt} loading="lazy" decoding="async" />;
}

/** Basis points as a percentage: 500 → "5%", 250 → "2.5%". */
export function formatBasisPoints(bp: number): string {
  return `${Number((bp / 100).toFixed(2))}%`;
}

type Params = Record<string, string | number>;

/**
 * A price parity field error (or warning) in words from its params: both prices, the allowed range
 * and, for a breach that begins later, from when. Null when the params are not a parity breach's.
 */
export function useParityText(): (params: Params | undefined) => string | null {
  const { t } = useI18n();
  const f = useFormat();
  return useCallback(
    (params: Params | undefined) => {
      if (!params) return null;
      const num = (name: string) => (typeof params[name] === 'number' ? (params[name] as number) : null);
      const price = num('price_won');
      const shop = num('shop_price_won');
      const min = num('min_won');
      const max = num('max_won');
      if (price === null || shop === null || min === null || max === null) return null;
      const list = params.price_list === 'business' ? t('parity.list.business') : t('parity.list.online');
      const priceText = params.price_source === 'sale' ? `${f.won(price)} ${t('products.parity.sale')}` : f.won(price);
      const body =
        params.rule === 'equal'
          ? t('products.parity.equal', { list, price: priceText, shop: f.won(shop) })
          : t('products.parity.range', {
              list,
              price: priceText,
              min: f.won(min),
              max: f.won(max),
              shop: f.won(shop),
              percent: formatBasisPoints(num('tolerance_bp') ?? 0),
            });
      const from = typeof params.from === 'string' ? t('products.parity.from', { time: f.dateTime(params.from) }) : '';
      return from + body;
    },
    [t, f],
  );
}

export interface CatalogText {
  /** A field error's code in words: the catalog's text, the app's, or the server's sentence. */
  field: (error: { code?: string | undefined; message: string; params?: Params | undefined }) => string;
  /** A failed call in words, for a banner. */
  problem: (error: unknown) => string;
}

export function useCatalogText(): CatalogText {
  const { t } = useI18n();
  const problemText = useProblemText();
  const parity = useParityText();
  const field = useCallback(
    (error: { code?: string | undefined; message: string; params?: Params | undefined }) => {
      if (error.code === 'price_parity') {
        const words = parity(error.params);
        if (words !== null) return words;
      }
      if (error.code) {
        for (const key of [`products.field.${error.code}`, `field.${error.code}`]) {
          if (isMessageKey(key)) return t(key);
        }
      }
      return error.message;
    },
    [t, parity],
  );
  const problem = useCallback(
    (error: unknown) => {
      if (isApiError(error) && error.kind === 'http') {
        const key = `products.reason.${error.reason ?? ''}`;
        if (isMessageKey(key)) return t(key);
      }
      return problemText(error);
    },
    [t, problemText],
  );
  return { field, problem };
}

/** The problem of a failed call, with its field errors in the form's own names (see productForm.ts). */
export interface FormErrors {
  banner: string | null;
  fields: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { banner: null, fields: {} };

/**
 * Puts a failed call into words: each field error goes to the form field `place(field)` names (the
 * first one per field is kept), or, when the form shows no such field, into the banner.
 */
export function useFormErrors() {
  const { t } = useI18n();
  const text = useCatalogText();
  return useCallback(
    (error: unknown, place: (field: FieldError) => string | null): FormErrors => {
      const fields: Record<string, string> = {};
      const others: string[] = [];
      if (isApiError(error)) {
        for (const fe of error.fieldErrors) {
          const at = place(fe);
          if (at !== null) {
            if (!(at in fields)) fields[at] = text.field(fe);
          } else {
            others.push(text.field(fe));
          }
        }
      }
      let banner: string;
      if (Object.keys(fields).length === 0) {
        banner = text.problem(error);
        if (others.length > 0) banner = `${banner} ${others.join(' ')}`;
      } else {
        banner = [t('form.checkFields'), ...others].join(' ');
      }
      return { banner, fields };
    },
    [t, text],
  );
}
