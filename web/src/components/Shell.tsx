import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useCartCount } from '../cart';
import { useI18n } from '../i18n';
import { useOperator } from '../operator';
import { useSession } from '../session';
import { LanguageSwitch } from './LanguageSwitch';
import { SiteSearch } from './SiteSearch';

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

/** The cart with the number of units in it. */
function CartLink() {
  const { t } = useI18n();
  const { items } = useCartCount();
  const n = items ?? 0;
  return (
    <Link to="/cart" className="cart-link" data-testid="cart-link" aria-label={t('cart.linkLabel', { n })}>
      <span aria-hidden="true">{t('cart.link')}</span>
      {n > 0 && (
        <span className="cart-link__count" aria-hidden="true" data-testid="cart-count">
          {n}
        </span>
      )}
    </Link>
  );
}

/** Sign in and sign up, or the signed-in person's name and sign out. */
function Account() {
  const { t } = useI18n();
  const { state, signOut } = useSession();
  const navigate = useNavigate();
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  if (state.status === 'loading') return <div className="account" aria-hidden="true" />;
  if (state.status !== 'signedIn') {
    return (
      <div className="account" data-testid="account">
        <Link to="/signin" className="account__link">
          {t('nav.signIn')}
        </Link>
        <Link to="/signup" className="account__link account__link--strong">
          {t('nav.signUp')}
        </Link>
      </div>
    );
  }
  return (
    <div className="account" data-testid="account">
      <Link to="/me" className="account__name" data-testid="account-name">
        {state.me.user.name}
      </Link>
      <button
        type="button"
        className="account__button"
        disabled={sending}
        onClick={async () => {
          setSending(true);
          setFailed(false);
          try {
            await signOut();
            navigate('/', { state: { signedOut: true } });
          } catch {
            setFailed(true);
          } finally {
            setSending(false);
          }
        }}
      >
        {sending ? t('nav.signingOut') : t('nav.signOut')}
      </button>
      {failed && (
        <span className="account__error" role="alert">
          {t('nav.signOutFailed')}
        </span>
      )}
    </div>
  );
}

function PrimaryNav() {
  const { t } = useI18n();
  const { state } = useSession();
  const me = state.status === 'signedIn' ? state.me : null;
  return (
    <nav className="site-nav" aria-label={t('nav.label')}>
      <NavLink to="/" end className="site-nav__link">
        {t('nav.home')}
      </NavLink>
      <NavLink to="/check/business-number" className="site-nav__link">
        {t('nav.businessNumber')}
      </NavLink>
      <NavLink to="/apply" className="site-nav__link">
        {t('nav.apply')}
      </NavLink>
      {me && (
        <NavLink to="/me" end className="site-nav__link">
          {t('nav.me')}
        </NavLink>
      )}
      {me && (
        <NavLink to="/me/orders" className="site-nav__link">
          {t('nav.myOrders')}
        </NavLink>
      )}
      {me && me.memberships.length > 0 && (
        <NavLink to="/merchant" className="site-nav__link">
          {t('nav.myShops')}
        </NavLink>
      )}
      {me?.operator_admin && (
        <NavLink to="/operator" className="site-nav__link">
          {t('nav.console')}
        </NavLink>
      )}
    </nav>
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
          <SiteSearch />
          <div className="site-header__tools">
            <CartLink />
            <Account />
            <LanguageSwitch />
          </div>
          <PrimaryNav />
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
