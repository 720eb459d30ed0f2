// Tokens that arrive in a link's fragment (#token=…): the fragment never reaches a server, and once
// read it is taken out of the address bar so that it is not left in the history or shown on screen.
// A link opened while the page is already there only changes the fragment: that is read too.
//
//   const token = useFragmentToken();   // null when the address has none
import { useEffect, useState } from 'react';

export function readFragmentToken(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

export function useFragmentToken(): string | null {
  const [token, setToken] = useState(() => readFragmentToken(window.location.hash));

  useEffect(() => {
    const onHashChange = () => {
      const next = readFragmentToken(window.location.hash);
      if (next !== null) setToken(next);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  useEffect(() => {
    if (token !== null && window.location.hash !== '') {
      // Keep the router's own history state; drop only the fragment.
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
  }, [token]);

  return token;
}
