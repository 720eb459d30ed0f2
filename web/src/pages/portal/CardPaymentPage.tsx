// /checkout/:checkoutId/pay: paying a card checkout (POST /api/v1/checkouts/{id}/card-payments), one
// charge for every merchant's order. The card form (number, MM/YY, CVC) is sent under its own
// Idempotency-Key, kept while the same card is retried after a lost answer and made anew after a
// definite one, so that a retry never charges twice. A decline says why and lets the shopper try
// another card; a capture (or a charge the gateway settles later) goes on to the confirmation. This
// is the test gateway: a note says so and lists its card numbers (docs/payments.md).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { getCheckout, isApiError, newIdempotencyKey, payByCard, type CardInput, type Checkout } from '../../api';
import { ErrorBanner, Loading, SubmitButton, TextField } from '../../components/Form';
import { useDeclineText, useMerchantNames, useOrdersText } from '../../components/OrderBits';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';

const TEST_CARDS: { number: string; key: 'captured' | 'declined' | 'funds' | 'pending' }[] = [
  { number: '4242 4242 4242 4242', key: 'captured' },
  { number: '4000 0000 0000 0002', key: 'declined' },
  { number: '4000 0000 0000 9995', key: 'funds' },
  { number: '4000 0000 0000 0077', key: 'pending' },
];

function CardForm({ checkout }: { checkout: Checkout }) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useOrdersText();
  const declineText = useDeclineText();
  const navigate = useNavigate();
  const merchantName = useMerchantNames(checkout.orders.map((o) => o.merchant_id));
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [sending, setSending] = useState(false);
  const [declined, setDeclined] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const confirmation = `/orders/checkout/${encodeURIComponent(checkout.id)}`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const card: CardInput = { number: number.trim(), expiry: expiry.trim(), cvc: cvc.trim() };
    const fields: Record<string, string> = {};
    if (card.number === '') fields.number = t('field.required');
    if (card.expiry === '') fields.expiry = t('field.required');
    if (card.cvc === '') fields.cvc = t('field.required');
    setErrors(fields);
    if (Object.keys(fields).length > 0) return;
    const body = JSON.stringify(card);
    if (attempt.current === null || attempt.current.body !== body) {
      attempt.current = { key: newIdempotencyKey(), body };
    }
    setSending(true);
    setDeclined(null);
    setFailure(null);
    try {
      const charge = await payByCard(checkout.id, card, attempt.current.key);
      attempt.current = null;
      if (charge.status === 'declined') {
        setDeclined(declineText(charge.decline_code));
        setNumber('');
        setCvc('');
        setSending(false);
        return;
      }
      navigate(confirmation, { replace: true, state: { placed: true, charge: charge.status } });
    } catch (e) {
      setSending(false);
      if (isApiError(e) && e.reason === 'already_paid') {
        navigate(confirmation, { replace: true });
        return;
      }
      // A definite refusal is the key's answer; a lost answer or a charge still in flight keeps the key.
      if (isApiError(e) && e.kind === 'http' && e.status !== 409 && e.status < 500) attempt.current = null;
      const at: Record<string, string> = {};
      for (const fe of isApiError(e) ? e.fieldErrors : []) {
        const name = fe.field.replace(/^card\./, '');
        if (['number', 'expiry', 'cvc'].includes(name) && !(name in at)) at[name] = text.field(fe);
      }
      setErrors(at);
      setFailure({ error: e });
    }
  }

  return (
    <div className="pay-layout">
      <section className="card section" aria-labelledby="pay-summary">
        <h2 id="pay-summary">{t('pay.summary')}</h2>
        <ul className="checkout-lines">
          {checkout.orders.map((o) => (
            <li key={o.id}>
              <span>{merchantName(o.merchant_id)}</span>
              <span className="num">{f.won(o.total_won)}</span>
            </li>
          ))}
        </ul>
        <dl className="totals">
          <div className="totals__total">
            <dt>{t('pay.amount')}</dt>
            <dd className="num" data-testid="pay-amount">
              {f.won(checkout.total_won)}
            </dd>
          </div>
        </dl>
        {checkout.orders[0]?.payment_due_at && (
          <p className="muted">{t('pay.due', { time: f.dateTime(checkout.orders[0].payment_due_at) })}</p>
        )}
      </section>
      <form className="form card section" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="card-form">
        <h2>{t('pay.card')}</h2>
        {declined && (
          <div className="banner banner--error" role="alert" data-testid="declined">
            <div>
              <p className="banner__title">{t('pay.declined')}</p>
              <p>{declined}</p>
              <p>{t('pay.tryAnother')}</p>
            </div>
          </div>
        )}
        <TextField
          label={t('pay.number')}
          name="cardnumber"
          value={number}
          onChange={setNumber}
          error={errors.number}
          autoComplete="cc-number"
          inputMode="numeric"
          maxLength={23}
          placeholder="1234 5678 9012 3456"
          required
        />
        <div className="form__grid">
          <TextField
            label={t('pay.expiry')}
            name="cc-exp"
            value={expiry}
            onChange={setExpiry}
            error={errors.expiry}
            hint={t('pay.expiryHint')}
            autoComplete="cc-exp"
            inputMode="numeric"
            maxLength={5}
            placeholder="MM/YY"
            required
          />
          <TextField
            label={t('pay.cvc')}
            name="cvc"
            value={cvc}
            onChange={setCvc}
            error={errors.cvc}
            autoComplete="cc-csc"
            inputMode="numeric"
            maxLength={4}
            required
          />
        </div>
        {failure && <ErrorBanner testId="pay-error">{text.problem(failure.error)}</ErrorBanner>}
        <div className="form__actions">
          <SubmitButton
            sending={sending}
            label={t('pay.submit', { amount: f.won(checkout.total_won) })}
            sendingLabel={t('pay.submitting')}
          />
        </div>
        <aside className="banner banner--info test-cards" data-testid="test-cards">
          <div>
            <p className="banner__title">{t('pay.testTitle')}</p>
            <p>{t('pay.testBody')}</p>
            <ul>
              {TEST_CARDS.map((c) => (
                <li key={c.number}>
                  <span className="num">{c.number}</span> — {t(`pay.test.${c.key}`)}
                </li>
              ))}
            </ul>
            <p className="muted">{t('pay.testOther')}</p>
          </div>
        </aside>
      </form>
    </div>
  );
}

export function CardPaymentPage() {
  const { checkoutId = '' } = useParams();
  const { t } = useI18n();
  useDocumentTitle(t('pay.title'));
  const text = useOrdersText();
  const [load, setLoad] = useState<
    { kind: 'loading' } | ({ kind: 'error' } & Failure) | { kind: 'ready'; checkout: Checkout }
  >({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getCheckout(checkoutId, controller.signal).then(
      (checkout) => setLoad({ kind: 'ready', checkout }),
      (e: unknown) => {
        if (!controller.signal.aborted) setLoad({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [checkoutId, attempt]);

  if (load.kind === 'loading') return <Loading />;
  if (load.kind === 'error') {
    return (
      <div className="page">
        <h1>{t('pay.title')}</h1>
        <ErrorBanner testId="pay-load-error">{text.problem(load.error)}</ErrorBanner>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  const { checkout } = load;
  // Nothing left to pay by card (paid, cancelled, or not a card checkout): the confirmation says where it stands.
  const payable = checkout.orders.some(
    (o) => o.payment_method === 'card' && o.status === 'pending_payment' && o.payment?.state !== 'processing',
  );
  if (!payable) return <Navigate to={`/orders/checkout/${encodeURIComponent(checkout.id)}`} replace />;
  return (
    <div className="page page--pay" data-testid="pay">
      <h1>{t('pay.title')}</h1>
      <CardForm checkout={checkout} />
    </div>
  );
}
