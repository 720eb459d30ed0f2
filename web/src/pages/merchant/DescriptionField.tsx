// A product's description: Markdown typed on the left (above, on a phone), shown on the right as the
// portal's product page shows it, by the same renderer (pages/portal/Markdown.tsx: markdown-it with
// `html: false`, so HTML typed in the text is shown as text and never reaches the page as markup).
import { useId, useMemo } from 'react';
import { useI18n } from '../../i18n';
import { renderMarkdown } from '../portal/Markdown';

interface DescriptionFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  maxLength: number;
}

export function DescriptionField({ label, value, onChange, error, maxLength }: DescriptionFieldProps) {
  const { t } = useI18n();
  const id = useId();
  const html = useMemo(() => (value.trim() === '' ? '' : renderMarkdown(value)), [value]);
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field--invalid markdown-field' : 'field markdown-field'}>
      <label htmlFor={id} className="field__label">
        {label}
        <span className="field__optional"> {t('form.optional')}</span>
      </label>
      <p id={`${id}-hint`} className="field__hint">
        {t('products.description.hint')}
      </p>
      <div className="markdown-field__panes">
        <textarea
          id={id}
          name="description"
          className="field__input markdown-field__source"
          rows={10}
          value={value}
          maxLength={maxLength}
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
        <section className="markdown-field__preview" aria-label={t('products.description.preview')}>
          <p className="markdown-field__preview-title" aria-hidden="true">
            {t('products.description.preview')}
          </p>
          {html === '' ? (
            <p className="muted">{t('products.description.previewEmpty')}</p>
          ) : (
            // Safe: markdown-it with html:false escapes every tag typed; what is inserted is its own markup.
            <div className="markdown" data-testid="description-preview" dangerouslySetInnerHTML={{ __html: html }} />
          )}
        </section>
      </div>
      {error && (
        <p id={`${id}-error`} className="field__error" data-testid="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
