import type { ReactNode } from 'react';
import { AreaHeader } from '../../components/Area';
import { useI18n } from '../../i18n';

/** The operator console's heading and tabs, above each of its pages. */
export function ConsoleHeader({ title }: { title: ReactNode }) {
  const { t } = useI18n();
  return (
    <AreaHeader
      variant="operator"
      area={t('area.console')}
      title={title}
      navLabel={t('console.nav')}
      tabs={[
        { to: '/operator/applications', label: t('console.tab.applications') },
        { to: '/operator/industries', label: t('console.tab.industries') },
        { to: '/operator/categories', label: t('console.tab.categories') },
        { to: '/operator/customer-reviews', label: t('console.tab.reviews') },
        { to: '/operator/audit', label: t('console.tab.audit') },
      ]}
    />
  );
}
