// Pages that need someone signed in (or an operator admin) are wrapped here: while the session loads
// they show a loading line, without one they go to the sign-in page and come back after it.
//
//   <Route path="me" element={<RequireSignIn><MyPage /></RequireSignIn>} />
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { ErrorBanner, Loading } from './Form';
import { useDocumentTitle } from './useDocumentTitle';

/** Where to go after signing in: only paths of this app ("/x"), never another site ("//x", "http:"). */
export function safeNext(next: string | null | undefined, fallback = '/me'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

export function signInPath(next: string): string {
  return `/signin?next=${encodeURIComponent(next)}`;
}

export function SessionError() {
  const { t } = useI18n();
  const { refresh } = useSession();
  return (
    <div className="banner banner--error" role="alert" data-testid="session-error">
      <p>{t('session.error')}</p>
      <button type="button" className="button button--secondary" onClick={() => void refresh()}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/**
 * `unknownOk`: when the server cannot be asked who is signed in (no network), the children are shown
 * anyway and decide for themselves (the web POS opens offline for the person who used it last).
 */
export function RequireSignIn({ children, unknownOk = false }: { children: ReactNode; unknownOk?: boolean }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return unknownOk ? <>{children}</> : <SessionError />;
  if (state.status === 'anonymous') {
    return <Navigate to={signInPath(location.pathname + location.search)} replace state={{ lost: state.lost }} />;
  }
  return <>{children}</>;
}

function Forbidden() {
  const { t } = useI18n();
  useDocumentTitle(t('forbidden.title'));
  return (
    <div className="page" data-testid="forbidden">
      <h1>{t('forbidden.title')}</h1>
      <ErrorBanner testId="forbidden-body">{t('forbidden.operator')}</ErrorBanner>
      <Link to="/" className="button">
        {t('notFound.home')}
      </Link>
    </div>
  );
}

export function RequireOperator({ children }: { children: ReactNode }) {
  const { state } = useSession();
  return (
    <RequireSignIn>{state.status === 'signedIn' && !state.me.operator_admin ? <Forbidden /> : children}</RequireSignIn>
  );
}
