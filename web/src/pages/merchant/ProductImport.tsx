// /merchant/:merchantId/products/import: the catalog as CSV files. Download the template or every
// product (UTF-8, or CP949 for Korean Excel); upload a file, which is first checked (a dry run that
// changes nothing and reports every bad row with its line and reason), and only then applied, all or
// nothing. A long file shows its progress: the import is polled every 500 ms while it runs.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import {
  getPortalConfig,
  getProductImport,
  productCsvUrl,
  startProductImport,
  type CsvEncoding,
  type ProductImport as ImportJob,
} from '../../api';
import { ErrorBanner, SelectField, SuccessBanner } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { useCatalogText } from './productBits';

const POLL_MS = 500;
type UploadEncoding = 'auto' | CsvEncoding;

const running = (job: ImportJob | null) => job !== null && (job.status === 'queued' || job.status === 'running');

function Downloads({ merchantId }: { merchantId: string }) {
  const { t } = useI18n();
  const name = useId();
  const [encoding, setEncoding] = useState<CsvEncoding>('cp949');
  return (
    <section className="section card" aria-labelledby="imports-download">
      <h2 id="imports-download">{t('imports.download.title')}</h2>
      <p className="section__intro">{t('imports.download.intro')}</p>
      <fieldset className="field field--group">
        <legend className="field__label">{t('imports.download.encoding')}</legend>
        <div className="checks checks--inline">
          {(['cp949', 'utf-8'] as const).map((e) => (
            <label key={e} className="check">
              <input type="radio" name={name} value={e} checked={encoding === e} onChange={() => setEncoding(e)} />
              <span>
                <span className="check__label check__label--plain">{t(`imports.encoding.${e}`)}</span>
                <span className="check__hint">{t(`imports.encoding.${e}Hint`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="button-row">
        <a
          className="button button--quiet"
          href={productCsvUrl(merchantId, 'template', encoding)}
          download
          data-testid="download-template"
        >
          {t('imports.download.template')}
        </a>
        <a
          className="button"
          href={productCsvUrl(merchantId, 'export', encoding)}
          download
          data-testid="download-export"
        >
          {t('imports.download.export')}
        </a>
      </div>
    </section>
  );
}

function Progress({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const f = useFormat();
  const label = t(job.dry_run ? 'imports.progress.checking' : 'imports.progress.applying');
  const known = job.total_rows > 0;
  const percent = known ? Math.floor((job.processed_rows / job.total_rows) * 100) : 0;
  const valueText = known
    ? t('imports.progress.rows', { done: f.count(job.processed_rows), total: f.count(job.total_rows), percent })
    : t('imports.progress.waiting');
  return (
    <div className="import-progress" data-testid="import-progress">
      <p className="import-progress__label" id={`progress-${job.id}`}>
        {label}
      </p>
      {known ? (
        <progress
          max={job.total_rows}
          value={job.processed_rows}
          aria-labelledby={`progress-${job.id}`}
          aria-valuetext={valueText}
        />
      ) : (
        <progress aria-labelledby={`progress-${job.id}`} aria-valuetext={valueText} />
      )}
      <p className="muted" role="status" data-testid="import-progress-text">
        {valueText}
      </p>
    </div>
  );
}

function Report({ job, warnings = false }: { job: ImportJob; warnings?: boolean }) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useCatalogText();
  // The rows with problems, or (warnings) those saved with a warning: prices outside a "warn" price policy.
  const rows = warnings ? (job.warnings ?? []) : job.errors;
  if (rows.length === 0) return null;
  const row = warnings ? 'import-warning' : 'import-error';
  return (
    <div className="import-report">
      <h3>
        {warnings
          ? t('imports.warnings.title', { n: f.count(rows.length) })
          : t('imports.report.title', { n: f.count(rows.length) })}
      </h3>
      {!warnings && job.errors_truncated && (
        <p className="field__hint">{t('imports.report.truncated', { n: f.count(rows.length) })}</p>
      )}
      <div className="table-wrap">
        <table className="table table--stack" data-testid={warnings ? 'import-warnings' : 'import-errors'}>
          <thead>
            <tr>
              <th scope="col">{t('imports.report.line')}</th>
              <th scope="col">{t('imports.report.field')}</th>
              <th scope="col">{t('imports.report.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e, i) => (
              <tr key={`${e.line}-${e.field}-${i}`} data-testid={row} data-line={e.line} data-field={e.field}>
                <th scope="row" data-label={t('imports.report.line')} className="num">
                  {t('imports.report.lineN', { n: e.line })}
                </th>
                <td data-label={t('imports.report.field')}>{e.field ? <code>{e.field}</code> : '—'}</td>
                <td data-label={t('imports.report.reason')} data-testid={`${row}-reason`}>
                  {text.field(e)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Upload({ merchantId }: { merchantId: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useCatalogText();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<UploadEncoding>('auto');
  const [check, setCheck] = useState<ImportJob | null>(null);
  const [apply, setApply] = useState<ImportJob | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const [pollError, setPollError] = useState<Failure | null>(null);
  const [pollAttempt, setPollAttempt] = useState(0);
  const [fileError, setFileError] = useState<string | null>(null);
  const [maxBytes, setMaxBytes] = useState<number | null>(null);

  useEffect(() => {
    getPortalConfig().then(
      (c) => setMaxBytes(c.csv_max_bytes),
      () => setMaxBytes(null),
    );
  }, []);

  // The import being watched: the apply once it started, else the check.
  const job = apply ?? check;
  const setJob = apply ? setApply : setCheck;

  useEffect(() => {
    if (!job || !running(job)) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      getProductImport(merchantId, job.id, controller.signal).then(
        (next) => {
          setPollError(null);
          setJob(next);
        },
        (e: unknown) => {
          if (!controller.signal.aborted) setPollError({ error: e });
        },
      );
    }, POLL_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [merchantId, job, setJob, pollAttempt]);

  function reset() {
    setCheck(null);
    setApply(null);
    setError(null);
    setPollError(null);
  }

  async function start(dryRun: boolean) {
    if (!file) {
      setFileError(t('imports.upload.chooseFile'));
      return;
    }
    if (file.size === 0) {
      setFileError(t('imports.upload.empty'));
      return;
    }
    if (maxBytes !== null && file.size > maxBytes) {
      setFileError(t('imports.upload.tooLarge', { max: f.count(Math.floor(maxBytes / (1024 * 1024))) }));
      return;
    }
    setFileError(null);
    setError(null);
    setPollError(null);
    setStarting(true);
    try {
      const started = await startProductImport(merchantId, file, { dryRun, encoding });
      if (dryRun) {
        setApply(null);
        setCheck(started);
      } else {
        setApply(started);
      }
    } catch (e) {
      setError({ error: e });
    } finally {
      setStarting(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void start(true);
  }

  const checked = check !== null && !running(check);
  const checkClean = checked && check.status === 'succeeded' && check.errors.length === 0;
  const applied = apply !== null && !running(apply);
  const busy = starting || running(check) || running(apply);
  return (
    <section className="section card" aria-labelledby="imports-upload">
      <h2 id="imports-upload">{t('imports.upload.title')}</h2>
      <p className="section__intro">{t('imports.upload.intro')}</p>
      <form className="form" noValidate onSubmit={onSubmit} aria-busy={busy} data-testid="import-form">
        <div className={fileError ? 'field field--invalid' : 'field'}>
          <label htmlFor={fileId} className="field__label">
            {t('imports.upload.file')}
          </label>
          <p id={`${fileId}-hint`} className="field__hint">
            {t('imports.upload.fileHint')}
          </p>
          <input
            id={fileId}
            name="file"
            type="file"
            className="field__input field__file"
            accept=".csv,text/csv"
            aria-invalid={Boolean(fileError)}
            aria-describedby={[`${fileId}-hint`, fileError ? `${fileId}-error` : ''].filter(Boolean).join(' ')}
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFileError(null);
              reset();
            }}
          />
          {fileError && (
            <p id={`${fileId}-error`} className="field__error" data-testid="field-error">
              {fileError}
            </p>
          )}
        </div>
        <SelectField
          label={t('imports.upload.encoding')}
          name="encoding"
          value={encoding}
          onChange={(v) => {
            setEncoding(v === 'utf-8' || v === 'cp949' ? v : 'auto');
            reset();
          }}
          options={(['auto', 'utf-8', 'cp949'] as const).map((e) => ({ value: e, label: t(`imports.encoding.${e}`) }))}
          hint={t('imports.upload.encodingHint')}
          disabled={busy}
        />
        {error && <ErrorBanner testId="import-error-banner">{text.problem(error.error)}</ErrorBanner>}
        <div className="form__actions">
          <button type="submit" className="button" disabled={busy}>
            {starting && !check ? t('common.sending') : t('imports.upload.check')}
          </button>
        </div>
      </form>

      {job && running(job) && <Progress job={job} />}
      {pollError && (
        <div className="banner banner--error" role="alert" data-testid="poll-error">
          <p>{text.problem(pollError.error)}</p>
          <button type="button" className="button button--secondary" onClick={() => setPollAttempt((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {checked && !apply && (
        <div className="import-result" data-testid="check-result" data-status={check.status}>
          {checkClean ? (
            <SuccessBanner testId="check-ok">
              <p>
                {t('imports.check.ok', {
                  rows: f.count(check.total_rows),
                  created: f.count(check.created),
                  updated: f.count(check.updated),
                })}
              </p>
              <p className="muted">{t('imports.check.encoding', { encoding: check.encoding.toUpperCase() })}</p>
            </SuccessBanner>
          ) : (
            <ErrorBanner testId="check-failed">
              {t('imports.check.failed', { n: f.count(check.errors.length) })}
            </ErrorBanner>
          )}
          <Report job={check} />
          <Report job={check} warnings />
          {checkClean && (
            <div className="form__actions">
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void start(false)}
                data-testid="apply"
              >
                {starting ? t('common.sending') : t('imports.apply', { n: f.count(check.total_rows) })}
              </button>
            </div>
          )}
        </div>
      )}

      {applied && apply && (
        <div className="import-result" data-testid="apply-result" data-status={apply.status}>
          {apply.status === 'succeeded' ? (
            <SuccessBanner testId="apply-ok">
              <p>{t('imports.applied', { created: f.count(apply.created), updated: f.count(apply.updated) })}</p>
              <Link to={`/merchant/${encodeURIComponent(merchantId)}/products`} className="button button--small">
                {t('imports.toProducts')}
              </Link>
            </SuccessBanner>
          ) : (
            <ErrorBanner testId="apply-failed">
              {t('imports.applyFailed', { n: f.count(apply.errors.length) })}
            </ErrorBanner>
          )}
          <Report job={apply} />
          <Report job={apply} warnings />
        </div>
      )}
    </section>
  );
}

/** /merchant/:merchantId/products/import: CSV templates, exports and imports of the shop's catalog. */
export function ProductImport() {
  const { t } = useI18n();
  const { merchantId, merchantName } = useBackOffice();
  useDocumentTitle(t('imports.title') + t('title.separator') + merchantName);
  return (
    <div className="sections">
      <p className="page__intro">{t('imports.intro')}</p>
      <Downloads merchantId={merchantId} />
      <Upload merchantId={merchantId} />
    </div>
  );
}
