// The not-found page of a portal object (an unknown or withdrawn product, a merchant that is not on
// the portal, a retired category), with the way back and to the search.
import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useI18n } from '../../i18n';

export function NotFoundHere({ title, body }: { title: string; body: string }) {
  const { t } = useI18n();
  useDocumentTitle(title);
  return (
    <div className="page page--not-found" data-testid="not-found">
      <p className="not-found__code" aria-hidden="true">
        {t('notFound.code')}
      </p>
      <h1>{title}</h1>
      <p>{body}</p>
      <div className="button-row button-row--center">
        <Link to="/" className="button">
          {t('notFound.home')}
        </Link>
        <Link to="/search" className="button button--plain">
          {t('portal.notFound.search')}
        </Link>
      </div>
    </div>
  );
}
