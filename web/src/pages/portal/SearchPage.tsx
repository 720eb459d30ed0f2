// /search?q=…: the portal-wide search with every facet.
import { useSearchParams } from 'react-router-dom';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useI18n } from '../../i18n';
import { Results } from './Results';

/** The words as a heading: a very long text (which the server refuses anyway) is cut. */
function shorten(q: string): string {
  const chars = [...q];
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : q;
}

export function SearchPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const q = shorten((params.get('q') ?? '').trim());
  useDocumentTitle(q ? t('portal.search.titleFor', { q }) : t('portal.search.title'));
  return (
    <div className="page page--search">
      <h1 className="results__heading" data-testid="search-heading">
        {q ? t('portal.search.headingFor', { q }) : t('portal.search.title')}
      </h1>
      <Results defaultSort="relevance" />
    </div>
  );
}
