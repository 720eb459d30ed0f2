import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  getDistricts,
  getIndustries,
  listOperatorMerchants,
  type CodeName,
  type Merchant,
  type MerchantStatus,
} from '../../api';
import { StatusBadge, Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useProblemText, type Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { ConsoleHeader } from './Console';

export const STATUSES: MerchantStatus[] = ['applied', 'approved', 'rejected', 'suspended', 'closed'];
const PAGE_SIZE = 20;

interface Filter {
  status: string; // '' for every status
  district: string;
  industry: string;
  q: string;
}

function readFilter(params: URLSearchParams): Filter {
  const status = params.get('status');
  return {
    // No status in the address means the default, the applications waiting; "all" means every status.
    status: status === null ? 'applied' : status === 'all' ? '' : status,
    district: params.get('district') ?? '',
    industry: params.get('industry') ?? '',
    q: params.get('q') ?? '',
  };
}

function writeFilter(filter: Filter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status !== 'applied') params.set('status', filter.status === '' ? 'all' : filter.status);
  if (filter.district) params.set('district', filter.district);
  if (filter.industry) params.set('industry', filter.industry);
  if (filter.q.trim()) params.set('q', filter.q.trim());
  return params;
}

type Results =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: Merchant[]; next: string | null; loadingMore: boolean; moreError: Failure | null };

export function Applications() {
  const { t } = useI18n();
  useDocumentTitle(t('console.applications.title'));
  const f = useFormat();
  const problemText = useProblemText();
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const filterKey = writeFilter(filter).toString();
  const [draftQ, setDraftQ] = useState(filter.q);
  const [districts, setDistricts] = useState<CodeName[]>([]);
  const [industries, setIndustries] = useState<CodeName[]>([]);
  const [results, setResults] = useState<Results>({ kind: 'loading' });

  useEffect(() => {
    getDistricts().then(
      (d) => setDistricts(d.items),
      () => setDistricts([]),
    );
    getIndustries().then(
      (i) => setIndustries(i.items),
      () => setIndustries([]),
    );
  }, []);

  useEffect(() => setDraftQ(filter.q), [filter.q]);

  useEffect(() => {
    const controller = new AbortController();
    setResults({ kind: 'loading' });
    const current = readFilter(new URLSearchParams(filterKey));
    listOperatorMerchants({ ...current, limit: PAGE_SIZE }, controller.signal).then(
      (page) =>
        setResults({ kind: 'ready', items: page.items, next: page.next_cursor, loadingMore: false, moreError: null }),
      (e: unknown) => {
        if (!controller.signal.aborted) setResults({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [filterKey]);

  const loadMore = useCallback(async () => {
    if (results.kind !== 'ready' || results.next === null) return;
    const cursor = results.next;
    setResults({ ...results, loadingMore: true, moreError: null });
    try {
      const page = await listOperatorMerchants({
        ...readFilter(new URLSearchParams(filterKey)),
        cursor,
        limit: PAGE_SIZE,
      });
      setResults((old) =>
        old.kind === 'ready'
          ? {
              kind: 'ready',
              items: [...old.items, ...page.items],
              next: page.next_cursor,
              loadingMore: false,
              moreError: null,
            }
          : old,
      );
    } catch (e) {
      setResults((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }, [results, filterKey]);

  const apply = (change: Partial<Filter>) => setParams(writeFilter({ ...filter, ...change }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply({ q: draftQ });
  }

  return (
    <div className="page page--console">
      <ConsoleHeader title={<h1>{t('console.applications.title')}</h1>} />
      <form className="filters card" role="search" aria-label={t('console.filter.label')} onSubmit={onSubmit}>
        <SelectField
          label={t('console.filter.status')}
          name="status"
          value={filter.status}
          onChange={(status) => apply({ status })}
          options={[
            { value: '', label: t('console.filter.allStatuses') },
            ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
        <SelectField
          label={t('console.filter.district')}
          name="district"
          value={filter.district}
          onChange={(district) => apply({ district })}
          placeholder={t('console.filter.all')}
          options={districts.map((d) => ({ value: d.code, label: f.local(d.name) }))}
        />
        <SelectField
          label={t('console.filter.industry')}
          name="industry"
          value={filter.industry}
          onChange={(industry) => apply({ industry })}
          placeholder={t('console.filter.all')}
          options={industries.map((i) => ({ value: i.code, label: f.local(i.name) }))}
        />
        <div className="filters__search">
          <TextField
            label={t('console.filter.q')}
            name="q"
            type="search"
            value={draftQ}
            onChange={setDraftQ}
            hint={t('console.filter.qHint')}
            maxLength={100}
            inputMode="search"
          />
          <button type="submit" className="button">
            {t('console.filter.submit')}
          </button>
        </div>
      </form>

      {results.kind === 'loading' && <Loading />}
      {results.kind === 'error' && <ErrorBanner testId="list-error">{problemText(results.error)}</ErrorBanner>}
      {results.kind === 'ready' && results.items.length === 0 && (
        <p className="empty card" data-testid="no-results">
          {t('console.applications.empty')}
        </p>
      )}
      {results.kind === 'ready' && results.items.length > 0 && (
        <>
          <p className="list-count" role="status">
            {t('console.applications.count', { n: results.items.length })}
          </p>
          <div className="table-wrap">
            <table className="table table--stack" data-testid="applications">
              <thead>
                <tr>
                  <th scope="col">{t('merchant.name')}</th>
                  <th scope="col">{t('merchant.businessNumber')}</th>
                  <th scope="col">{t('merchant.industry')}</th>
                  <th scope="col">{t('merchant.district')}</th>
                  <th scope="col">{t('merchant.representative')}</th>
                  <th scope="col">{t('merchant.appliedAt')}</th>
                  <th scope="col">{t('merchant.status')}</th>
                </tr>
              </thead>
              <tbody>
                {results.items.map((m) => (
                  <tr key={m.id} data-testid="application" data-merchant-id={m.id}>
                    <th scope="row" data-label={t('merchant.name')}>
                      <Link
                        to={`/operator/applications/${encodeURIComponent(m.id)}`}
                        state={{ back: `?${params.toString()}` }}
                      >
                        {f.local(m.name)}
                      </Link>
                    </th>
                    <td data-label={t('merchant.businessNumber')} className="num">
                      {m.business_number_formatted}
                    </td>
                    <td data-label={t('merchant.industry')}>{f.local(m.industry.name)}</td>
                    <td data-label={t('merchant.district')}>{f.local(m.district.name)}</td>
                    <td data-label={t('merchant.representative')}>{m.representative}</td>
                    <td data-label={t('merchant.appliedAt')}>
                      <Time iso={m.created_at} />
                    </td>
                    <td data-label={t('merchant.status')}>
                      <StatusBadge status={m.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {results.moreError && <ErrorBanner testId="more-error">{problemText(results.moreError.error)}</ErrorBanner>}
          {results.next !== null && (
            <div className="more">
              <button
                type="button"
                className="button button--quiet"
                disabled={results.loadingMore}
                onClick={() => void loadMore()}
              >
                {results.loadingMore ? t('a11y.loading') : t('console.applications.more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
