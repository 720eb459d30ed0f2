import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import {
  getOperatorMerchant,
  isApiError,
  setMerchantStatus,
  statusReason,
  type MerchantDetail,
  type MerchantStatus,
} from '../../api';
import { StatusBadge, Time } from '../../components/Bits';
import { ErrorBanner, Loading, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useDescribeError, useProblemText, type DescribedError, type Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/ko';
import { ConsoleHeader } from './Console';

type Target = 'approved' | 'rejected' | 'suspended' | 'closed';

interface Action {
  to: Target;
  /** The button that opens the action, e.g. "Reinstate" for suspended → approved. */
  label: MessageKey;
  confirm: MessageKey;
  done: MessageKey;
  reasonRequired: boolean;
}

const APPROVE: Action = {
  to: 'approved',
  label: 'review.approve',
  confirm: 'review.approveConfirm',
  done: 'review.approved',
  reasonRequired: false,
};
const REJECT: Action = {
  to: 'rejected',
  label: 'review.reject',
  confirm: 'review.rejectConfirm',
  done: 'review.rejected',
  reasonRequired: true,
};
const SUSPEND: Action = {
  to: 'suspended',
  label: 'review.suspend',
  confirm: 'review.suspendConfirm',
  done: 'review.suspended',
  reasonRequired: true,
};
const REINSTATE: Action = {
  to: 'approved',
  label: 'review.reinstate',
  confirm: 'review.reinstateConfirm',
  done: 'review.reinstated',
  reasonRequired: false,
};
const CLOSE: Action = {
  to: 'closed',
  label: 'review.close',
  confirm: 'review.closeConfirm',
  done: 'review.closed',
  reasonRequired: true,
};

/** What the operator may do from each status (the server decides; this only offers the moves it allows). */
const ACTIONS: Record<MerchantStatus, Action[]> = {
  applied: [APPROVE, REJECT],
  approved: [SUSPEND, CLOSE],
  suspended: [REINSTATE, CLOSE],
  rejected: [],
  closed: [],
};

function ActionForm({
  merchant,
  action,
  onDone,
  onCancel,
}: {
  merchant: MerchantDetail;
  action: Action;
  onDone: (updated: MerchantDetail) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const describe = useDescribeError();
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<DescribedError>({ banner: null, fields: {} });
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector('textarea')?.focus();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (action.reasonRequired && reason.trim() === '') {
      setErrors({ banner: null, fields: { reason: t('review.reasonRequired') } });
      return;
    }
    setSending(true);
    setErrors({ banner: null, fields: {} });
    try {
      onDone(await setMerchantStatus(merchant.id, action.to, reason.trim()));
    } catch (e) {
      setErrors(describe(e, ['reason']));
      setSending(false);
    }
  }

  return (
    <form
      ref={formRef}
      className="action-form"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={headingId}
      aria-busy={sending}
      data-testid="action-form"
    >
      <h3 id={headingId}>{t(action.label)}</h3>
      {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
      <TextField
        multiline
        label={action.reasonRequired ? t('review.reason') : t('review.note')}
        name="reason"
        value={reason}
        onChange={setReason}
        error={errors.fields.reason}
        required={action.reasonRequired}
        optional={!action.reasonRequired}
        maxLength={500}
        hint={action.reasonRequired ? t('review.reasonHint') : t('review.noteHint')}
      />
      <div className="form__actions">
        <button
          type="submit"
          className={action.reasonRequired ? 'button button--danger-solid' : 'button'}
          disabled={sending}
        >
          {sending ? t('common.saving') : t(action.confirm)}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={sending}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function History({ merchant }: { merchant: MerchantDetail }) {
  const { t } = useI18n();
  return (
    <section className="section card" aria-labelledby="review-history">
      <h2 id="review-history">{t('review.history')}</h2>
      <ol className="timeline" data-testid="history">
        {merchant.history.map((h, i) => (
          <li key={`${h.at}-${i}`} className="timeline__item" data-testid="history-item">
            <p className="timeline__what">
              {h.from && (
                <>
                  <StatusBadge status={h.from} /> <span aria-hidden="true">→</span>{' '}
                  <span className="visually-hidden">{t('review.to')}</span>
                </>
              )}
              <StatusBadge status={h.to} />
            </p>
            <p className="timeline__meta">
              <Time iso={h.at} />
              {' · '}
              {h.actor ? h.actor.name : t('review.system')}
            </p>
            {h.reason && <p className="timeline__reason">{h.reason}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function MerchantReview() {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const { merchantId = '' } = useParams();
  const location = useLocation();
  const back = (location.state as { back?: string } | null)?.back ?? '';
  const [merchant, setMerchant] = useState<MerchantDetail | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [open, setOpen] = useState<Action | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  useDocumentTitle(merchant ? f.local(merchant.name) : t('review.title'));

  useEffect(() => {
    const controller = new AbortController();
    getOperatorMerchant(merchantId, controller.signal).then(setMerchant, (e: unknown) => {
      if (controller.signal.aborted) return;
      if (isApiError(e) && e.status === 404) setNotFound(true);
      else setError({ error: e });
    });
    return () => controller.abort();
  }, [merchantId]);

  const backLink = (
    <Link to={`/operator/applications${back}`} className="back-link">
      {t('review.back')}
    </Link>
  );

  if (notFound) {
    return (
      <div className="page">
        <ConsoleHeader title={<h1>{t('review.title')}</h1>} />
        {backLink}
        <ErrorBanner testId="not-found">{t('review.notFound')}</ErrorBanner>
      </div>
    );
  }
  if (!merchant) {
    return (
      <div className="page">
        <ConsoleHeader title={<h1>{t('review.title')}</h1>} />
        {error ? <ErrorBanner testId="load-error">{problemText(error.error)}</ErrorBanner> : <Loading />}
      </div>
    );
  }

  const actions = ACTIONS[merchant.status];
  const reason = statusReason(merchant);
  return (
    <div className="page page--review">
      <ConsoleHeader
        title={
          <>
            <h1 data-testid="merchant-name">{f.local(merchant.name)}</h1>
            <p className="area-header__sub">
              {merchant.name.en && merchant.name.en !== merchant.name.ko
                ? `${merchant.name.ko} · ${merchant.name.en} · `
                : ''}
              <StatusBadge status={merchant.status} />
            </p>
          </>
        }
      />
      {backLink}
      {done && <SuccessBanner testId="review-done">{t(done)}</SuccessBanner>}
      <div className="sections sections--two">
        <section className="section card" aria-labelledby="review-facts">
          <h2 id="review-facts">{t('review.facts')}</h2>
          <dl className="details">
            <div>
              <dt>{t('merchant.businessNumber')}</dt>
              <dd className="num" data-testid="business-number">
                {merchant.business_number_formatted}
              </dd>
            </div>
            <div>
              <dt>{t('merchant.representative')}</dt>
              <dd>{merchant.representative}</dd>
            </div>
            <div>
              <dt>{t('merchant.industry')}</dt>
              <dd>{f.local(merchant.industry.name)}</dd>
            </div>
            <div>
              <dt>{t('merchant.district')}</dt>
              <dd>{f.local(merchant.district.name)}</dd>
            </div>
            <div className="details__wide">
              <dt>{t('merchant.address')}</dt>
              <dd>{merchant.address}</dd>
            </div>
            <div>
              <dt>{t('merchant.phone')}</dt>
              <dd>{merchant.phone}</dd>
            </div>
            <div>
              <dt>{t('merchant.appliedAt')}</dt>
              <dd>
                <Time iso={merchant.created_at} />
              </dd>
            </div>
            {reason && (
              <div className="details__wide">
                <dt>{t('merchant.statusReason')}</dt>
                <dd data-testid="status-reason">{reason}</dd>
              </div>
            )}
          </dl>
        </section>
        <section className="section card" aria-labelledby="review-actions">
          <h2 id="review-actions">{t('review.actions')}</h2>
          {actions.length === 0 && (
            <p className="empty" data-testid="no-actions">
              {t('review.noActions')}
            </p>
          )}
          {open === null ? (
            <div className="button-row">
              {actions.map((a) => (
                <button
                  key={a.label}
                  type="button"
                  className={a.reasonRequired ? 'button button--danger' : 'button'}
                  onClick={() => {
                    setDone(null);
                    setOpen(a);
                  }}
                >
                  {t(a.label)}
                </button>
              ))}
            </div>
          ) : (
            <ActionForm
              merchant={merchant}
              action={open}
              onCancel={() => setOpen(null)}
              onDone={(updated) => {
                setMerchant(updated);
                setDone(open.done);
                setOpen(null);
              }}
            />
          )}
        </section>
      </div>
      <History merchant={merchant} />
    </div>
  );
}
