// Turns a failed call into words: the problem's reason and each field error's code have our own
// Korean and English text (keys `reason.<reason>` and `field.<code>` in the catalogs); an unknown one
// falls back to the server's English sentence.
//
//   const describe = useDescribeError();
//   const { banner, fields } = describe(error, ['email', 'password']);
//   <TextField error={fields.email} ... />   {banner && <ErrorBanner>{banner}</ErrorBanner>}
import { useCallback, useRef } from 'react';
import { isApiError, type FieldError } from './api';
import { useFormat } from './format';
import { isMessageKey, useI18n } from './i18n';

/** A failed call kept in state as it came, to be put in words while rendering. */
export interface Failure {
  error: unknown;
}

export interface DescribedError {
  /** Text for the form as a whole, or null when every problem belongs to a field shown. */
  banner: string | null;
  /** Text per field name, for the fields of the form. */
  fields: Record<string, string>;
}

// Conflicts that the server names by reason: shown at their field when the answer lists no field.
const REASON_FIELD: Record<string, string> = {
  email_taken: 'email',
  mobile_taken: 'mobile',
  business_number_taken: 'business_number',
  wrong_password: 'current_password',
};

/**
 * A function whose identity never changes but which always runs the latest `fn`: effects that load
 * data may use it without loading again when the language changes.
 */
function useStable<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  // Updated while rendering, so that a render after a language change already speaks the new one.
  latest.current = fn;
  return useCallback((...args: A) => latest.current(...args), []);
}

export function useDescribeError() {
  const { t } = useI18n();
  const format = useFormat();

  const fieldText = useCallback(
    (error: FieldError): string => {
      const key = error.code ? `field.${error.code}` : '';
      return isMessageKey(key) ? t(key) : error.message;
    },
    [t],
  );

  const problemText = useCallback(
    (error: unknown): string => {
      if (!isApiError(error)) return t('error.unexpected');
      if (error.kind === 'network') return t('error.network');
      if (error.status === 429 || (error.status === 503 && error.retryAfter !== null)) {
        const wait = error.retryAfter ?? 60;
        return t(error.status === 429 ? 'error.rateLimited' : 'error.unavailable', {
          duration: format.duration(wait),
          time: format.timeIn(wait),
        });
      }
      const reason = error.reason;
      const key = reason ? `reason.${reason}` : '';
      if (isMessageKey(key)) return t(key);
      if (error.status >= 500) return t('error.server', { status: error.status });
      return error.problem?.detail || error.problem?.title || t('error.status', { status: error.status });
    },
    [t, format],
  );

  const describe = useCallback(
    (error: unknown, formFields: readonly string[] = []): DescribedError => {
      const fields: Record<string, string> = {};
      const others: string[] = [];
      if (isApiError(error)) {
        for (const fe of error.fieldErrors) {
          // A field is named by a JSON path; the form's names are its first part ("scopes[1]" → "scopes").
          const name = fe.field.split(/[.[]/)[0] ?? fe.field;
          if (formFields.includes(name)) {
            if (!(name in fields)) fields[name] = fieldText(fe);
          } else {
            others.push(fieldText(fe));
          }
        }
        const reason = error.reason;
        const at = reason ? REASON_FIELD[reason] : undefined;
        if (Object.keys(fields).length === 0 && others.length === 0 && at && formFields.includes(at)) {
          fields[at] = problemText(error);
        }
      }
      let banner: string | null = null;
      if (Object.keys(fields).length === 0) {
        banner = problemText(error);
        if (others.length > 0) banner = `${banner} ${others.join(' ')}`;
      } else if (others.length > 0) {
        banner = `${t('form.checkFields')} ${others.join(' ')}`;
      } else {
        banner = t('form.checkFields');
      }
      return { banner, fields };
    },
    [fieldText, problemText, t],
  );
  return useStable(describe);
}

/**
 * The words for one failed call, for places without fields (a list that failed to load, a button).
 * Keep the error itself in state and call this while rendering, so that the words follow the language.
 */
export function useProblemText(): (error: unknown) => string {
  const describe = useDescribeError();
  return useCallback((error: unknown) => describe(error).banner ?? '', [describe]);
}
