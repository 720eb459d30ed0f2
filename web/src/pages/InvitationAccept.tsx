import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { acceptInvitation, lookupInvitation, type InvitationLookup } from '../api';
import { RoleLabel, Time } from '../components/Bits';
import { ErrorBanner, Loading, SuccessBanner } from '../components/Form';
import { signInPath } from '../components/Guards';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useProblemText, type Failure } from '../errors';
import { useFragmentToken } from '../fragment';
import { useFormat } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const PATH = '/invitations/accept';
// The token waits here while the invited person signs in or signs up (the fragment is gone by then).
// Session storage: this tab only, gone when it closes.
const STORAGE_KEY = 'jangteo.invitation';

function storedToken(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(STORAGE_KEY);
    else window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Without storage the person opens the link again after signing in.
  }
}

export function InvitationAccept() {
  const { t } = useI18n();
  useDocumentTitle(t('invite.title'));
  const fromLink = useFragmentToken();
  const [stored] = useState(storedToken);
  const token = fromLink ?? stored;

  useEffect(() => {
    if (fromLink !== null) storeToken(fromLink);
  }, [fromLink]);

  return (
    <div className="page page--narrow">
      <h1>{t('invite.title')}</h1>
      {token === null ? (
        <ErrorBanner testId="invite-error">{t('invite.noToken')}</ErrorBanner>
      ) : (
        <Invitation key={token} token={token} />
      )}
    </div>
  );
}

/** One invitation: what it offers, and the way to accept it. */
function Invitation({ token }: { token: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const { state, refresh } = useSession();
  const [invitation, setInvitation] = useState<InvitationLookup | null>(null);
  const [lookupError, setLookupError] = useState<Failure | null>(null);
  const [sending, setSending] = useState(false);
  const [acceptError, setAcceptError] = useState<Failure | null>(null);
  const [accepted, setAccepted] = useState<{ merchantId: string } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    lookupInvitation(token, controller.signal).then(setInvitation, (e: unknown) => {
      if (controller.signal.aborted) return;
      storeToken(null);
      setLookupError({ error: e });
    });
    return () => controller.abort();
  }, [token]);

  async function accept() {
    setSending(true);
    setAcceptError(null);
    try {
      const answer = await acceptInvitation(token);
      storeToken(null);
      await refresh();
      setAccepted({ merchantId: answer.merchant_id });
    } catch (e) {
      setAcceptError({ error: e });
    } finally {
      setSending(false);
    }
  }

  if (lookupError) return <ErrorBanner testId="invite-error">{problemText(lookupError.error)}</ErrorBanner>;
  if (!invitation || state.status === 'loading') return <Loading />;
  const merchantName = f.local(invitation.merchant.name);
  return (
    <div className="card invite" data-testid="invitation-card">
      <p className="invite__lead">{t('invite.lead', { merchant: merchantName })}</p>
      <dl className="details">
        <div>
          <dt>{t('invite.merchant')}</dt>
          <dd data-testid="invite-merchant">{merchantName}</dd>
        </div>
        <div>
          <dt>{t('invite.role')}</dt>
          <dd>
            <RoleLabel role={invitation.role} />
          </dd>
        </div>
        <div>
          <dt>{t('invite.email')}</dt>
          <dd data-testid="invite-email">{invitation.email}</dd>
        </div>
        <div>
          <dt>{t('invite.expires')}</dt>
          <dd>
            <Time iso={invitation.expires_at} />
          </dd>
        </div>
      </dl>
      {accepted ? (
        <SuccessBanner testId="invite-accepted">
          <p>{t('invite.accepted', { merchant: merchantName })}</p>
          <Link to={`/merchant/${encodeURIComponent(accepted.merchantId)}/staff`} className="button">
            {t('invite.open')}
          </Link>
        </SuccessBanner>
      ) : state.status === 'signedIn' ? (
        <>
          <p data-testid="invite-signed-in-as">
            {t('invite.signedInAs', { name: state.me.user.name, email: state.me.user.email })}
          </p>
          {state.me.user.email.toLowerCase() !== invitation.email.toLowerCase() && (
            <div className="banner banner--info" role="note" data-testid="invite-other-email">
              <p>{t('invite.otherEmail', { email: invitation.email })}</p>
            </div>
          )}
          {acceptError && <ErrorBanner testId="accept-error">{problemText(acceptError.error)}</ErrorBanner>}
          <button type="button" className="button" disabled={sending} onClick={() => void accept()}>
            {sending ? t('common.sending') : t('invite.accept')}
          </button>
        </>
      ) : (
        <>
          <p data-testid="invite-sign-in-first">{t('invite.signInFirst')}</p>
          <div className="button-row">
            <Link to={signInPath(PATH)} className="button">
              {t('nav.signIn')}
            </Link>
            <Link
              to={`/signup?next=${encodeURIComponent(PATH)}&email=${encodeURIComponent(invitation.email)}`}
              className="button button--quiet"
            >
              {t('nav.signUp')}
            </Link>
          </div>
        </>
      )}
    </div>
  );
}
