// /merchant/:merchantId/price-parity: the shop's price parity policy (GET/PUT …/price-policies) and the
// variants that break it now (GET …/price-parity/violations). Per compared list (online, business):
// no policy, equal to the shop price, or within ±X% of it (typed as a percentage with up to two
// decimals, sent as whole basis points), and whether a breaking save is warned about or refused.
// Owners change it; staff read it in a disabled fieldset. Someone else saving meanwhile (409
// version_changed) offers to load theirs. The list links each variant to the product editor and reads
// more by cursor; a page may hold fewer rows than asked (the server reads a bounded window), so "show
// more" stays while there is a cursor.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import {
  PARITY_LISTS,
  getPricePolicies,
  isApiError,
  listParityViolations,
  setPricePolicies,
  type ParityEnforcement,
  type ParityList,
  type ParityPolicy,
  type ParityViolation,
  type PricePolicies,
} from '../../api';
import { Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { formatBasisPoints, ProductStatusBadge, useCatalogText } from './productBits';

type RuleChoice = 'none' | 'equal' | 'within';

interface ListForm {
  rule: RuleChoice;
  /** The percentage as typed: "5", "2.5". */
  percent: string;
  enforcement: ParityEnforcement;
}

type Form = Record<ParityList, ListForm>;

function listFormOf(policy: ParityPolicy | null): ListForm {
  if (!policy) return { rule: 'none', percent: '', enforcement: 'warn' };
  return {
    rule: policy.rule,
    percent: policy.rule === 'within' ? String(policy.tolerance_bp / 100) : '',
    enforcement: policy.enforcement,
  };
}

function formOf(p: PricePolicies): Form {
  return { online: listFormOf(p.online), business: listFormOf(p.business) };
}

/** "5" → 500, "2.5" → 250, "0.01" → 1; null unless 0.01 to 50 with at most two decimals. */
export function basisPointsOf(text: string): number | null {
  const plain = text.trim().replace(/%$/, '').trim();
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(plain);
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp >= 1 && bp <= 5000 ? bp : null;
}

function Policy({
  list,
  value,
  onChange,
  errors,
}: {
  list: ParityList;
  value: ListForm;
  onChange: (next: ListForm) => void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="field field--group parity-list" data-testid={`parity-${list}`}>
      <legend className="field__label">{t(`parity.list.${list}`)}</legend>
      <p className="field__hint">{t(`parity.list.${list}Hint`)}</p>
      <div className="form__grid">
        <SelectField
          label={t('parity.rule')}
          name={`${list}.rule`}
          value={value.rule}
          onChange={(v) => onChange({ ...value, rule: v === 'equal' || v === 'within' ? v : 'none' })}
          options={[
            { value: 'none', label: t('parity.rule.none') },
            { value: 'equal', label: t('parity.rule.equal') },
            { value: 'within', label: t('parity.rule.within') },
          ]}
          error={errors[`${list}.rule`]}
        />
        {value.rule === 'within' && (
          <TextField
            label={t('parity.tolerance')}
            name={`${list}.tolerance_bp`}
            value={value.percent}
            onChange={(v) => onChange({ ...value, percent: v })}
            error={errors[`${list}.tolerance_bp`]}
            hint={t('parity.toleranceHint')}
            inputMode="decimal"
            maxLength={6}
            autoComplete="off"
          />
        )}
        {value.rule !== 'none' && (
          <SelectField
            label={t('parity.enforcement')}
            name={`${list}.enforcement`}
            value={value.enforcement}
            onChange={(v) => onChange({ ...value, enforcement: v === 'refuse' ? 'refuse' : 'warn' })}
            options={[
              { value: 'warn', label: t('parity.enforcement.warn') },
              { value: 'refuse', label: t('parity.enforcement.refuse') },
            ]}
            error={errors[`${list}.enforcement`]}
          />
        )}
      </div>
    </fieldset>
  );
}

type Listed =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | {
      kind: 'ready';
      items: ParityViolation[];
      cursor: string | null;
      evaluatedAt: string;
      loadingMore: boolean;
      moreError: Failure | null;
    };

function Violations({ merchantId, policies }: { merchantId: string; policies: PricePolicies }) {
  const { t, lang } = useI18n();
  const f = useFormat();
  const text = useCatalogText();
  const [listed, setListed] = useState<Listed>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const hasPolicy = policies.online !== null || policies.business !== null;

  useEffect(() => {
    if (!hasPolicy) return;
    const controller = new AbortController();
    setListed({ kind: 'loading' });
    listParityViolations(merchantId, { limit: 50 }, controller.signal).then(
      (page) =>
        setListed({
          kind: 'ready',
          items: page.items,
          cursor: page.next_cursor,
          evaluatedAt: page.evaluated_at,
          loadingMore: false,
          moreError: null,
        }),
      (e: unknown) => {
        if (!controller.signal.aborted) setListed({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
    // The policy's version: a saved policy lists again.
  }, [merchantId, hasPolicy, policies.version, attempt]);

  const more = useCallback(async () => {
    if (listed.kind !== 'ready' || listed.cursor === null) return;
    const cursor = listed.cursor;
    setListed({ ...listed, loadingMore: true, moreError: null });
    try {
      const page = await listParityViolations(merchantId, { cursor, limit: 50 });
      setListed((old) =>
        old.kind === 'ready'
          ? {
              ...old,
              items: [...old.items, ...page.items],
              cursor: page.next_cursor,
              loadingMore: false,
            }
          : old,
      );
    } catch (e) {
      setListed((old) => (old.kind === 'ready' ? { ...old, loadingMore: false, moreError: { error: e } } : old));
    }
  }, [listed, merchantId]);

  const base = `/merchant/${encodeURIComponent(merchantId)}/products`;
  return (
    <section className="section card" aria-labelledby="parity-violations-title" data-testid="parity-violations">
      <div className="section__head">
        <h2 id="parity-violations-title">{t('parity.violations.title')}</h2>
        {hasPolicy && (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => setAttempt((n) => n + 1)}
            data-testid="parity-reload"
          >
            {t('parity.violations.reload')}
          </button>
        )}
      </div>
      <p className="section__intro">{t('parity.violations.intro')}</p>
      {!hasPolicy ? (
        <p className="muted" data-testid="parity-no-policy">
          {t('parity.violations.noPolicy')}
        </p>
      ) : listed.kind === 'loading' ? (
        <Loading />
      ) : listed.kind === 'error' ? (
        <div className="banner banner--error" role="alert" data-testid="violations-error">
          <p>{text.problem(listed.error)}</p>
          <button type="button" className="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      ) : (
        <>
          <p className="muted" data-testid="parity-evaluated">
            {t('parity.violations.evaluated', { time: f.dateTime(listed.evaluatedAt) })}
          </p>
          {listed.items.length === 0 && listed.cursor === null ? (
            <p data-testid="parity-none">{t('parity.violations.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table table--stack" data-testid="violations">
                <thead>
                  <tr>
                    <th scope="col">{t('parity.violations.product')}</th>
                    <th scope="col">{t('parity.violations.list')}</th>
                    <th scope="col">{t('parity.violations.price')}</th>
                    <th scope="col">{t('parity.violations.shop')}</th>
                    <th scope="col">{t('parity.violations.range')}</th>
                    <th scope="col">{t('parity.violations.difference')}</th>
                  </tr>
                </thead>
                <tbody>
                  {listed.items.flatMap((v) =>
                    v.breaches.map((b) => {
                      const english = lang === 'en' && v.title_en !== '';
                      return (
                        <tr
                          key={`${v.variant_id}-${b.price_list}`}
                          data-testid="violation"
                          data-sku={v.sku}
                          data-list={b.price_list}
                        >
                          <th scope="row" data-label={t('parity.violations.product')}>
                            <Link to={`${base}/${encodeURIComponent(v.product_id)}`} data-testid="violation-product">
                              {english ? v.title_en : v.title_ko}
                            </Link>{' '}
                            <ProductStatusBadge status={v.status} />
                            <span className="muted">
                              {' '}
                              <code>{v.sku}</code>
                            </span>
                          </th>
                          <td data-label={t('parity.violations.list')}>{t(`parity.list.${b.price_list}`)}</td>
                          <td data-label={t('parity.violations.price')} className="num" data-testid="violation-price">
                            {f.won(b.price_won)}
                            {b.price_source === 'sale' && (
                              <span className="muted"> ({t('parity.violations.sale')})</span>
                            )}
                          </td>
                          <td data-label={t('parity.violations.shop')} className="num">
                            {f.won(b.shop_price_won)}
                            {b.shop_price_source === 'sale' && (
                              <span className="muted"> ({t('parity.violations.sale')})</span>
                            )}
                          </td>
                          <td data-label={t('parity.violations.range')} className="num">
                            {f.wonRange(b.min_won, b.max_won)}
                          </td>
                          <td
                            data-label={t('parity.violations.difference')}
                            className="num"
                            data-testid="violation-difference"
                          >
                            {b.difference_bp === null
                              ? '—'
                              : `${b.difference_bp > 0 ? '+' : ''}${formatBasisPoints(b.difference_bp)}`}
                          </td>
                        </tr>
                      );
                    }),
                  )}
                </tbody>
              </table>
            </div>
          )}
          {listed.moreError && <ErrorBanner testId="more-error">{text.problem(listed.moreError.error)}</ErrorBanner>}
          {listed.cursor !== null && (
            <button
              type="button"
              className="button button--secondary"
              disabled={listed.loadingMore}
              onClick={() => void more()}
              data-testid="violations-more"
            >
              {listed.loadingMore ? t('a11y.loading') : t('parity.violations.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

export function PriceParity() {
  const { t } = useI18n();
  const text = useCatalogText();
  const { merchantId, merchantName, isOwner } = useBackOffice();
  useDocumentTitle(t('parity.title') + t('title.separator') + merchantName);
  const [policies, setPolicies] = useState<PricePolicies | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    getPricePolicies(merchantId, controller.signal).then(
      (p) => {
        setPolicies(p);
        setForm(formOf(p));
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setLoadFailure({ error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, attempt]);

  if (loadFailure && !policies) {
    return (
      <div className="sections">
        <ErrorBanner testId="list-error">{text.problem(loadFailure.error)}</ErrorBanner>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!policies || !form) return <Loading />;

  async function reload() {
    setConflict(false);
    setFailure(null);
    try {
      const p = await getPricePolicies(merchantId);
      setPolicies(p);
      setForm(formOf(p));
      setSaved(t('parity.reloaded'));
    } catch (e) {
      setFailure({ error: e });
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!form || !policies) return;
    const fields: Record<string, string> = {};
    const policyOf = (list: ParityList): ParityPolicy | null => {
      const v = form[list];
      if (v.rule === 'none') return null;
      if (v.rule === 'equal') return { rule: 'equal', tolerance_bp: 0, enforcement: v.enforcement };
      const bp = basisPointsOf(v.percent);
      if (bp === null) fields[`${list}.tolerance_bp`] = t('parity.invalidPercent');
      return { rule: 'within', tolerance_bp: bp ?? 0, enforcement: v.enforcement };
    };
    const body = { online: policyOf('online'), business: policyOf('business'), version: policies.version };
    setErrors(fields);
    setSaved(null);
    setFailure(null);
    setConflict(false);
    if (Object.keys(fields).length > 0) return;
    setSending(true);
    try {
      const p = await setPricePolicies(merchantId, body);
      setPolicies(p);
      setForm(formOf(p));
      setSaved(t('parity.saved'));
    } catch (e) {
      if (isApiError(e) && e.status === 409 && e.reason === 'version_changed') {
        setConflict(true);
      } else {
        const at: Record<string, string> = {};
        for (const fe of isApiError(e) ? e.fieldErrors : []) {
          if (!(fe.field in at)) at[fe.field] = text.field(fe);
        }
        setErrors(at);
        setFailure({ error: e });
      }
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('parity.title')}</h2>
      </div>
      <form className="form card" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="parity-form">
        <p className="section__intro">{t('parity.intro')}</p>
        {policies.version === 0 && (
          <p className="muted" data-testid="parity-never">
            {t('parity.never')}
          </p>
        )}
        {!isOwner && (
          <div className="banner banner--info" role="status" data-testid="owner-only">
            <p>{t('parity.staff')}</p>
          </div>
        )}
        <fieldset className="form__fieldset" disabled={!isOwner}>
          <legend className="visually-hidden">{t('parity.title')}</legend>
          {PARITY_LISTS.map((list) => (
            <Policy
              key={list}
              list={list}
              value={form[list]}
              onChange={(next) => setForm((old) => (old ? { ...old, [list]: next } : old))}
              errors={errors}
            />
          ))}
        </fieldset>
        <p className="muted">{t('parity.rounding')}</p>
        {saved && <SuccessBanner testId="parity-saved">{saved}</SuccessBanner>}
        {conflict && (
          <div className="banner banner--error" role="alert" data-testid="conflict">
            <p>{t('parity.conflict')}</p>
            <button type="button" className="button button--secondary" onClick={() => void reload()}>
              {t('bo.order.reload')}
            </button>
          </div>
        )}
        {failure && <ErrorBanner testId="parity-error">{text.problem(failure.error)}</ErrorBanner>}
        {policies.updated_at && (
          <p className="muted">
            {t('products.state.updated')} <Time iso={policies.updated_at} />
          </p>
        )}
        {isOwner && (
          <div className="form__actions">
            <SubmitButton sending={sending} label={t('parity.save')} sendingLabel={t('common.saving')} />
          </div>
        )}
      </form>
      <Violations merchantId={merchantId} policies={policies} />
    </div>
  );
}
