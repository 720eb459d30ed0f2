// The audit log as a page body: a filter by action (kept in the address as ?action=), the events
// newest first as a table (stacked cards on phones), and "show more" by cursor. The operator console
// shows the whole log, the back office one merchant's; each passes its loader and what it knows of
// the ids the events name (members, keys, invitations), so that people read names, not ids.
//
//   const load = useCallback((f: AuditFilter, s?: AbortSignal) => listAuditEvents(f, s), []);
//   <AuditLog audience="operator" actions={AUDIT_ACTIONS} load={load} names={{}} />
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { AuditEvent, AuditFilter, MerchantStatus, Page, Role } from '../api';
import { useProblemText, type Failure } from '../errors';
import { isMessageKey, useI18n } from '../i18n';
import type { MessageKey } from '../i18n/ko';
import { useMe } from '../session';
import { RoleLabel, StatusBadge, Time } from './Bits';
import { ErrorBanner, Loading, SelectField } from './Form';

/** Every action the server records, in the order the filter offers them. */
export const AUDIT_ACTIONS = [
  'user.signed_up',
  'user.signed_in',
  'user.sign_in_failed',
  'user.signed_out',
  'user.password_changed',
  'user.password_reset_requested',
  'user.password_reset',
  'merchant.applied',
  'merchant.approved',
  'merchant.rejected',
  'merchant.suspended',
  'merchant.closed',
  'membership.added',
  'membership.removed',
  'membership.role_changed',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'api_key.created',
  'api_key.revoked',
  'operator_admin.granted',
  'industry.added',
  'industry.activated',
  'industry.deactivated',
  'category.created',
  'category.changed',
  'category.attributes_changed',
  'price_policy.changed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The actions recorded for a merchant: what its back office shows. */
export const MERCHANT_AUDIT_ACTIONS: readonly AuditAction[] = AUDIT_ACTIONS.filter((a) =>
  /^(merchant|membership|invitation|api_key|price_policy)\./.test(a),
);

// Made by an operator admin: in the back office, whose ids mean nothing to the shop, they read "operator".
const OPERATOR_ACTIONS = new Set<string>([
  'merchant.approved',
  'merchant.rejected',
  'merchant.suspended',
  'merchant.closed',
  'operator_admin.granted',
  'industry.added',
  'industry.activated',
  'industry.deactivated',
  'category.created',
  'category.changed',
  'category.attributes_changed',
]);

// Shown in the danger colour: something failed, was taken away or stopped.
const WARNING_ACTIONS = new Set<string>([
  'user.sign_in_failed',
  'merchant.rejected',
  'merchant.suspended',
  'merchant.closed',
  'membership.removed',
  'invitation.revoked',
  'api_key.revoked',
  'industry.deactivated',
]);

const PAGE_SIZE = 20;
const STATUSES: readonly string[] = ['applied', 'approved', 'rejected', 'suspended', 'closed'];
const ROLES: readonly string[] = ['owner', 'staff'];

/** What the page knows of the ids the events name; an id it does not know is shown as it is. */
export interface AuditNames {
  users?: ReadonlyMap<string, string>;
  keys?: ReadonlyMap<string, string>;
  /** Invitation id → the invited email. */
  invitations?: ReadonlyMap<string, string>;
}

interface AuditLogProps {
  /** The operator sees every merchant (a column that links to the merchant); a merchant its own. */
  audience: 'operator' | 'merchant';
  actions: readonly AuditAction[];
  load: (filter: AuditFilter, signal?: AbortSignal) => Promise<Page<AuditEvent>>;
  names: AuditNames;
}

type Results =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: AuditEvent[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

function text(detail: Record<string, unknown>, name: string): string | null {
  const value = detail[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

function count(detail: Record<string, unknown>, name: string): number | null {
  const value = detail[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function strings(detail: Record<string, unknown>, name: string): string[] {
  const value = detail[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function status(value: string | null): MerchantStatus | null {
  return value !== null && STATUSES.includes(value) ? (value as MerchantStatus) : null;
}

function role(value: string | null): Role | null {
  return value !== null && ROLES.includes(value) ? (value as Role) : null;
}

/** Events from no request: `jangteo admin create` and other commands on the server write "cli". */
function fromCommandLine(e: AuditEvent): boolean {
  return e.client_address === '' || e.client_address === 'cli';
}

function formatBusinessNumber(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}` : digits;
}

/** An id nobody has a name for: shown in full, monospaced, so that it can be searched for. */
function Id({ id }: { id: string }) {
  return <code className="audit__id">{id}</code>;
}

type Pair = [label: string, value: ReactNode];

/** The event's detail as label–value pairs: the account, the reason, the role, the key and its scopes… */
function useDescribeEvent(audience: AuditLogProps['audience'], names: AuditNames) {
  const { t } = useI18n();
  const me = useMe();

  const user = useCallback(
    (id: string): ReactNode => {
      if (me && id === me.user.id) return t('audit.actor.me', { name: me.user.name });
      const name = names.users?.get(id);
      return name ?? <Id id={id} />;
    },
    [me, names.users, t],
  );

  const actor = useCallback(
    (e: AuditEvent): ReactNode => {
      if (e.actor_key_id) {
        const name = names.keys?.get(e.actor_key_id);
        return name ? t('audit.actor.key', { name }) : <Id id={e.actor_key_id} />;
      }
      if (e.actor_user_id) {
        const known = (me && e.actor_user_id === me.user.id) || names.users?.has(e.actor_user_id);
        if (!known && audience === 'merchant' && OPERATOR_ACTIONS.has(e.action)) return t('audit.actor.operator');
        return user(e.actor_user_id);
      }
      return fromCommandLine(e) ? t('audit.actor.system') : t('audit.actor.anonymous');
    },
    [audience, me, names.keys, names.users, t, user],
  );

  const label = useCallback(
    (e: AuditEvent): string => {
      if (e.action === 'merchant.approved' && text(e.detail, 'from') === 'suspended') {
        return t('audit.action.merchant.reinstated');
      }
      const key = `audit.action.${e.action}`;
      return isMessageKey(key) ? t(key) : e.action;
    },
    [t],
  );

  const details = useCallback(
    (e: AuditEvent): Pair[] => {
      const d = e.detail;
      const pairs: Pair[] = [];
      const add = (key: MessageKey, value: ReactNode | null | undefined) => {
        if (value !== null && value !== undefined && value !== '') pairs.push([t(key), value]);
      };
      const [area] = e.action.split('.');
      switch (area) {
        case 'user':
        case 'operator_admin': {
          // The account the event is about, unless it is the actor's own (sign-in, sign-out, …).
          if (e.action === 'user.sign_in_failed' && e.subject === '') {
            add('audit.detail.account', t('audit.detail.unknownAccount'));
          } else if (e.subject !== '' && e.subject !== e.actor_user_id) {
            add('audit.detail.account', user(e.subject));
          }
          const reason = text(d, 'reason');
          if (reason) {
            const key = `audit.signInFailure.${reason}`;
            add('audit.detail.reason', isMessageKey(key) ? t(key) : reason);
          }
          const ended = count(d, 'other_sessions_ended') ?? count(d, 'sessions_revoked');
          if (ended !== null && ended > 0) add('audit.detail.sessionsEnded', t('audit.detail.devices', { n: ended }));
          break;
        }
        case 'merchant': {
          add('audit.detail.name', text(d, 'name_ko'));
          const number = text(d, 'business_number');
          add('audit.detail.businessNumber', number && <span className="num">{formatBusinessNumber(number)}</span>);
          const from = status(text(d, 'from'));
          const to = status(text(d, 'to'));
          if (to) {
            add(
              'audit.detail.status',
              <span>
                {from && (
                  <>
                    <StatusBadge status={from} /> <span aria-hidden="true">→</span>{' '}
                    <span className="visually-hidden">{t('review.to')}</span>
                  </>
                )}
                <StatusBadge status={to} />
              </span>,
            );
          }
          add('audit.detail.reason', text(d, 'reason'));
          break;
        }
        case 'membership': {
          add('audit.detail.member', e.subject ? user(e.subject) : null);
          const from = role(text(d, 'from'));
          const to = role(text(d, 'to')) ?? role(text(d, 'role'));
          if (to) {
            add(
              'audit.detail.role',
              <span>
                {from && (
                  <>
                    <RoleLabel role={from} /> <span aria-hidden="true">→</span>{' '}
                  </>
                )}
                <RoleLabel role={to} />
              </span>,
            );
          }
          break;
        }
        case 'invitation': {
          const email = text(d, 'email') ?? names.invitations?.get(e.subject) ?? null;
          if (email) add('audit.detail.email', email);
          else if (e.subject) add('audit.detail.invitation', <Id id={e.subject} />);
          const r = role(text(d, 'role'));
          add('audit.detail.role', r && <RoleLabel role={r} />);
          if (d.replaced === true) add('audit.detail.note', t('audit.detail.replaced'));
          break;
        }
        case 'api_key': {
          const name = text(d, 'name') ?? names.keys?.get(e.subject) ?? null;
          add('audit.detail.key', name ?? (e.subject ? <Id id={e.subject} /> : null));
          const scopes = strings(d, 'scopes');
          if (scopes.length > 0) {
            add(
              'audit.detail.scopes',
              <span className="scopes">
                {scopes.map((s) => (
                  <code key={s} className="scope">
                    {s}
                  </code>
                ))}
              </span>,
            );
          }
          break;
        }
        case 'industry': {
          add('audit.detail.industry', e.subject ? <code>{e.subject}</code> : null);
          const ko = text(d, 'name_ko');
          const en = text(d, 'name_en');
          add('audit.detail.industryName', ko && en ? `${ko} · ${en}` : (ko ?? en));
          break;
        }
        case 'category': {
          add('audit.detail.category', text(d, 'code') && <code>{text(d, 'code')}</code>);
          add('audit.detail.categoryName', text(d, 'name_ko'));
          if (d.names === true) add('audit.detail.note', t('audit.detail.categoryRenamed'));
          if ('parent' in d) add('audit.detail.categoryParent', text(d, 'parent') ?? t('audit.detail.categoryTop'));
          if (typeof d.active === 'boolean') {
            add('audit.detail.status', t(d.active ? 'categories.state.active' : 'categories.state.retired'));
          }
          const codes = strings(d, 'attributes');
          if (Array.isArray(d.attributes)) {
            add(
              'audit.detail.categoryAttributes',
              codes.length === 0 ? (
                t('audit.detail.categoryNoAttributes')
              ) : (
                <span className="scopes">
                  {codes.map((c) => (
                    <code key={c} className="scope">
                      {c}
                    </code>
                  ))}
                </span>
              ),
            );
          }
          break;
        }
        case 'price_policy': {
          // Each list's policy as the server words it: "none", "equal warn", "within 5% refuse".
          const policy = (value: string | null): string | null => {
            if (value === null) return null;
            const [rule, ...rest] = value.split(' ');
            const enforcement = rest[rest.length - 1];
            const enforcementText =
              enforcement === 'refuse' ? t('parity.enforcement.refuse') : t('parity.enforcement.warn');
            if (rule === 'equal') return t('parity.summary.equal', { enforcement: enforcementText });
            if (rule === 'within') {
              return t('parity.summary.within', { percent: rest[0] ?? '', enforcement: enforcementText });
            }
            return t('parity.summary.none');
          };
          add('audit.detail.parityOnline', policy(text(d, 'online')));
          add('audit.detail.parityBusiness', policy(text(d, 'business')));
          break;
        }
        default: {
          // An action this app does not know yet: its subject and detail as they come.
          if (e.subject) add('audit.detail.subject', <Id id={e.subject} />);
          for (const [name, value] of Object.entries(d)) {
            const shown = typeof value === 'string' ? value : JSON.stringify(value);
            pairs.push([name, shown]);
          }
        }
      }
      return pairs;
    },
    [names.invitations, names.keys, t, user],
  );

  return { actor, label, details };
}

export function AuditLog({ audience, actions, load, names }: AuditLogProps) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const [results, setResults] = useState<Results>({ kind: 'loading' });
  const describe = useDescribeEvent(audience, names);

  useEffect(() => {
    const controller = new AbortController();
    setResults({ kind: 'loading' });
    load({ action, limit: PAGE_SIZE }, controller.signal).then(
      (page) =>
        setResults({ kind: 'ready', items: page.items, next: page.next_cursor, loadingMore: false, moreError: null }),
      (e: unknown) => {
        if (!controller.signal.aborted) setResults({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [load, action]);

  const loadMore = useCallback(async () => {
    if (results.kind !== 'ready' || results.next === null) return;
    const cursor = results.next;
    setResults({ ...results, loadingMore: true, moreError: null });
    try {
      const page = await load({ action, cursor, limit: PAGE_SIZE });
      setResults((old) =>
        old.kind === 'ready'
          ? {
              kind: 'ready',
              items: [...old.items, ...page.items],
              next: page.next_cursor,
              loadingMore: false,
              moreError: null,
            }
          : old,
      );
    } catch (e) {
      setResults((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }, [results, load, action]);

  // The operator reads merchants by name where an application in view names them.
  const merchantNames = useMemo(() => {
    const out = new Map<string, string>();
    if (results.kind !== 'ready') return out;
    for (const e of results.items) {
      const name = e.action === 'merchant.applied' ? text(e.detail, 'name_ko') : null;
      if (e.merchant_id && name) out.set(e.merchant_id, name);
    }
    return out;
  }, [results]);

  const options = useMemo(() => {
    const offered = actions.map((a): { value: string; label: string } => ({
      value: a,
      label: t(`audit.action.${a}`),
    }));
    // An action this list does not offer (an old link) is still shown as the one chosen.
    if (action !== '' && !offered.some((o) => o.value === action)) offered.push({ value: action, label: action });
    return offered;
  }, [actions, action, t]);
  const showMerchant = audience === 'operator';

  return (
    <>
      <form
        className="filters filters--audit card"
        role="search"
        aria-label={t('audit.filter.label')}
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          label={t('audit.filter.action')}
          name="action"
          value={action}
          onChange={(value) => setParams(value === '' ? {} : { action: value })}
          placeholder={t('audit.filter.all')}
          options={options}
        />
      </form>

      {results.kind === 'loading' && <Loading />}
      {results.kind === 'error' && <ErrorBanner testId="audit-error">{problemText(results.error)}</ErrorBanner>}
      {results.kind === 'ready' && results.items.length === 0 && (
        <p className="empty card" data-testid="no-events">
          {action === '' ? t('audit.empty') : t('audit.emptyFiltered')}
        </p>
      )}
      {results.kind === 'ready' && results.items.length > 0 && (
        <>
          <p className="list-count" role="status">
            {t('audit.count', { n: results.items.length })}
          </p>
          <div className="table-wrap">
            <table className="table table--stack audit" data-testid="audit-events">
              <thead>
                <tr>
                  <th scope="col">{t('audit.col.action')}</th>
                  <th scope="col">{t('audit.col.at')}</th>
                  <th scope="col">{t('audit.col.detail')}</th>
                  <th scope="col">{t('audit.col.actor')}</th>
                  <th scope="col">{t('audit.col.address')}</th>
                  {showMerchant && <th scope="col">{t('audit.col.merchant')}</th>}
                </tr>
              </thead>
              <tbody>
                {results.items.map((e) => {
                  const pairs = describe.details(e);
                  return (
                    <tr key={e.id} data-testid="audit-event" data-action={e.action}>
                      <th scope="row" data-label={t('audit.col.action')}>
                        <span
                          className={`audit__action${WARNING_ACTIONS.has(e.action) ? ' audit__action--warn' : ''}`}
                          data-testid="audit-action"
                        >
                          {describe.label(e)}
                        </span>
                      </th>
                      <td data-label={t('audit.col.at')} className="audit__time" data-testid="audit-time">
                        <Time iso={e.at} seconds />
                      </td>
                      <td
                        data-label={t('audit.col.detail')}
                        data-testid="audit-detail"
                        data-empty={pairs.length === 0 || undefined}
                      >
                        {pairs.length === 0 ? (
                          <span className="muted">—</span>
                        ) : (
                          <dl className="audit__detail">
                            {pairs.map(([label, value], i) => (
                              <div key={`${label}-${i}`}>
                                <dt>{label}</dt>
                                <dd>{value}</dd>
                              </div>
                            ))}
                          </dl>
                        )}
                      </td>
                      <td data-label={t('audit.col.actor')} data-testid="audit-actor">
                        <span>{describe.actor(e)}</span>
                      </td>
                      <td data-label={t('audit.col.address')} data-testid="audit-address">
                        {fromCommandLine(e) ? (
                          <span className="muted">{t('audit.address.none')}</span>
                        ) : (
                          <span className="num">{e.client_address}</span>
                        )}
                      </td>
                      {showMerchant && (
                        <td
                          data-label={t('audit.col.merchant')}
                          data-testid="audit-merchant"
                          data-empty={e.merchant_id === null || undefined}
                        >
                          {e.merchant_id ? (
                            <Link to={`/operator/applications/${encodeURIComponent(e.merchant_id)}`}>
                              {merchantNames.get(e.merchant_id) ?? <Id id={e.merchant_id} />}
                            </Link>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {results.moreError && <ErrorBanner testId="more-error">{problemText(results.moreError.error)}</ErrorBanner>}
          {results.next !== null && (
            <div className="more">
              <button
                type="button"
                className="button button--quiet"
                disabled={results.loadingMore}
                onClick={() => void loadMore()}
              >
                {results.loadingMore ? t('a11y.loading') : t('audit.more')}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
