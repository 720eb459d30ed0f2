// Where a page sits in the portal: 홈 › 식품 › 수산물, the last one the page itself.
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';

export interface Crumb {
  label: string;
  to: string;
}

export function Breadcrumb({ items, current }: { items: Crumb[]; current?: string }) {
  const { t } = useI18n();
  return (
    <nav className="breadcrumb" aria-label={t('portal.breadcrumb')} data-testid="breadcrumb">
      <ol className="breadcrumb__list">
        <li>
          <Link to="/">{t('nav.home')}</Link>
        </li>
        {items.map((c) => (
          <li key={c.to}>
            <Link to={c.to}>{c.label}</Link>
          </li>
        ))}
        {current !== undefined && (
          <li>
            <span aria-current="page">{current}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}
