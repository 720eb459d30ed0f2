import { Link } from 'react-router-dom';
import { useI18n } from '../i18n';
import { useDocumentTitle } from '../components/useDocumentTitle';

export function NotFound() {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="page page--not-found" data-testid="not-found">
      <p className="not-found__code" aria-hidden="true">
        {t('notFound.code')}
      </p>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to="/" className="button">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
