import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { useOperator } from '../operator';

/** Sets document.title to "page · portal name" in the current language. */
export function useDocumentTitle(page: string | null): void {
  const { lang, t } = useI18n();
  const { state } = useOperator();
  const portal = state.status === 'ready' ? state.operator.name[lang] : t('brand.fallback');
  useEffect(() => {
    document.title = page ? page + t('title.separator') + portal : portal;
  }, [page, portal, t]);
}
