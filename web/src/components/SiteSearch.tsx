// The search box in the header of every page: it sends the words to /search?q=…, and on the search
// page it shows the words of the address (so back and forward keep it true).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n';

export function SiteSearch() {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const id = useId();
  const onSearchPage = location.pathname === '/search';
  const addressWords = onSearchPage ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [words, setWords] = useState(addressWords);

  useEffect(() => {
    setWords(addressWords);
  }, [addressWords, location.key]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = words.trim();
    // A new search keeps no filter of the last one: it starts over across the whole portal.
    navigate(q === '' ? '/search' : `/search?${new URLSearchParams({ q }).toString()}`);
  }

  return (
    <form className="site-search" role="search" onSubmit={onSubmit} data-testid="site-search">
      <label htmlFor={id} className="visually-hidden">
        {t('portal.search.label')}
      </label>
      <input
        id={id}
        className="site-search__input"
        type="search"
        name="q"
        value={words}
        onChange={(e) => setWords(e.target.value)}
        placeholder={t('portal.search.placeholder')}
        enterKeyHint="search"
        autoComplete="off"
        spellCheck={false}
      />
      <button type="submit" className="site-search__button">
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.4" />
          <path d="M15.5 15.5L21 21" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
        </svg>
        <span className="visually-hidden">{t('portal.search.submit')}</span>
      </button>
    </form>
  );
}
