// The back office's imports of legacy records (docs/legacy-import.md), under the counter's menu:
// /merchant/:merchantId/pos/imports (과거 판매 가져오기: a shop's past counter sales) and
// /merchant/:merchantId/pos/member-imports (회원 명단 가져오기: the membership list). Both work alike:
// choose the file (and, for sales, the shop they were made at) and its encoding; "check" sends it as a
// dry run, which writes nothing and reports what an import would do and every bad row; "import" sends
// the same file again. An import is a background job at the server: while it is queued or running it
// is polled every 500 ms and shown as a progress bar. A file that cannot be read at all is refused at
// once with every missing column named. A second import of the same file skips what is there and
// says so. The merchant's last imports are listed below (owners and staff alike).
import { useCallback, useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import {
  getLegacyImport,
  getPortalConfig,
  isApiError,
  listLegacyImports,
  startLegacyImport,
  type CsvEncoding,
  type ImportRowError,
  type LegacyImportJob,
  type LegacyImportKind,
  type MemberImportSummary,
  type SalesImportSummary,
} from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useProblemText, type Failure } from '../../errors';
import { useFormat } from '../../format';
import { isMessageKey, useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { useLocationName, useLocations } from './inventoryBits';
import { chosenShop } from './posStore';

const POLL_MS = 500;
// The list of recent imports is asked again this often while one of them is still queued or running
// (e.g. one started before the page was reloaded).
const LIST_POLL_MS = 2_000;

type UploadEncoding = 'auto' | CsvEncoding;
type Need = 'required' | 'optional' | 'codeOrTitle';

interface Column {
  name: string;
  korean: string[];
  need: Need;
}

// The columns a file may have, as docs/legacy-import.md lists them: English or Korean headers, any order.
const COLUMNS: Record<LegacyImportKind, Column[]> = {
  pos_sales: [
    { name: 'receipt_no', korean: ['영수증번호', '영수증', '전표번호', '거래번호'], need: 'required' },
    { name: 'sold_at', korean: ['판매일시', '판매일자', '거래일시', '일시'], need: 'required' },
    { name: 'kind', korean: ['구분', '거래구분'], need: 'optional' },
    { name: 'code', korean: ['상품코드', '바코드', '코드', 'sku'], need: 'codeOrTitle' },
    { name: 'title', korean: ['상품명', '품명'], need: 'codeOrTitle' },
    { name: 'quantity', korean: ['수량'], need: 'required' },
    { name: 'unit_price', korean: ['단가', '판매단가'], need: 'required' },
    { name: 'discount', korean: ['할인', '할인금액'], need: 'optional' },
    { name: 'amount', korean: ['금액', '판매금액', '합계'], need: 'optional' },
    { name: 'payment_method', korean: ['결제수단', '결제방법'], need: 'optional' },
    { name: 'customer_phone', korean: ['고객전화', '휴대폰', '전화번호', '연락처'], need: 'optional' },
    { name: 'card_no', korean: ['회원카드', '카드번호', '회원번호'], need: 'optional' },
    { name: 'cashier', korean: ['판매자', '담당자', '직원'], need: 'optional' },
  ],
  members: [
    { name: 'card_no', korean: ['회원번호', '회원카드', '카드번호'], need: 'required' },
    { name: 'name', korean: ['이름', '성명', '고객명'], need: 'required' },
    { name: 'phone', korean: ['휴대폰', '전화번호', '연락처'], need: 'optional' },
    { name: 'email', korean: ['이메일', '메일'], need: 'optional' },
    { name: 'birth_date', korean: ['생년월일', '생일'], need: 'optional' },
    { name: 'postal_code', korean: ['우편번호'], need: 'optional' },
    { name: 'address', korean: ['주소'], need: 'optional' },
    { name: 'points', korean: ['포인트', '적립금'], need: 'optional' },
    { name: 'joined_on', korean: ['가입일', '가입일자'], need: 'optional' },
    { name: 'note', korean: ['메모', '비고'], need: 'optional' },
  ],
};

/** The key of a kind's own texts: `legacy.sales.*` or `legacy.members.*`. */
const textOf = (kind: LegacyImportKind) => (kind === 'pos_sales' ? 'sales' : 'members');

const running = (job: LegacyImportJob | null): boolean =>
  job !== null && (job.status === 'queued' || job.status === 'running');

const salesSummary = (job: LegacyImportJob) => job.summary as SalesImportSummary | null;
const membersSummary = (job: LegacyImportJob) => job.summary as MemberImportSummary | null;

/** The rows an import writes (in a dry run: would write), and those it skips as already there. */
function newAndAlready(job: LegacyImportJob): { fresh: number; already: number; bad: number } | null {
  if (!job.summary) return null;
  if (job.kind === 'pos_sales') {
    const s = salesSummary(job)!;
    return { fresh: s.sales_imported, already: s.sales_already, bad: s.bad_rows };
  }
  const s = membersSummary(job)!;
  return { fresh: s.imported, already: s.already, bad: s.bad_rows };
}

interface LegacyText {
  /** A bad row's problem, by its code: the import's own words, then the app's, then the server's. */
  issue: (issue: Pick<ImportRowError, 'code' | 'message' | 'field'>) => string;
  /** A failed start (a file refused whole, a full queue, …) in words. */
  problem: (error: unknown) => { head: string; details: string[] };
  /** Why a job failed. */
  failure: (error: { reason: string; message: string } | null) => string;
}

function useLegacyText(kind: LegacyImportKind): LegacyText {
  const { t } = useI18n();
  const problemText = useProblemText();
  const koreanOf = useCallback(
    (field: string) => COLUMNS[kind].find((c) => c.name === field)?.korean[0] ?? null,
    [kind],
  );
  const issue = useCallback(
    (e: Pick<ImportRowError, 'code' | 'message' | 'field'>) => {
      for (const key of [`legacy.code.${e.code}`, `field.${e.code}`]) {
        if (e.code && isMessageKey(key)) return t(key, { field: e.field, korean: koreanOf(e.field) ?? e.field });
      }
      return e.message;
    },
    [t, koreanOf],
  );
  const problem = useCallback(
    (error: unknown) => {
      if (isApiError(error) && error.kind === 'http') {
        const reason = error.reason ?? '';
        const key = `legacy.reason.${reason}`;
        if (isMessageKey(key)) {
          return {
            head: t(key),
            // Each names its column where it has one (a missing column, one named twice).
            details: error.fieldErrors.map((fe) => issue({ ...fe, code: fe.code ?? '' })),
          };
        }
        if (error.status === 413) return { head: t('legacy.reason.too_large'), details: [] };
      }
      return { head: problemText(error), details: [] };
    },
    [t, issue, problemText],
  );
  const failure = useCallback(
    (error: { reason: string; message: string } | null) => {
      if (!error) return t('legacy.failed.unknown');
      const key = `legacy.failed.${error.reason}`;
      return isMessageKey(key) ? t(key) : error.message || error.reason;
    },
    [t],
  );
  return useMemo(() => ({ issue, problem, failure }), [issue, problem, failure]);
}

/** The columns a file may have, folded under the upload form. */
function ColumnHelp({ kind }: { kind: LegacyImportKind }) {
  const { t } = useI18n();
  const k = textOf(kind);
  const columnText = (name: string) => {
    const key = `legacy.${k}.col.${name}`;
    return isMessageKey(key) ? t(key) : '';
  };
  return (
    <details className="legacy-help" data-testid="legacy-columns">
      <summary>{t('legacy.help.summary')}</summary>
      <p className="muted">{t(`legacy.${k}.help`)}</p>
      <div className="table-wrap">
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">{t('legacy.help.column')}</th>
              <th scope="col">{t('legacy.help.korean')}</th>
              <th scope="col">{t('legacy.help.need')}</th>
              <th scope="col">{t('legacy.help.what')}</th>
            </tr>
          </thead>
          <tbody>
            {COLUMNS[kind].map((c) => (
              <tr key={c.name}>
                <th scope="row" data-label={t('legacy.help.column')}>
                  <code>{c.name}</code>
                </th>
                <td data-label={t('legacy.help.korean')}>{c.korean.join(', ')}</td>
                <td data-label={t('legacy.help.need')}>{t(`legacy.need.${c.need}`)}</td>
                <td data-label={t('legacy.help.what')}>{columnText(c.name)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Progress({ job }: { job: LegacyImportJob }) {
  const { t } = useI18n();
  const f = useFormat();
  const label = t(
    job.status === 'queued'
      ? 'legacy.progress.queued'
      : job.dry_run
        ? 'legacy.progress.checking'
        : 'legacy.progress.importing',
  );
  const known = job.total_rows > 0;
  const done = Math.min(job.processed_rows, job.total_rows);
  const percent = known ? Math.floor((done / job.total_rows) * 100) : 0;
  const valueText = known
    ? t('imports.progress.rows', { done: f.count(done), total: f.count(job.total_rows), percent })
    : t('imports.progress.waiting');
  const labelId = `legacy-progress-${job.id}`;
  return (
    <div className="import-progress" data-testid="legacy-progress" data-status={job.status}>
      <p className="import-progress__label" id={labelId}>
        {label}
      </p>
      {known ? (
        <progress max={job.total_rows} value={done} aria-labelledby={labelId} aria-valuetext={valueText} />
      ) : (
        <progress aria-labelledby={labelId} aria-valuetext={valueText} />
      )}
      <p className="muted" role="status" aria-live="polite" data-testid="legacy-progress-text">
        {valueText}
      </p>
    </div>
  );
}

type FigureKey =
  | 'rows'
  | 'badRows'
  | 'sales'
  | 'fresh'
  | 'salesAlready'
  | 'salesLeftOut'
  | 'lines'
  | 'amount'
  | 'unmatched'
  | 'period'
  | 'membersAlready'
  | 'membersChanged'
  | 'encoding';

/** The figures of a finished import (or check), as a list of what and how many. */
function Figures({ job }: { job: LegacyImportJob }) {
  const { t } = useI18n();
  const f = useFormat();
  const rows: { key: FigureKey; label: string; value: string }[] = [];
  const add = (key: FigureKey, value: string) =>
    rows.push({
      key,
      label: t(job.dry_run && key === 'fresh' ? 'legacy.figure.freshDry' : `legacy.figure.${key}`),
      value,
    });
  if (job.kind === 'pos_sales') {
    const s = salesSummary(job);
    if (!s) return null;
    add('rows', f.count(s.rows));
    add('badRows', f.count(s.bad_rows));
    add('sales', f.count(s.sales));
    add('fresh', f.count(s.sales_imported));
    add('salesAlready', f.count(s.sales_already));
    add('salesLeftOut', f.count(s.sales_left_out));
    add('lines', f.count(s.lines_imported));
    add('amount', f.won(s.amount_won));
    add('unmatched', f.count(s.unmatched_codes));
    if (s.first_sold_at && s.last_sold_at) add('period', `${f.date(s.first_sold_at)} – ${f.date(s.last_sold_at)}`);
  } else {
    const s = membersSummary(job);
    if (!s) return null;
    add('rows', f.count(s.rows));
    add('badRows', f.count(s.bad_rows));
    add('fresh', f.count(s.imported));
    add('membersAlready', f.count(s.already));
    add('membersChanged', f.count(s.changed));
  }
  const encoding = job.summary?.encoding ?? job.encoding;
  if (encoding) add('encoding', encoding.toUpperCase());
  return (
    <dl className="legacy-figures" data-testid="legacy-figures">
      {rows.map((r) => (
        <div key={r.key} data-figure={r.key}>
          <dt>{r.label}</dt>
          <dd className="num">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every listed bad row: its line, column and problem; "N more" when the server kept only the first. */
function Issues({ job, text }: { job: LegacyImportJob; text: LegacyText }) {
  const { t } = useI18n();
  const f = useFormat();
  const issues = job.issues ?? [];
  if (issues.length === 0) return null;
  const more = Math.max(0, job.issues_total - issues.length);
  return (
    <div className="import-report">
      <h4>{t('legacy.issues.title', { n: f.count(job.issues_total) })}</h4>
      <div className="table-wrap">
        <table className="table table--stack" data-testid="legacy-issues">
          <thead>
            <tr>
              <th scope="col">{t('imports.report.line')}</th>
              <th scope="col">{t('imports.report.field')}</th>
              <th scope="col">{t('imports.report.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((e, i) => (
              <tr
                key={`${e.line}-${e.field}-${i}`}
                data-testid="legacy-issue"
                data-line={e.line}
                data-field={e.field}
                data-code={e.code}
              >
                <th scope="row" data-label={t('imports.report.line')} className="num">
                  {t('imports.report.lineN', { n: e.line })}
                </th>
                <td data-label={t('imports.report.field')}>{e.field ? <code>{e.field}</code> : '—'}</td>
                <td data-label={t('imports.report.reason')} data-testid="legacy-issue-reason">
                  {text.issue(e)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 && (
        <p className="field__hint" data-testid="legacy-issues-more">
          {t('legacy.issues.more', { n: f.count(more) })}
        </p>
      )}
    </div>
  );
}

/** A finished check or import: what it did (or would do), what it skipped, its bad rows, or why it failed. */
function Outcome({
  job,
  text,
  testId,
  journal,
}: {
  job: LegacyImportJob;
  text: LegacyText;
  testId: string;
  journal: string | null;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const k = textOf(job.kind);
  if (job.status === 'failed') {
    return (
      <div className="import-result" data-testid={testId} data-status="failed">
        <div className="banner banner--error" role="alert" data-testid="legacy-failed">
          <p>{t(job.dry_run ? 'legacy.failed.check' : 'legacy.failed.import')}</p>
          <p data-testid="legacy-failed-reason">{text.failure(job.error)}</p>
        </div>
        <Issues job={job} text={text} />
      </div>
    );
  }
  const counts = newAndAlready(job);
  if (!counts) return null;
  const mode = job.dry_run ? 'dry' : 'done';
  return (
    <div className="import-result" data-testid={testId} data-status={job.status} data-dry-run={String(job.dry_run)}>
      {/* Bad rows left out are worth a second look: a warning, not a plain success. */}
      <div
        className={counts.bad > 0 ? 'banner banner--warning' : 'banner banner--ok'}
        role="status"
        data-testid="legacy-outcome"
      >
        <div>
          <p data-testid="legacy-headline">
            {counts.fresh > 0
              ? t(`legacy.${k}.${mode}`, { n: f.count(counts.fresh) })
              : t(`legacy.${k}.${mode}Nothing`)}
          </p>
          {counts.already > 0 && (
            <p data-testid="legacy-already">{t(`legacy.${k}.already.${mode}`, { n: f.count(counts.already) })}</p>
          )}
          {counts.bad > 0 && (
            <p data-testid="legacy-bad">{t(`legacy.${k}.bad.${mode}`, { n: f.count(counts.bad) })}</p>
          )}
          {job.dry_run && <p className="muted">{t('legacy.dry.nothingWritten')}</p>}
          {!job.dry_run && journal && counts.fresh > 0 && (
            <Link to={journal} className="button button--small" data-testid="legacy-to-journal">
              {t('legacy.sales.toJournal')}
            </Link>
          )}
        </div>
      </div>
      <Figures job={job} />
      <Issues job={job} text={text} />
    </div>
  );
}

/** Polls `job` every 500 ms while it is queued or running; `onChange` gets each new state. */
function usePolledJob(
  merchantId: string,
  job: LegacyImportJob | null,
  onChange: (job: LegacyImportJob) => void,
): { pollError: Failure | null; retry: () => void } {
  const [pollError, setPollError] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!job || !running(job)) return undefined;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      getLegacyImport(merchantId, job.kind, job.id, controller.signal).then(
        (next) => {
          setPollError(null);
          onChange(next);
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
  }, [merchantId, job, onChange, attempt]);
  const retry = useCallback(() => {
    setPollError(null);
    setAttempt((n) => n + 1);
  }, []);
  return { pollError, retry };
}

interface ShopOption {
  value: string;
  label: string;
}

function Upload({
  kind,
  merchantId,
  shops,
  onFinished,
}: {
  kind: LegacyImportKind;
  merchantId: string;
  /** The open locations to choose from (past sales only). */
  shops: ShopOption[];
  onFinished: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useLegacyText(kind);
  const problemText = useProblemText();
  const fileId = useId();
  const k = textOf(kind);
  const sales = kind === 'pos_sales';
  const [shopId, setShopId] = useState(() => {
    const remembered = chosenShop(merchantId);
    if (remembered && shops.some((s) => s.value === remembered)) return remembered;
    return shops.length === 1 ? shops[0]!.value : '';
  });
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<UploadEncoding>('auto');
  const [check, setCheck] = useState<LegacyImportJob | null>(null);
  const [apply, setApply] = useState<LegacyImportJob | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [shopError, setShopError] = useState<string | null>(null);
  const [maxBytes, setMaxBytes] = useState<number | null>(null);

  useEffect(() => {
    getPortalConfig().then(
      (c) => setMaxBytes(c.csv_max_bytes),
      () => setMaxBytes(null),
    );
  }, []);

  const job = apply ?? check;
  const onJob = useCallback(
    (next: LegacyImportJob) => {
      const set = next.dry_run ? setCheck : setApply;
      set((old) => (old && old.id === next.id ? next : old));
      if (!running(next)) onFinished();
    },
    [onFinished],
  );
  const { pollError, retry } = usePolledJob(merchantId, job, onJob);

  function reset() {
    setCheck(null);
    setApply(null);
    setError(null);
  }

  async function start(dryRun: boolean) {
    let ok = true;
    if (sales && !shopId) {
      setShopError(t('legacy.upload.chooseShop'));
      ok = false;
    }
    if (!file) {
      setFileError(t('imports.upload.chooseFile'));
      ok = false;
    } else if (file.size === 0) {
      setFileError(t('imports.upload.empty'));
      ok = false;
    } else if (maxBytes !== null && file.size > maxBytes) {
      setFileError(t('imports.upload.tooLarge', { max: f.count(Math.floor(maxBytes / (1024 * 1024))) }));
      ok = false;
    }
    if (!ok || !file) return;
    setFileError(null);
    setShopError(null);
    setError(null);
    setStarting(true);
    try {
      const started = await startLegacyImport(merchantId, kind, file, {
        dryRun,
        encoding,
        ...(sales ? { locationId: shopId } : {}),
      });
      if (dryRun) {
        setApply(null);
        setCheck(started);
      } else {
        setApply(started);
      }
      onFinished();
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
  const canImport = checked && check.status === 'succeeded';
  const busy = starting || running(check) || running(apply);
  const described = error ? text.problem(error.error) : null;
  const journal =
    sales && apply
      ? `/merchant/${encodeURIComponent(merchantId)}/pos/sales?${new URLSearchParams({
          location_id: apply.location_id ?? shopId,
        })}`
      : null;
  const fileDescribedBy = [`${fileId}-hint`, fileError ? `${fileId}-error` : ''].filter(Boolean).join(' ');
  return (
    <section className="section card" aria-labelledby="legacy-upload">
      <h3 id="legacy-upload">{t('legacy.upload.title')}</h3>
      <p className="section__intro">{t(`legacy.${k}.uploadIntro`)}</p>
      <ColumnHelp kind={kind} />
      <form className="form" noValidate onSubmit={onSubmit} aria-busy={busy} data-testid="legacy-form">
        {sales && (
          <SelectField
            label={t('legacy.upload.shop')}
            name="location_id"
            value={shopId}
            onChange={(v) => {
              setShopId(v);
              setShopError(null);
              reset();
            }}
            placeholder={t('legacy.upload.shopPlaceholder')}
            options={shops}
            hint={t('legacy.upload.shopHint')}
            error={shopError}
            required
            disabled={busy}
          />
        )}
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
            aria-describedby={fileDescribedBy}
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
          options={(['auto', 'utf-8', 'cp949'] as const).map((e) => ({ value: e, label: t(`legacy.encoding.${e}`) }))}
          hint={t('imports.upload.encodingHint')}
          disabled={busy}
        />
        {described && (
          <div className="banner banner--error" role="alert" data-testid="legacy-start-error">
            <p>{described.head}</p>
            {described.details.length > 0 && (
              <ul className="legacy-file-problems">
                {described.details.map((d) => (
                  <li key={d} data-testid="legacy-file-problem">
                    {d}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="form__actions">
          <button type="submit" className="button" disabled={busy} data-testid="legacy-check">
            {starting && !check ? t('common.sending') : t('legacy.upload.check')}
          </button>
        </div>
      </form>

      {job && running(job) && <Progress job={job} />}
      {pollError && (
        <div className="banner banner--error" role="alert" data-testid="poll-error">
          <p>{problemText(pollError.error)}</p>
          <button type="button" className="button button--secondary" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {checked && !apply && (
        <>
          <Outcome job={check} text={text} testId="legacy-check-result" journal={null} />
          {canImport && (
            <div className="form__actions">
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void start(false)}
                data-testid="legacy-import"
              >
                {starting ? t('common.sending') : t(`legacy.${k}.import`)}
              </button>
            </div>
          )}
        </>
      )}

      {apply && !running(apply) && (
        <Outcome job={apply} text={text} testId="legacy-import-result" journal={journal} />
      )}
    </section>
  );
}

function StatusBadge({ job }: { job: LegacyImportJob }) {
  const { t } = useI18n();
  const tone: Record<LegacyImportJob['status'], string> = {
    queued: 'badge--applied',
    running: 'badge--applied',
    succeeded: 'badge--approved',
    failed: 'badge--rejected',
  };
  return (
    <span className={`badge ${tone[job.status]}`} data-testid="legacy-recent-status" data-status={job.status}>
      {t(`legacy.status.${job.status}`)}
    </span>
  );
}

/** The merchant's last 20 imports of the kind, newest first; asked again after each of this page's. */
function Recent({
  kind,
  merchantId,
  version,
  shopName,
}: {
  kind: LegacyImportKind;
  merchantId: string;
  version: number;
  shopName: (id: string | null) => string;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const text = useLegacyText(kind);
  const [state, setState] = useState<
    { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; items: LegacyImportJob[] }
  >({ kind: 'loading' });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    listLegacyImports(merchantId, kind, controller.signal).then(
      (answer) => setState({ kind: 'ready', items: answer.items }),
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, kind, version, tick]);

  const anyRunning = state.kind === 'ready' && state.items.some((j) => running(j));
  useEffect(() => {
    if (!anyRunning) return undefined;
    const timer = window.setTimeout(() => setTick((n) => n + 1), LIST_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [anyRunning, tick]);

  const sales = kind === 'pos_sales';
  return (
    <section className="section card" aria-labelledby="legacy-recent">
      <h3 id="legacy-recent">{t('legacy.recent.title')}</h3>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <ErrorBanner>{problemText(state.error)}</ErrorBanner>}
      {state.kind === 'ready' && state.items.length === 0 && (
        <p className="empty" data-testid="legacy-recent-empty">
          {t('legacy.recent.none')}
        </p>
      )}
      {state.kind === 'ready' && state.items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--stack" data-testid="legacy-recent">
            <thead>
              <tr>
                <th scope="col">{t('legacy.recent.when')}</th>
                <th scope="col">{t('legacy.recent.what')}</th>
                {sales && <th scope="col">{t('legacy.recent.shop')}</th>}
                <th scope="col">{t('legacy.recent.status')}</th>
                <th scope="col" className="num">
                  {t('legacy.recent.rows')}
                </th>
                <th scope="col">{t('legacy.recent.result')}</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((j) => {
                const counts = newAndAlready(j);
                return (
                  <tr key={j.id} data-testid="legacy-recent-row" data-job-id={j.id} data-dry-run={String(j.dry_run)}>
                    <th scope="row" data-label={t('legacy.recent.when')}>
                      <Time iso={j.created_at} />
                    </th>
                    <td data-label={t('legacy.recent.what')}>
                      {t(j.dry_run ? 'legacy.recent.check' : 'legacy.recent.import')}
                    </td>
                    {sales && <td data-label={t('legacy.recent.shop')}>{shopName(j.location_id)}</td>}
                    <td data-label={t('legacy.recent.status')}>
                      <StatusBadge job={j} />
                    </td>
                    <td data-label={t('legacy.recent.rows')} className="num">
                      {running(j)
                        ? `${f.count(Math.min(j.processed_rows, j.total_rows))} / ${f.count(j.total_rows)}`
                        : f.count(j.total_rows)}
                    </td>
                    <td data-label={t('legacy.recent.result')} data-testid="legacy-recent-result">
                      {j.status === 'failed'
                        ? text.failure(j.error)
                        : counts
                          ? t(j.dry_run ? 'legacy.recent.countsDry' : 'legacy.recent.counts', {
                              fresh: f.count(counts.fresh),
                              already: f.count(counts.already),
                              bad: f.count(counts.bad),
                            })
                          : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function LegacyImportPage({ kind }: { kind: LegacyImportKind }) {
  const { t } = useI18n();
  const { merchantId, merchantName } = useBackOffice();
  const k = textOf(kind);
  useDocumentTitle(t(`legacy.${k}.title`) + t('title.separator') + merchantName);
  const [version, setVersion] = useState(0);
  const onFinished = useCallback(() => setVersion((n) => n + 1), []);
  const { state: locations, reload } = useLocations(merchantId);
  const locationName = useLocationName();
  const problemText = useProblemText();

  const shops = useMemo(() => {
    if (locations.kind !== 'ready') return [];
    const open = locations.active;
    return [...open.filter((l) => l.kind === 'shop'), ...open.filter((l) => l.kind !== 'shop')].map((l) => ({
      value: l.id,
      label: locationName(l),
    }));
  }, [locations, locationName]);
  const shopName = useCallback(
    (id: string | null) => (id && locations.kind === 'ready' ? locationName(locations.byId.get(id)) : '—'),
    [locations, locationName],
  );

  let upload: ReactNode;
  if (kind === 'members') {
    upload = <Upload kind={kind} merchantId={merchantId} shops={[]} onFinished={onFinished} />;
  } else if (locations.kind === 'loading') {
    upload = <Loading />;
  } else if (locations.kind === 'error') {
    upload = (
      <div className="banner banner--error" role="alert">
        <p>{problemText(locations.error)}</p>
        <button type="button" className="button button--secondary" onClick={reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  } else if (shops.length === 0) {
    upload = (
      <div className="card empty-state" data-testid="legacy-no-shops">
        <p className="empty-state__title">{t('legacy.sales.noShops')}</p>
        <Link to={`/merchant/${encodeURIComponent(merchantId)}/locations`} className="button">
          {t('pos.shop.add')}
        </Link>
      </div>
    );
  } else {
    upload = <Upload kind={kind} merchantId={merchantId} shops={shops} onFinished={onFinished} />;
  }

  return (
    <div className="sections legacy-import" data-testid={`legacy-${k}`}>
      <div className="section__head">
        <h2>{t(`legacy.${k}.title`)}</h2>
      </div>
      <p className="section__intro">{t(`legacy.${k}.intro`)}</p>
      {upload}
      <Recent kind={kind} merchantId={merchantId} version={version} shopName={shopName} />
    </div>
  );
}

/** /merchant/:merchantId/pos/imports: a shop's past counter sales from its old POS or ledger. */
export function SalesImport() {
  return <LegacyImportPage kind="pos_sales" />;
}

/** /merchant/:merchantId/pos/member-imports: the membership list from the old POS or a spreadsheet. */
export function MemberImport() {
  return <LegacyImportPage kind="members" />;
}
