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

export interface CatalogText {
  /** A field error's code in words: the catalog's text, the app's, or the server's sentence. */
  field: (error: { code?: string | undefined; message: string }) => string;
  /** A failed call in words, for a banner. */
  problem: (error: unknown) => string;
}

export function useCatalogText(): CatalogText {
  const { t } = useI18n();
  const problemText = useProblemText();
  const field = useCallback(
    (error: { code?: string | undefined; message: string }) => {
      if (error.code) {
        for (const key of [`products.field.${error.code}`, `field.${error.code}`]) {
          if (isMessageKey(key)) return t(key);
        }
      }
      return error.message;
    },
    [t],
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
