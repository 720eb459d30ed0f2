import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  applyAsMerchant,
  getDistricts,
  getIndustries,
  validateBusinessNumber,
  type CodeName,
  type Districts,
  type MerchantApplication,
} from '../api';
import { ErrorBanner, SelectField, SubmitButton, TextField } from '../components/Form';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useDescribeError, useProblemText, type DescribedError, type Failure } from '../errors';
import { useFormat } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const FIELDS = [
  'name_ko',
  'name_en',
  'business_number',
  'representative',
  'industry_code',
  'district_code',
  'address',
  'phone',
] as const;

type Check =
  { kind: 'idle' } | { kind: 'checking' } | { kind: 'valid'; formatted: string } | { kind: 'invalid'; message: string };

/** Checks the business number as it is typed: once it has 10 digits, and when the field is left. */
function useBusinessNumberCheck(value: string) {
  const describe = useDescribeError();
  const [check, setCheck] = useState<Check>({ kind: 'idle' });
  const latest = useRef(0);

  const run = (number: string) => {
    const call = ++latest.current;
    setCheck({ kind: 'checking' });
    validateBusinessNumber(number).then(
      (answer) => {
        if (call === latest.current) setCheck({ kind: 'valid', formatted: answer.formatted });
      },
      (e: unknown) => {
        if (call !== latest.current) return;
        const described = describe(e, ['number']);
        setCheck({ kind: 'invalid', message: described.fields.number ?? described.banner ?? '' });
      },
    );
  };

  useEffect(() => {
    const digits = value.replace(/\D/g, '');
    if (digits.length !== 10) {
      latest.current++;
      setCheck({ kind: 'idle' });
      return;
    }
    const timer = window.setTimeout(() => run(value.trim()), 250);
    return () => window.clearTimeout(timer);
    // `run` is remade each render but does the same; the check follows the value only.
  }, [value]);

  const onBlur = () => {
    if (value.trim() !== '' && check.kind === 'idle') run(value.trim());
  };
  return { check, onBlur };
}

export function Apply() {
  const { t } = useI18n();
  useDocumentTitle(t('apply.title'));
  const f = useFormat();
  const navigate = useNavigate();
  const { refresh } = useSession();
  const describe = useDescribeError();
  const problemText = useProblemText();

  const [form, setForm] = useState<Record<(typeof FIELDS)[number], string>>({
    name_ko: '',
    name_en: '',
    business_number: '',
    representative: '',
    industry_code: '',
    district_code: '',
    address: '',
    phone: '',
  });
  const set = (name: (typeof FIELDS)[number]) => (value: string) => setForm((old) => ({ ...old, [name]: value }));
  const [districts, setDistricts] = useState<Districts | null>(null);
  const [industries, setIndustries] = useState<CodeName[] | null>(null);
  const [loadError, setLoadError] = useState<Failure | null>(null);
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<DescribedError>({ banner: null, fields: {} });
  const { check, onBlur } = useBusinessNumberCheck(form.business_number);

  useEffect(() => {
    let live = true;
    Promise.all([getDistricts(), getIndustries()]).then(
      ([d, i]) => {
        if (!live) return;
        setDistricts(d);
        setIndustries(i.items);
      },
      (e: unknown) => {
        if (live) setLoadError({ error: e });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    for (const name of FIELDS) {
      if (name !== 'name_en' && form[name].trim() === '') fields[name] = t('field.required');
    }
    if (!fields.business_number && check.kind === 'invalid') fields.business_number = check.message;
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: t('form.checkFields'), fields });
      return;
    }
    const body: MerchantApplication = {
      name_ko: form.name_ko.trim(),
      business_number: form.business_number.trim(),
      representative: form.representative.trim(),
      industry_code: form.industry_code,
      district_code: form.district_code,
      address: form.address.trim(),
      phone: form.phone.trim(),
    };
    if (form.name_en.trim() !== '') body.name_en = form.name_en.trim();
    setSending(true);
    setErrors({ banner: null, fields: {} });
    try {
      const merchant = await applyAsMerchant(body);
      await refresh();
      navigate('/me', { state: { applied: f.local(merchant.name) } });
    } catch (e) {
      setErrors(describe(e, FIELDS));
      setSending(false);
    }
  }

  const numberError = errors.fields.business_number ?? (check.kind === 'invalid' ? check.message : null);

  return (
    <div className="page page--apply">
      <h1>{t('apply.title')}</h1>
      <p className="page__intro">{t('apply.intro')}</p>
      {loadError && <ErrorBanner testId="load-error">{problemText(loadError.error)}</ErrorBanner>}
      <form className="form form--wide card" noValidate onSubmit={onSubmit} aria-busy={sending}>
        {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
        <fieldset className="form__group">
          <legend>{t('apply.group.business')}</legend>
          <div className="form__grid">
            <TextField
              label={t('apply.nameKo')}
              name="name_ko"
              value={form.name_ko}
              onChange={set('name_ko')}
              error={errors.fields.name_ko}
              required
              maxLength={100}
              autoComplete="organization"
            />
            <TextField
              label={t('apply.nameEn')}
              name="name_en"
              value={form.name_en}
              onChange={set('name_en')}
              error={errors.fields.name_en}
              optional
              maxLength={100}
              hint={t('apply.nameEnHint')}
            />
            <TextField
              label={t('apply.businessNumber')}
              name="business_number"
              value={form.business_number}
              onChange={set('business_number')}
              onBlur={onBlur}
              error={numberError}
              required
              inputMode="numeric"
              maxLength={20}
              hint={t('check.hint')}
              afterId="business-number-check"
              after={
                <p
                  id="business-number-check"
                  className="field__check"
                  aria-live="polite"
                  data-testid="business-number-check"
                >
                  {check.kind === 'checking' && t('apply.checking')}
                  {check.kind === 'valid' && !errors.fields.business_number && (
                    <span className="field__ok">{t('apply.numberValid', { formatted: check.formatted })}</span>
                  )}
                </p>
              }
            />
            <TextField
              label={t('apply.representative')}
              name="representative"
              value={form.representative}
              onChange={set('representative')}
              error={errors.fields.representative}
              required
              maxLength={100}
            />
            <SelectField
              label={t('apply.industry')}
              name="industry_code"
              value={form.industry_code}
              onChange={set('industry_code')}
              error={errors.fields.industry_code}
              required
              placeholder={t('form.choose')}
              disabled={industries === null}
              options={(industries ?? []).map((i) => ({ value: i.code, label: f.local(i.name) }))}
            />
          </div>
        </fieldset>
        <fieldset className="form__group">
          <legend>{t('apply.group.place')}</legend>
          <div className="form__grid">
            <SelectField
              label={
                districts ? t('apply.districtIn', { region: f.local(districts.region.name) }) : t('apply.district')
              }
              name="district_code"
              value={form.district_code}
              onChange={set('district_code')}
              error={errors.fields.district_code}
              required
              placeholder={t('form.choose')}
              disabled={districts === null}
              options={(districts?.items ?? []).map((d) => ({ value: d.code, label: f.local(d.name) }))}
            />
            <TextField
              label={t('apply.address')}
              name="address"
              value={form.address}
              onChange={set('address')}
              error={errors.fields.address}
              required
              maxLength={200}
              hint={t('apply.addressHint')}
              autoComplete="street-address"
            />
            <TextField
              label={t('apply.phone')}
              name="phone"
              type="tel"
              value={form.phone}
              onChange={set('phone')}
              error={errors.fields.phone}
              required
              inputMode="tel"
              maxLength={20}
              hint={t('apply.phoneHint')}
              autoComplete="tel"
            />
          </div>
        </fieldset>
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('apply.submit')} sendingLabel={t('common.sending')} />
        </div>
      </form>
    </div>
  );
}
