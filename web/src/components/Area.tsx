// The heading of an area's pages (the merchant back office, the operator console): what the area is,
// whose it is, and its own tabs. The four areas share the one Shell; this is what tells them apart.
//
//   <AreaHeader area={t('area.console')} title={t('console.applications.title')}
//               tabs={[{ to: '/operator/applications', label: t('console.tab.applications') }]} />
import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router-dom';

export interface AreaTab {
  to: string;
  label: string;
  /**
   * Whether the tab is the current one, when the address alone does not tell (a tab whose pages hold
   * another tab's); unset, the tab is current on its address and every address below it.
   */
  active?: boolean;
}

interface AreaHeaderProps {
  area: string;
  title: ReactNode;
  tabs?: AreaTab[];
  navLabel?: string;
  aside?: ReactNode;
  variant: 'merchant' | 'operator' | 'me';
}

export function AreaHeader({ area, title, tabs, navLabel, aside, variant }: AreaHeaderProps) {
  return (
    <div className={`area-header area-header--${variant}`}>
      <p className="area-header__area">{area}</p>
      <div className="area-header__row">
        <div className="area-header__title">{title}</div>
        {aside}
      </div>
      {tabs && tabs.length > 0 && (
        <nav className="tabs" aria-label={navLabel}>
          {tabs.map((tab) =>
            tab.active === undefined ? (
              <NavLink key={tab.to} to={tab.to} className="tabs__link">
                {tab.label}
              </NavLink>
            ) : (
              <Link
                key={tab.to}
                to={tab.to}
                className={tab.active ? 'tabs__link active' : 'tabs__link'}
                aria-current={tab.active ? 'page' : undefined}
              >
                {tab.label}
              </Link>
            ),
          )}
        </nav>
      )}
    </div>
  );
}
