// The parts every form is made of, so that all forms look and behave alike: a label tied to its
// input, a hint and an inline error both named by aria-describedby, aria-invalid while wrong, and
// banners for the form as a whole (role=alert for errors, role=status for success).
//
//   <TextField label={t('signup.email')} name="email" type="email" value={email} onChange={setEmail}
//              error={errors.email} autoComplete="email" required />
import { useId, type ReactNode, type Ref } from 'react';
import { useI18n } from '../i18n';

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: ReactNode | undefined;
  error?: string | null | undefined;
  optional?: boolean | undefined;
  /** A mark after the label, e.g. "필수" (shown only: the input's `required` is what assistive technology reads). */
  requiredMark?: string | undefined;
  children: ReactNode;
  after?: ReactNode | undefined;
  className?: string | undefined;
}

function FieldFrame({ id, label, hint, error, optional, requiredMark, children, after, className }: FieldFrameProps) {
  const { t } = useI18n();
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      {requiredMark ? (
        // The mark stays out of the label, so that the field's name is its label alone.
        <div className="field__label-row">
          <label htmlFor={id} className="field__label">
            {label}
          </label>
          <span className="badge badge--required field__required" aria-hidden="true" data-testid="required-mark">
            {requiredMark}
          </span>
        </div>
      ) : (
        <label htmlFor={id} className="field__label">
          {label}
          {optional && <span className="field__optional"> {t('form.optional')}</span>}
        </label>
      )}
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {children}
      {after}
      {error && (
        <p id={`${id}-error`} className="field__error" data-testid="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown, extra?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', extra ?? ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export interface TextFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  type?: 'text' | 'email' | 'password' | 'tel' | 'search' | 'date' | 'datetime-local';
  hint?: ReactNode;
  error?: string | null | undefined;
  required?: boolean;
  /** Marks the label "(optional)". */
  optional?: boolean;
  /** A mark after the label saying the field is required, e.g. "필수" (with `required`). */
  requiredMark?: string | undefined;
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'numeric' | 'decimal' | 'tel' | 'search';
  maxLength?: number;
  placeholder?: string;
  inputRef?: Ref<HTMLInputElement>;
  /** Shown under the input, before the error (e.g. a live check's result); named by aria-describedby. */
  after?: ReactNode;
  afterId?: string;
  multiline?: boolean;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const { label, name, value, onChange, onBlur, type = 'text', hint, error, required = false } = props;
  const common = {
    id,
    name,
    className: 'field__input',
    value,
    required,
    'aria-invalid': Boolean(error),
    'aria-describedby': describedBy(id, hint, error, props.afterId),
    onBlur,
  };
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      error={error}
      optional={props.optional}
      requiredMark={props.requiredMark}
      after={props.after}
    >
      {props.multiline ? (
        <textarea {...common} rows={3} maxLength={props.maxLength} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          ref={props.inputRef}
          type={type}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          maxLength={props.maxLength}
          placeholder={props.placeholder}
          spellCheck={type === 'text' ? undefined : false}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FieldFrame>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: SelectOption[];
  /** The first, empty choice ("choose…" or "all"). */
  placeholder?: string;
  hint?: ReactNode;
  error?: string | null | undefined;
  required?: boolean;
  optional?: boolean;
  requiredMark?: string | undefined;
  disabled?: boolean;
}

export function SelectField(props: SelectFieldProps) {
  const id = useId();
  const { label, name, value, onChange, options, placeholder, hint, error, required = false } = props;
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      error={error}
      optional={props.optional}
      requiredMark={props.requiredMark}
    >
      <select
        id={id}
        name={name}
        className="field__input field__select"
        value={value}
        required={required}
        disabled={props.disabled}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export interface CheckboxGroupProps {
  legend: string;
  name: string;
  options: { value: string; label: string; hint?: string }[];
  values: string[];
  onChange: (values: string[]) => void;
  error?: string | null | undefined;
  hint?: ReactNode;
}

export function CheckboxGroup({ legend, name, options, values, onChange, error, hint }: CheckboxGroupProps) {
  const id = useId();
  return (
    <fieldset
      className={error ? 'field field--group field--invalid' : 'field field--group'}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend className="field__label">{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <div className="checks">
        {options.map((o) => {
          const checked = values.includes(o.value);
          return (
            <label key={o.value} className="check">
              <input
                type="checkbox"
                name={name}
                value={o.value}
                checked={checked}
                onChange={() => onChange(checked ? values.filter((v) => v !== o.value) : [...values, o.value])}
              />
              <span>
                <span className="check__label">{o.label}</span>
                {o.hint && <span className="check__hint">{o.hint}</span>}
              </span>
            </label>
          );
        })}
      </div>
      {error && (
        <p id={`${id}-error`} className="field__error" data-testid="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function ErrorBanner({ children, testId = 'form-error' }: { children: ReactNode; testId?: string }) {
  return (
    <div className="banner banner--error" role="alert" data-testid={testId}>
      <p>{children}</p>
    </div>
  );
}

export function SuccessBanner({ children, testId = 'form-success' }: { children: ReactNode; testId?: string }) {
  return (
    <div className="banner banner--ok" role="status" data-testid={testId}>
      <div>{children}</div>
    </div>
  );
}

export function SubmitButton({
  sending,
  label,
  sendingLabel,
}: {
  sending: boolean;
  label: string;
  sendingLabel: string;
}) {
  return (
    <button type="submit" className="button" disabled={sending} aria-disabled={sending}>
      {sending ? sendingLabel : label}
    </button>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('a11y.loading')}
    </p>
  );
}
