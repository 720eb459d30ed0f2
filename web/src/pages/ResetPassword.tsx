import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { confirmPasswordReset, requestPasswordReset } from '../api';
import { ErrorBanner, SubmitButton, SuccessBanner, TextField } from '../components/Form';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useDescribeError, type DescribedError } from '../errors';
import { useFragmentToken } from '../fragment';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const NO_ERRORS: DescribedError = { banner: null, fields: {} };

/** Asks for a reset link by email. */
function RequestForm() {
  const { t } = useI18n();
  const describe = useDescribeError();
  const [email, setEmail] = useState('');
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [errors, setErrors] = useState<DescribedError>(NO_ERRORS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (email.trim() === '') {
      setErrors({ banner: null, fields: { email: t('field.required') } });
      return;
    }
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      await requestPasswordReset(email.trim());
      setSentTo(email.trim());
    } catch (e) {
      setErrors(describe(e, ['email']));
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <p className="page__intro">{t('reset.request.intro')}</p>
      {sentTo !== null && (
        <SuccessBanner testId="reset-sent">
          <p>{t('reset.request.sent', { email: sentTo })}</p>
        </SuccessBanner>
      )}
      <form className="form card" noValidate onSubmit={onSubmit} aria-busy={sending}>
        {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
        <TextField
          label={t('reset.email')}
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
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('reset.request.submit')} sendingLabel={t('common.sending')} />
          <Link to="/signin" className="form__link">
            {t('reset.backToSignIn')}
          </Link>
        </div>
      </form>
    </>
  );
}

/** Sets a new password with the token of the link. */
function ConfirmForm({ token }: { token: string }) {
  const { t } = useI18n();
  const describe = useDescribeError();
  const navigate = useNavigate();
  const { refresh } = useSession();
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<DescribedError>(NO_ERRORS);
  const [tokenBad, setTokenBad] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if ([...password].length < 10) {
      setErrors({
        banner: null,
        fields: { new_password: t(password === '' ? 'field.required' : 'field.password_too_short') },
      });
      return;
    }
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      await confirmPasswordReset({ token, new_password: password });
      await refresh();
      navigate('/signin', { replace: true, state: { reset: true } });
    } catch (e) {
      const described = describe(e, ['new_password', 'token']);
      if (described.fields.token) {
        setTokenBad(true);
        setErrors({ banner: described.fields.token, fields: {} });
      } else {
        setErrors(described);
      }
      setSending(false);
    }
  }

  return (
    <>
      <p className="page__intro">{t('reset.confirm.intro')}</p>
      <form className="form card" noValidate onSubmit={onSubmit} aria-busy={sending}>
        {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
        {tokenBad ? (
          <Link to="/reset-password" className="button" reloadDocument>
            {t('reset.confirm.again')}
          </Link>
        ) : (
          <>
            <TextField
              label={t('reset.newPassword')}
              name="new_password"
              type="password"
              value={password}
              onChange={setPassword}
              error={errors.fields.new_password}
              autoComplete="new-password"
              hint={t('password.hint')}
              required
              maxLength={128}
            />
            <div className="form__actions">
              <SubmitButton sending={sending} label={t('reset.confirm.submit')} sendingLabel={t('common.saving')} />
            </div>
          </>
        )}
      </form>
    </>
  );
}

export function ResetPassword() {
  const { t } = useI18n();
  useDocumentTitle(t('reset.title'));
  const token = useFragmentToken();
  return (
    <div className="page page--narrow">
      <h1>{t('reset.title')}</h1>
      {token ? <ConfirmForm key={token} token={token} /> : <RequestForm />}
    </div>
  );
}
