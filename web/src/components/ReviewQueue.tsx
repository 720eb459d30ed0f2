// The queue of possible matches, one for the back office (a merchant's own reviews) and one for the
// operator console (every merchant's, with the merchants named): each review shows both records side
// by side with the evidence per field (how well it agreed and the weight it carried), and two buttons,
// 같은 사람 / 다른 사람. A decided review leaves the queue; one someone else decided first
// (409 review_decided) leaves it too, with a word saying so.
//
//   <ReviewQueue merchantId={merchantId} />   // the back office
//   <ReviewQueue merchantId={null} />         // the operator console
import { useCallback, useEffect, useState } from 'react';
import { decideReview, isApiError, listReviews, type CustomerRecord, type Review } from '../api';
import { ErrorBanner, Loading, SuccessBanner } from './Form';
import { Time } from './Bits';
import { useProblemText, type Failure } from '../errors';
import { isMessageKey, useI18n } from '../i18n';
import { useLocalName, useSourceName } from '../pages/merchant/customerBits';

const PAGE_SIZE = 20;
const FIELDS = ['name', 'phone', 'email', 'birth_date', 'postal_code', 'address', 'card_no'] as const;
type RecordField = (typeof FIELDS)[number];

// The resolver weighs the name as family and given name; every other piece of evidence is one field.
const EVIDENCE_OF: Record<RecordField, string[]> = {
  name: ['family', 'given'],
  phone: ['phone'],
  email: ['email'],
  birth_date: ['birth'],
  postal_code: ['postal'],
  address: ['address'],
  card_no: ['card'],
};

export function ReviewQueue({ merchantId }: { merchantId: string | null }) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const [items, setItems] = useState<Review[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const load = useCallback(
    async (cursor: string | null, signal?: AbortSignal) => {
      const page = await listReviews(merchantId, { cursor, limit: PAGE_SIZE }, signal);
      setItems((old) => (cursor === null || old === null ? page.items : [...old, ...page.items]));
      setNext(page.next_cursor);
    },
    [merchantId],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(null, controller.signal).catch((e: unknown) => {
      if (!controller.signal.aborted) setFailure({ error: e });
    });
    return () => controller.abort();
  }, [load]);

  async function decide(review: Review, decision: 'same' | 'different') {
    setNotice(null);
    setFailure(null);
    try {
      await decideReview(merchantId, review.id, decision);
      setNotice(t(decision === 'same' ? 'cust.review.decidedSame' : 'cust.review.decidedDifferent'));
      setItems((old) => (old ? old.filter((r) => r.id !== review.id) : old));
    } catch (e) {
      if (isApiError(e) && e.reason === 'review_decided') {
        setNotice(t('cust.review.alreadyDecided'));
        setItems((old) => (old ? old.filter((r) => r.id !== review.id) : old));
      } else {
        setFailure({ error: e });
      }
    }
  }

  async function more() {
    setLoadingMore(true);
    try {
      await load(next);
    } catch (e) {
      setFailure({ error: e });
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <div className="sections">
      <p className="section__intro">{t('cust.review.intro')}</p>
      {notice && <SuccessBanner testId="review-notice">{notice}</SuccessBanner>}
      {failure && <ErrorBanner testId="review-error">{problemText(failure.error)}</ErrorBanner>}
      {items === null && !failure && <Loading />}
      {items !== null && items.length === 0 && (
        <p className="empty card" data-testid="no-reviews">
          {t('cust.review.none')}
        </p>
      )}
      {items !== null && items.length > 0 && (
        <ul className="reviews" data-testid="reviews">
          {items.map((r) => (
            <ReviewItem key={r.id} review={r} operator={merchantId === null} onDecide={decide} />
          ))}
        </ul>
      )}
      {next !== null && (
        <div className="more">
          <button type="button" className="button button--quiet" disabled={loadingMore} onClick={() => void more()}>
            {loadingMore ? t('a11y.loading') : t('cust.more')}
          </button>
        </div>
      )}
    </div>
  );
}

function ReviewItem({
  review,
  operator,
  onDecide,
}: {
  review: Review;
  operator: boolean;
  onDecide: (r: Review, d: 'same' | 'different') => Promise<void>;
}) {
  const { t } = useI18n();
  const sourceName = useSourceName();
  const localName = useLocalName();
  const [sending, setSending] = useState(false);
  const evidence = review.evidence.fields ?? {};
  const fieldName = (field: string) => {
    const key = `cust.field.${field}`;
    return isMessageKey(key) ? t(key) : field;
  };
  const evidenceName = (part: string) => {
    const key = `cust.evidence.${part}`;
    return isMessageKey(key) ? t(key) : part;
  };
  const levelName = (level: string) => {
    const key = `cust.level.${level}`;
    return isMessageKey(key) ? t(key) : level;
  };
  const known = new Set(Object.values(EVIDENCE_OF).flat());
  // Fields either record has or the evidence weighs; evidence of a field this app does not know is shown as it came.
  const fields = FIELDS.filter(
    (x) => review.a.record[x] || review.b.record[x] || EVIDENCE_OF[x].some((part) => part in evidence),
  );
  const others = Object.keys(evidence).filter((part) => !known.has(part));
  const value = (rec: CustomerRecord, field: RecordField) => rec[field] ?? '';
  const evidenceCell = (parts: string[]) => {
    const present = parts.filter((part) => part in evidence);
    if (present.length === 0) return '—';
    return present.map((part) => {
      const e = evidence[part]!;
      return (
        <span key={part} className="review__evidence" data-testid="review-evidence" data-level={e.level}>
          {parts.length > 1 && <span className="muted">{evidenceName(part)} </span>}
          <span className={`badge badge--level-${e.level}`}>{levelName(e.level)}</span>{' '}
          <span data-testid="review-weight">
            {e.weight > 0 ? '+' : ''}
            {e.weight.toFixed(1)}
          </span>
        </span>
      );
    });
  };
  const merchantOf = (m: Review['merchant_a']) => (m ? localName(m.name) : t('cust.review.platform'));

  async function decide(d: 'same' | 'different') {
    setSending(true);
    try {
      await onDecide(review, d);
    } finally {
      setSending(false);
    }
  }

  const titleId = `review-${review.id}`;
  return (
    <li className="card review" data-testid="review" data-review-id={review.id} aria-labelledby={titleId}>
      <div className="section__head">
        <h3 id={titleId}>{t('cust.review.title', { score: review.score.toFixed(1) })}</h3>
        <span className="muted">
          <Time iso={review.created_at} />
          {review.evidence.rule && ` · ${review.evidence.rule}`}
        </span>
      </div>
      <div className="table-wrap">
        <table className="table review__table">
          <thead>
            <tr>
              <th scope="col">{t('cust.review.field')}</th>
              <th scope="col" data-testid="review-side-a">
                {t('cust.review.a')} · {sourceName(review.a.record.source)}
                {operator && <span className="review__merchant"> ({merchantOf(review.merchant_a)})</span>}
              </th>
              <th scope="col" data-testid="review-side-b">
                {t('cust.review.b')} · {sourceName(review.b.record.source)}
                {operator && <span className="review__merchant"> ({merchantOf(review.merchant_b)})</span>}
              </th>
              <th scope="col">{t('cust.review.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field} data-testid="review-field" data-field={field}>
                <th scope="row">{fieldName(field)}</th>
                <td>{value(review.a.record, field)}</td>
                <td>{value(review.b.record, field)}</td>
                <td>{evidenceCell(EVIDENCE_OF[field])}</td>
              </tr>
            ))}
            {others.map((part) => (
              <tr key={part} data-testid="review-field" data-field={part}>
                <th scope="row">{evidenceName(part)}</th>
                <td />
                <td />
                <td>{evidenceCell([part])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form__actions">
        <button type="button" className="button" disabled={sending} onClick={() => void decide('same')}>
          {t('cust.review.same')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={sending}
          onClick={() => void decide('different')}
        >
          {t('cust.review.different')}
        </button>
      </div>
    </li>
  );
}
