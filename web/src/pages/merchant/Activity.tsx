import { useCallback, useEffect, useState } from 'react';
import { listApiKeys, listInvitations, listMembers, listMerchantAuditEvents, type AuditFilter } from '../../api';
import { AuditLog, MERCHANT_AUDIT_ACTIONS, type AuditNames } from '../../components/AuditLog';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useI18n } from '../../i18n';
import { OwnerOnly, useBackOffice } from './BackOffice';

/**
 * The names of the shop's members, keys and invitations, loaded once (three calls, whatever the
 * number of events), so that the log reads "1층 POS" rather than "key_…". A list that fails to load
 * only leaves its ids unnamed.
 */
function useShopNames(merchantId: string): AuditNames {
  const [names, setNames] = useState<AuditNames>({});
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    void Promise.allSettled([
      listMembers(merchantId, signal),
      listApiKeys(merchantId, signal),
      listInvitations(merchantId, signal),
    ]).then(([members, keys, invitations]) => {
      if (signal.aborted) return;
      setNames({
        users: new Map(members.status === 'fulfilled' ? members.value.items.map((m) => [m.user.id, m.user.name]) : []),
        keys: new Map(keys.status === 'fulfilled' ? keys.value.items.map((k) => [k.id, k.name]) : []),
        invitations: new Map(
          invitations.status === 'fulfilled' ? invitations.value.items.map((i) => [i.id, i.email]) : [],
        ),
      });
    });
    return () => controller.abort();
  }, [merchantId]);
  return names;
}

function ShopActivity({ merchantId }: { merchantId: string }) {
  const { t } = useI18n();
  const names = useShopNames(merchantId);
  const load = useCallback(
    (filter: AuditFilter, signal?: AbortSignal) => listMerchantAuditEvents(merchantId, filter, signal),
    [merchantId],
  );
  return (
    <section className="section" aria-labelledby="activity-title">
      <h2 id="activity-title">{t('activity.title')}</h2>
      <p className="section__intro">{t('activity.intro')}</p>
      <AuditLog audience="merchant" actions={MERCHANT_AUDIT_ACTIONS} load={load} names={names} />
    </section>
  );
}

/** /merchant/:merchantId/audit: the shop's own audit log, for its owners (also while suspended). */
export function Activity() {
  const { t } = useI18n();
  const { merchantId, isOwner, merchantName } = useBackOffice();
  useDocumentTitle(t('activity.title') + t('title.separator') + merchantName);
  if (!isOwner) return <OwnerOnly />;
  return <ShopActivity merchantId={merchantId} />;
}
