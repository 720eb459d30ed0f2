import { useEffect } from 'react';
import { Link, Navigate, Outlet, useLocation, useOutletContext, useParams } from 'react-router-dom';
import type { Membership } from '../../api';
import { AreaHeader, type AreaTab } from '../../components/Area';
import { SessionError } from '../../components/Guards';
import { RoleLabel, StatusBadge } from '../../components/Bits';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { findMembership, useMe, useSession } from '../../session';
import { counterPerson } from './posStore';

export interface BackOfficeContext {
  membership: Membership;
  merchantId: string;
  /** In the app's language, for the pages' titles. */
  merchantName: string;
  isOwner: boolean;
  /** The signed-in person (the web POS's cashier). */
  personId: string;
  personName: string;
  /**
   * The server could not be asked who is signed in (no network): only the web POS opens, for the
   * person who used it last on this device.
   */
  offline: boolean;
}

export function useBackOffice(): BackOfficeContext {
  return useOutletContext<BackOfficeContext>();
}

/** /merchant: the shops the signed-in person belongs to, each a way into its back office. */
export function MyShops() {
  const { t } = useI18n();
  useDocumentTitle(t('shops.title'));
  const f = useFormat();
  const me = useMe();
  if (!me) return null;
  if (me.memberships.length === 1) {
    return <Navigate to={`/merchant/${encodeURIComponent(me.memberships[0]!.merchant_id)}`} replace />;
  }
  return (
    <div className="page">
      <AreaHeader variant="merchant" area={t('area.backOffice')} title={<h1>{t('shops.title')}</h1>} />
      {me.memberships.length === 0 ? (
        <div className="card">
          <p className="empty">{t('me.shops.none')}</p>
          <Link to="/apply" className="button">
            {t('me.shops.apply')}
          </Link>
        </div>
      ) : (
        <ul className="list-cards">
          {me.memberships.map((m) => (
            <li key={m.merchant_id} className="list-card" data-testid="shop-choice">
              <div className="list-card__main">
                <p className="list-card__title">{f.local(m.merchant_name)}</p>
                <p className="list-card__meta">
                  <StatusBadge status={m.merchant_status} /> <RoleLabel role={m.role} />
                </p>
              </div>
              <Link to={`/merchant/${encodeURIComponent(m.merchant_id)}`} className="button button--small">
                {t('me.shops.open')}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ShopNotFound() {
  const { t } = useI18n();
  useDocumentTitle(t('shops.notFound'));
  return (
    <div className="page" data-testid="shop-not-found">
      <AreaHeader variant="merchant" area={t('area.backOffice')} title={<h1>{t('shops.notFound')}</h1>} />
      <p>{t('shops.notFoundBody')}</p>
      <Link to="/me" className="button">
        {t('nav.me')}
      </Link>
    </div>
  );
}

/** /merchant/:merchantId/…: the back office of one shop, for its owners and staff. */
export function BackOffice() {
  const { t } = useI18n();
  const f = useFormat();
  const me = useMe();
  const { state, refresh } = useSession();
  const { merchantId = '' } = useParams();
  const { pathname } = useLocation();
  const base = `/merchant/${encodeURIComponent(merchantId)}`;
  let membership = findMembership(me, merchantId);
  let person = me ? { id: me.user.id, name: me.user.name } : null;
  // Without the network the counter still opens, for the person who used it last here.
  const offline = state.status === 'error';
  if (offline) {
    const last = /^\/merchant\/[^/]+\/pos\/?$/.test(pathname) ? counterPerson(merchantId) : null;
    membership = last?.membership ?? null;
    person = last ? { id: last.user_id, name: last.name } : null;
  }

  // The shop's status and the person's role may have changed since the app started (an approval,
  // a suspension): ask again on entering the back office.
  useEffect(() => {
    void refresh();
  }, [merchantId, refresh]);

  if (offline && !membership) return <SessionError />;
  if (!membership || !person) {
    return <ShopNotFound />;
  }
  const isOwner = membership.role === 'owner';
  // The CSV page lives below the products' addresses: only one of the two tabs is current.
  const inImport = pathname.startsWith(`${base}/products/import`);
  const inProducts = !inImport && (pathname === `${base}/products` || pathname.startsWith(`${base}/products/`));
  const tabs: AreaTab[] = [
    { to: `${base}/orders`, label: t('bo.orders.tab') },
    { to: `${base}/pos`, label: t('pos.tab') },
    { to: `${base}/customers`, label: t('cust.tab') },
    { to: `${base}/products`, label: t('products.tab'), active: inProducts },
    { to: `${base}/products/import`, label: t('imports.tab'), active: inImport },
    { to: `${base}/price-parity`, label: t('parity.tab') },
    { to: `${base}/stock`, label: t('stock.tab') },
    { to: `${base}/transfers`, label: t('transfers.tab') },
    { to: `${base}/ledger`, label: t('ledger.tab') },
    { to: `${base}/locations`, label: t('locations.tab') },
    { to: `${base}/shipping`, label: t('shipping.tab') },
    { to: `${base}/routing`, label: t('routing.tab') },
    { to: `${base}/settings/points`, label: t('cust.policy.tab') },
    { to: `${base}/staff`, label: t('backOffice.tab.staff') },
  ];
  if (isOwner) {
    tabs.push({ to: `${base}/api-keys`, label: t('backOffice.tab.apiKeys') });
    tabs.push({ to: `${base}/audit`, label: t('backOffice.tab.activity') });
  }
  const context: BackOfficeContext = {
    membership,
    merchantId,
    isOwner,
    merchantName: f.local(membership.merchant_name),
    personId: person.id,
    personName: person.name,
    offline,
  };
  return (
    <div className="page page--back-office">
      <AreaHeader
        variant="merchant"
        area={t('area.backOffice')}
        navLabel={t('backOffice.nav')}
        tabs={tabs}
        title={
          <>
            <h1 data-testid="merchant-name">{f.local(membership.merchant_name)}</h1>
            <p className="area-header__sub">
              <StatusBadge status={membership.merchant_status} /> <RoleLabel role={membership.role} />
            </p>
          </>
        }
      />
      {membership.merchant_status !== 'approved' && (
        <div className="banner banner--info" role="status" data-testid="merchant-inactive">
          <p>{t(`backOffice.inactive.${membership.merchant_status}`)}</p>
        </div>
      )}
      <Outlet context={context} />
    </div>
  );
}

/** What staff see on a page that only owners may use. */
export function OwnerOnly() {
  const { t } = useI18n();
  return (
    <div className="banner banner--info" role="status" data-testid="owner-only">
      <p>{t('reason.owner_only')}</p>
    </div>
  );
}
