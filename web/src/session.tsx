// Who is signed in, for the whole app: loaded once from GET /api/v1/me at start, then kept up to
// date by the pages that change it (sign-in, sign-up, sign-out, accepting an invitation, applying).
//
//   const { state, refresh } = useSession();
//   if (state.status === 'signedIn' && state.me.operator_admin) ...
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { getMe, isApiError, onSessionLost, signOut as apiSignOut, type Me, type Membership } from './api';
import { forgetCounterPeople } from './pages/merchant/posStore';

export type SessionState =
  | { status: 'loading' }
  /** Nobody is signed in; `lost` when a session that was there has ended (expired or revoked). */
  | { status: 'anonymous'; lost: boolean }
  | { status: 'signedIn'; me: Me }
  /** GET /api/v1/me could not be answered (network, 5xx): nobody knows who is signed in. */
  | { status: 'error' };

interface SessionContextValue {
  state: SessionState;
  /** Asks the server again who is signed in; resolves when the state is updated. */
  refresh: () => Promise<void>;
  /** Signs out on the server, then here. */
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const generation = useRef(0);

  const load = useCallback(async (signal?: AbortSignal) => {
    const mine = ++generation.current;
    try {
      const me = await getMe(signal);
      if (mine === generation.current) setState({ status: 'signedIn', me });
    } catch (e) {
      if (signal?.aborted || mine !== generation.current) return;
      if (isApiError(e) && e.status === 401) setState({ status: 'anonymous', lost: false });
      else setState({ status: 'error' });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  useEffect(
    () =>
      onSessionLost(() => {
        generation.current++;
        setState((previous) => ({ status: 'anonymous', lost: previous.status === 'signedIn' }));
      }),
    [],
  );

  const refresh = useCallback(() => load(), [load]);

  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } catch (e) {
      // A session that is already gone is signed out all the same.
      if (!(isApiError(e) && e.status === 401)) throw e;
    }
    generation.current++;
    // The web POS no longer opens offline for the person who signed out.
    forgetCounterPeople();
    setState({ status: 'anonymous', lost: false });
  }, []);

  const value = useMemo(() => ({ state, refresh, signOut }), [state, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person, or null. */
export function useMe(): Me | null {
  const { state } = useSession();
  return state.status === 'signedIn' ? state.me : null;
}

export function findMembership(me: Me | null, merchantId: string | undefined): Membership | null {
  if (!me || !merchantId) return null;
  return me.memberships.find((m) => m.merchant_id === merchantId) ?? null;
}
