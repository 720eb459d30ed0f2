import { useCallback } from 'react';
import { listAuditEvents, type AuditFilter } from '../../api';
import { AUDIT_ACTIONS, AuditLog } from '../../components/AuditLog';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useI18n } from '../../i18n';
import { ConsoleHeader } from './Console';

const NO_NAMES = {};

/** /operator/audit: the whole audit log of the instance, for operator admins. */
export function AuditEvents() {
  const { t } = useI18n();
  useDocumentTitle(t('audit.title'));
  const load = useCallback((filter: AuditFilter, signal?: AbortSignal) => listAuditEvents(filter, signal), []);
  return (
    <div className="page page--console">
      <ConsoleHeader title={<h1>{t('audit.title')}</h1>} />
      <p className="page__intro">{t('audit.intro')}</p>
      <AuditLog audience="operator" actions={AUDIT_ACTIONS} load={load} names={NO_NAMES} />
    </div>
  );
}
