import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { signIn } from '../api';
import { ErrorBanner, SubmitButton, TextField } from '../components/Form';
import { safeNext } from '../components/Guards';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useDescribeError, type DescribedError } from '../errors';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const FIELDS = ['email', 'password'] as const;

export function SignIn() {
  const { t } = useI18n();
  useDocumentTitle(t('signin.title'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const location = useLocation();
  const lost = (location.state as { lost?: boolean } | null)?.lost === true;
  const reset = (location.state as { reset?: boolean } | null)?.reset === true;
  const navigate = useNavigate();
  const { refresh } = useSession();
  const describe = useDescribeError();

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<DescribedError>({ banner: null, fields: {} });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (email.trim() === '') fields.email = t('field.required');
    if (password === '') fields.password = t('field.required');
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: t('form.checkFields'), fields });
      return;
    }
    setSending(true);
    setErrors({ banner: null, fields: {} });
    try {
      await signIn({ email: email.trim(), password });
      await refresh();
      navigate(next, { replace: true });
    } catch (e) {
      // A wrong password is said once, above the form: which of the two was wrong is not told.
      setErrors(describe(e, FIELDS));
      setPassword('');
      setSending(false);
    }
  }

  return (
    <div className="page page--narrow">
      <h1>{t('signin.title')}</h1>
      {lost && (
        <div className="banner banner--info" role="status" data-testid="session-lost">
          <p>{t('signin.sessionLost')}</p>
        </div>
      )}
      {reset && (
        <div className="banner banner--ok" role="status" data-testid="reset-done">
          <p>{t('reset.done')}</p>
        </div>
      )}
      <form className="form card" noValidate onSubmit={onSubmit} aria-busy={sending}>
        {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
        <TextField
          label={t('signin.email')}
          name="email"
          type="email"
          value={email}
          onChange={setEmail}
          error={errors.fields.email}
          autoComplete="username"
          inputMode="email"
          required
          maxLength={254}
        />
        <TextField
          label={t('signin.password')}
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          autoComplete="current-password"
          required
          maxLength={128}
        />
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('signin.submit')} sendingLabel={t('signin.submitting')} />
          <Link to="/reset-password" className="form__link">
            {t('signin.forgot')}
          </Link>
        </div>
      </form>
      <p className="page__aside">
        {t('signin.noAccount')}{' '}
        <Link to={params.get('next') ? `/signup?next=${encodeURIComponent(next)}` : '/signup'}>
          {t('signin.signUpLink')}
        </Link>
      </p>
    </div>
  );
}
