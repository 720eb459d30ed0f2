import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { signUp } from '../api';
import { ErrorBanner, SubmitButton, TextField } from '../components/Form';
import { safeNext, signInPath } from '../components/Guards';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useDescribeError, type DescribedError } from '../errors';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const FIELDS = ['name', 'email', 'mobile', 'password'] as const;

export function SignUp() {
  const { t } = useI18n();
  useDocumentTitle(t('signup.title'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const { refresh } = useSession();
  const describe = useDescribeError();

  const [name, setName] = useState('');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [mobile, setMobile] = useState('');
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<DescribedError>({ banner: null, fields: {} });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (name.trim() === '') fields.name = t('field.required');
    if (email.trim() === '') fields.email = t('field.required');
    if (password === '') fields.password = t('field.required');
    else if ([...password].length < 10) fields.password = t('field.password_too_short');
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: t('form.checkFields'), fields });
      return;
    }
    setSending(true);
    setErrors({ banner: null, fields: {} });
    try {
      const body = {
        name: name.trim(),
        email: email.trim(),
        password,
        ...(mobile.trim() ? { mobile: mobile.trim() } : {}),
      };
      await signUp(body);
      await refresh();
      navigate(next, { replace: true, state: { welcome: true } });
    } catch (e) {
      setErrors(describe(e, FIELDS));
      setSending(false);
    }
  }

  return (
    <div className="page page--narrow">
      <h1>{t('signup.title')}</h1>
      <p className="page__intro">{t('signup.intro')}</p>
      <form className="form card" noValidate onSubmit={onSubmit} aria-busy={sending}>
        {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
        <TextField
          label={t('signup.name')}
          name="name"
          value={name}
          onChange={setName}
          error={errors.fields.name}
          autoComplete="name"
          required
          maxLength={100}
        />
        <TextField
          label={t('signup.email')}
          name="email"
          type="email"
          value={email}
          onChange={setEmail}
          error={errors.fields.email}
          autoComplete="email"
          inputMode="email"
          required
          maxLength={254}
        />
        <TextField
          label={t('signup.mobile')}
          name="mobile"
          type="tel"
          value={mobile}
          onChange={setMobile}
          error={errors.fields.mobile}
          autoComplete="tel"
          inputMode="tel"
          optional
          hint={t('signup.mobileHint')}
          maxLength={20}
        />
        <TextField
          label={t('signup.password')}
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          autoComplete="new-password"
          hint={t('password.hint')}
          required
          maxLength={128}
        />
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('signup.submit')} sendingLabel={t('signup.submitting')} />
        </div>
      </form>
      <p className="page__aside">
        {t('signup.haveAccount')}{' '}
        <Link to={params.get('next') ? signInPath(next) : '/signin'}>{t('signup.signInLink')}</Link>
      </p>
    </div>
  );
}
