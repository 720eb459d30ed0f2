import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  createInvitation,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
  type Invitation,
  type Member,
} from '../../api';
import { ConfirmButton, RoleLabel, Time } from '../../components/Bits';
import { ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useDescribeError, useProblemText, type DescribedError, type Failure } from '../../errors';
import { useI18n } from '../../i18n';
import { useMe } from '../../session';
import { useBackOffice } from './BackOffice';

function Members({ merchantId, isOwner }: { merchantId: string; isOwner: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  const problemText = useProblemText();
  const [items, setItems] = useState<Member[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const answer = await listMembers(merchantId, signal);
        setItems(answer.items);
        setError(null);
      } catch (e) {
        if (!signal?.aborted) setError({ error: e });
      }
    },
    [merchantId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  async function remove(member: Member) {
    setNotice(null);
    setError(null);
    try {
      await removeMember(merchantId, member.user.id);
      await load();
      setNotice(t('staff.removed', { name: member.user.name }));
    } catch (e) {
      setError({ error: e });
    }
  }

  return (
    <section className="section card" aria-labelledby="staff-members">
      <h2 id="staff-members">{t('staff.members.title')}</h2>
      {notice && <SuccessBanner testId="members-notice">{notice}</SuccessBanner>}
      {error && <ErrorBanner testId="members-error">{problemText(error.error)}</ErrorBanner>}
      {items === null && !error && <Loading />}
      {items !== null && (
        <div className="table-wrap">
          <table className="table table--stack" data-testid="members">
            <thead>
              <tr>
                <th scope="col">{t('staff.members.name')}</th>
                <th scope="col">{t('staff.members.email')}</th>
                <th scope="col">{t('staff.members.mobile')}</th>
                <th scope="col">{t('staff.members.role')}</th>
                <th scope="col">{t('staff.members.since')}</th>
                {isOwner && (
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.user.id} data-testid="member" data-role={m.role}>
                  <th scope="row" data-label={t('staff.members.name')}>
                    {m.user.name}
                  </th>
                  <td data-label={t('staff.members.email')}>{m.user.email}</td>
                  <td data-label={t('staff.members.mobile')}>{m.user.mobile ?? '—'}</td>
                  <td data-label={t('staff.members.role')}>
                    <RoleLabel role={m.role} />
                  </td>
                  <td data-label={t('staff.members.since')}>
                    <Time iso={m.since} dateOnly />
                  </td>
                  {isOwner && (
                    <td className="table__actions">
                      {m.user.id !== me?.user.id && (
                        <ConfirmButton
                          label={t('staff.remove')}
                          question={t('staff.removeQuestion', { name: m.user.name })}
                          confirmLabel={t('staff.removeConfirm')}
                          sendingLabel={t('common.sending')}
                          onConfirm={() => remove(m)}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Invitations({ merchantId }: { merchantId: string }) {
  const { t } = useI18n();
  const describe = useDescribeError();
  const problemText = useProblemText();
  const [items, setItems] = useState<Invitation[] | null>(null);
  const [listError, setListError] = useState<Failure | null>(null);
  const [email, setEmail] = useState('');
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<DescribedError>({ banner: null, fields: {} });
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const answer = await listInvitations(merchantId, signal);
        setItems(answer.items.filter((i) => i.status === 'pending'));
        setListError(null);
      } catch (e) {
        if (!signal?.aborted) setListError({ error: e });
      }
    },
    [merchantId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    if (email.trim() === '') {
      setErrors({ banner: null, fields: { email: t('field.required') } });
      return;
    }
    setSending(true);
    setErrors({ banner: null, fields: {} });
    try {
      const invitation = await createInvitation(merchantId, email.trim());
      setEmail('');
      await load();
      setNotice(t('staff.invite.sent', { email: invitation.email }));
    } catch (e) {
      setErrors(describe(e, ['email']));
    } finally {
      setSending(false);
    }
  }

  async function revoke(invitation: Invitation) {
    setNotice(null);
    setListError(null);
    try {
      await revokeInvitation(merchantId, invitation.id);
      await load();
      setNotice(t('staff.invitations.revoked', { email: invitation.email }));
    } catch (e) {
      setListError({ error: e });
    }
  }

  return (
    <>
      <section className="section card" aria-labelledby="staff-invite">
        <h2 id="staff-invite">{t('staff.invite.title')}</h2>
        <p className="section__intro">{t('staff.invite.intro')}</p>
        {notice && <SuccessBanner testId="invite-notice">{notice}</SuccessBanner>}
        <form className="form form--inline" noValidate onSubmit={onSubmit} aria-busy={sending}>
          {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
          <TextField
            label={t('staff.invite.email')}
            name="email"
            type="email"
            value={email}
            onChange={setEmail}
            error={errors.fields.email}
            inputMode="email"
            autoComplete="off"
            required
            maxLength={254}
          />
          <div className="form__actions">
            <SubmitButton sending={sending} label={t('staff.invite.submit')} sendingLabel={t('common.sending')} />
          </div>
        </form>
      </section>
      <section className="section card" aria-labelledby="staff-invitations">
        <h2 id="staff-invitations">{t('staff.invitations.title')}</h2>
        {listError && <ErrorBanner testId="invitations-error">{problemText(listError.error)}</ErrorBanner>}
        {items === null && !listError && <Loading />}
        {items !== null && items.length === 0 && <p className="empty">{t('staff.invitations.none')}</p>}
        {items !== null && items.length > 0 && (
          <ul className="list-cards" data-testid="invitations">
            {items.map((i) => (
              <li key={i.id} className="list-card" data-testid="invitation">
                <div className="list-card__main">
                  <p className="list-card__title">{i.email}</p>
                  <p className="list-card__meta">
                    <RoleLabel role={i.role} /> {t('staff.invitations.sentAt')} <Time iso={i.created_at} /> ·{' '}
                    {t('staff.invitations.expiresAt')} <Time iso={i.expires_at} />
                  </p>
                </div>
                <ConfirmButton
                  label={t('staff.invitations.revoke')}
                  question={t('staff.invitations.revokeQuestion', { email: i.email })}
                  confirmLabel={t('staff.invitations.revokeConfirm')}
                  sendingLabel={t('common.sending')}
                  onConfirm={() => revoke(i)}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function Staff() {
  const { t } = useI18n();
  const { merchantId, isOwner, merchantName } = useBackOffice();
  useDocumentTitle(t('staff.title') + t('title.separator') + merchantName);
  return (
    <div className="sections">
      <Members merchantId={merchantId} isOwner={isOwner} />
      {isOwner && <Invitations merchantId={merchantId} />}
    </div>
  );
}
