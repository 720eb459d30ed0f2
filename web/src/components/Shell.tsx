import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { useI18n } from '../i18n';
import { useOperator } from '../operator';
import { LanguageSwitch } from './LanguageSwitch';

function Brand() {
  const { lang, t } = useI18n();
  const { state } = useOperator();
  if (state.status === 'loading') {
    return (
      <div className="brand" aria-busy="true">
        <span className="brand__name brand__name--placeholder">{t('a11y.loading')}</span>
      </div>
    );
  }
  const name = state.status === 'ready' ? state.operator.name[lang] : t('brand.fallback');
  return (
    <div className="brand">
      <Link to="/" className="brand__name" data-testid="operator-name">
        {name}
      </Link>
      {state.status === 'ready' && (
        <span className="brand__tagline" data-testid="operator-region">
          {t('brand.tagline', { region: state.operator.region[lang] })}
        </span>
      )}
    </div>
  );
}

function OperatorErrorBanner() {
  const { t } = useI18n();
  const { state, retry } = useOperator();
  if (state.status !== 'error') return null;
  return (
    <div className="banner banner--error" role="alert" data-testid="operator-error">
      <div>
        <p className="banner__title">{t('operator.error.title')}</p>
        <p>{t('operator.error.body')}</p>
      </div>
      <button type="button" className="button button--secondary" onClick={retry}>
        {t('common.retry')}
      </button>
    </div>
  );
}

export function Shell() {
  const { lang, t } = useI18n();
  const { state } = useOperator();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a client-side navigation, move the focus to the new page as a full load would.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [location.pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('a11y.skipToMain')}
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <Brand />
          <nav className="site-nav" aria-label={t('nav.label')}>
            <NavLink to="/" end className="site-nav__link">
              {t('nav.home')}
            </NavLink>
            <NavLink to="/check/business-number" className="site-nav__link">
              {t('nav.businessNumber')}
            </NavLink>
          </nav>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="site-main" ref={mainRef} tabIndex={-1}>
        <div className="container">
          <OperatorErrorBanner />
          <Outlet />
        </div>
      </main>
      <footer className="site-footer">
        <div className="container">
          {state.status === 'ready' && <p>{t('footer.operator', { name: state.operator.name[lang] })}</p>}
          <p>{t('footer.poweredBy')}</p>
        </div>
      </footer>
    </div>
  );
}
