// /merchant/:merchantId/customers/:personId: one customer as the shop knows them (GET …/customers/{id}):
// the identifiers with where each came from and whether it was verified; the relationship's totals;
// the whole history, counter and web in one list (newest first, "show more" by time), each linked to
// its order or sale where the back office has a page for it, refunds negative; the points with their
// ledger and, for owners, an adjustment; the consents per purpose with a form for consent taken at the
// counter or on paper (nothing pre-ticked); the note and the membership card; and, for owners, a merge
// with another customer (searched and picked, confirmed in a dialog showing both) and the merges that
// involve this customer, each with an undo. A merged customer's address answers for the customer that
// took them: the page moves to that one's address.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  adjustCustomerPoints,
  CONSENT_PURPOSES,
  getConsentTexts,
  getCustomer,
  getCustomerHistory,
  getCustomerPoints,
  isApiError,
  listCustomers,
  mergeCustomers,
  recordCounterConsents,
  undoCustomerMerge,
  updateCustomer,
  type ConsentPurpose,
  type ConsentTexts,
  type Customer360,
  type CustomerSummary,
  type HistoryEntry,
  type PointsView,
} from '../../api';
import { ConfirmButton, Time } from '../../components/Bits';
import { ErrorBanner, Loading, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useDescribeError, useProblemText, type Failure } from '../../errors';
import { useFormat } from '../../format';
import { isMessageKey, useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { ConsentList, PointLedger, usePurposeName, useSourceName } from './customerBits';

/** The newest non-empty value of a field among the records, as the list shows it. */
function newest(c: Customer360, field: 'name' | 'phone' | 'email'): string {
  const sorted = [...c.records].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return sorted.find((r) => r[field] !== '')?.[field] ?? '';
}

export function CustomerDetail() {
  const { t } = useI18n();
  const problemText = useProblemText();
  const navigate = useNavigate();
  const { merchantId, merchantName } = useBackOffice();
  const { personId = '' } = useParams();
  const [customer, setCustomer] = useState<Customer360 | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [reloads, setReloads] = useState(0);
  const base = `/merchant/${encodeURIComponent(merchantId)}/customers`;
  const name = customer ? newest(customer, 'name') : '';
  useDocumentTitle((name || t('cust.detail.title')) + t('title.separator') + merchantName);

  useEffect(() => {
    const controller = new AbortController();
    setFailure(null);
    getCustomer(merchantId, personId, controller.signal).then(
      (c) => {
        // A merged customer's id answers for the one that took them: show that one's address.
        if (c.id !== personId) navigate(`${base}/${encodeURIComponent(c.id)}`, { replace: true });
        setCustomer(c);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setFailure({ error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, personId, reloads, base, navigate]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  if (failure && !customer) {
    return (
      <div className="sections">
        <ErrorBanner testId="customer-error">{problemText(failure.error)}</ErrorBanner>
        <Link to={base} className="button button--quiet">
          {t('cust.detail.back')}
        </Link>
      </div>
    );
  }
  if (!customer) return <Loading />;
  return (
    <div className="sections customer" data-testid="customer" data-person-id={customer.id}>
      <div className="section__head">
        <h2 data-testid="customer-name">{name || t('cust.noName')}</h2>
        <Link to={base} className="button button--small button--quiet">
          {t('cust.detail.back')}
        </Link>
      </div>
      <Relationship customer={customer} />
      <Identifiers customer={customer} />
      <History customer={customer} />
      <Points customer={customer} onChanged={reload} />
      <Consents customer={customer} onChanged={(consents) => setCustomer({ ...customer, consents })} />
      <NoteAndCard customer={customer} onSaved={setCustomer} />
      <Merges customer={customer} onChanged={reload} />
    </div>
  );
}

function Relationship({ customer }: { customer: Customer360 }) {
  const { t } = useI18n();
  const f = useFormat();
  const r = customer.relationship;
  return (
    <section className="card section" aria-labelledby="cust-rel">
      <h3 id="cust-rel">{t('cust.rel.title')}</h3>
      <dl className="details details--grid" data-testid="relationship">
        <div>
          <dt>{t('cust.purchases')}</dt>
          <dd data-testid="rel-purchases">{f.count(r.purchases)}</dd>
        </div>
        <div>
          <dt>{t('cust.total')}</dt>
          <dd data-testid="rel-total">{f.won(r.total_won)}</dd>
        </div>
        <div>
          <dt>{t('cust.firstPurchase')}</dt>
          <dd>
            <Time iso={r.first_purchase_at} dateOnly />
          </dd>
        </div>
        <div>
          <dt>{t('cust.lastPurchase')}</dt>
          <dd>
            <Time iso={r.last_purchase_at} dateOnly />
          </dd>
        </div>
        <div>
          <dt>{t('cust.points')}</dt>
          <dd data-testid="rel-points">{t('cust.pointsValue', { points: f.count(customer.points.balance) })}</dd>
        </div>
        <div>
          <dt>{t('cust.cardNo')}</dt>
          <dd>{r.card_no || '—'}</dd>
        </div>
      </dl>
    </section>
  );
}

function Identifiers({ customer }: { customer: Customer360 }) {
  const { t } = useI18n();
  const sourceName = useSourceName();
  const verified = (yes: boolean) =>
    yes ? (
      <span className="badge badge--verified" title={t('cust.id.verified')}>
        {t('cust.id.verified')}
      </span>
    ) : null;
  return (
    <section className="card section" aria-labelledby="cust-ids">
      <h3 id="cust-ids">{t('cust.id.title')}</h3>
      <p className="section__intro">{t('cust.id.intro')}</p>
      <div className="table-wrap">
        <table className="table table--stack" data-testid="records">
          <thead>
            <tr>
              <th scope="col">{t('cust.id.source')}</th>
              <th scope="col">{t('cust.name')}</th>
              <th scope="col">{t('cust.phone')}</th>
              <th scope="col">{t('cust.email')}</th>
              <th scope="col">{t('cust.id.birth')}</th>
              <th scope="col">{t('cust.id.address')}</th>
              <th scope="col">{t('cust.cardNo')}</th>
              <th scope="col">{t('cust.id.since')}</th>
            </tr>
          </thead>
          <tbody>
            {customer.records.map((r) => (
              <tr key={r.id} data-testid="record" data-source={r.source}>
                <th scope="row" data-label={t('cust.id.source')}>
                  <span className={`badge badge--source-${r.source}`}>{sourceName(r.source)}</span>
                  {r.source_ref && <span className="muted customer__ref"> {r.source_ref}</span>}
                </th>
                <td data-label={t('cust.name')}>{r.name}</td>
                <td data-label={t('cust.phone')} data-testid="record-phone">
                  {r.phone} {r.phone && verified(r.phone_verified)}
                </td>
                <td data-label={t('cust.email')}>
                  {r.email} {r.email && verified(r.email_verified)}
                </td>
                <td data-label={t('cust.id.birth')}>{r.birth_date}</td>
                <td data-label={t('cust.id.address')}>{[r.postal_code, r.address].filter(Boolean).join(' ')}</td>
                <td data-label={t('cust.cardNo')}>{r.card_no}</td>
                <td data-label={t('cust.id.since')}>
                  <Time iso={r.created_at} dateOnly />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The receipt or order an entry names, linked where the back office has a page for it. */
function HistoryRef({ entry, merchantBase }: { entry: HistoryEntry; merchantBase: string }) {
  const ref = entry.ref_id;
  const label = entry.receipt_no || ref || '';
  if (ref && entry.kind === 'order') {
    return (
      <Link to={`${merchantBase}/orders/${encodeURIComponent(ref)}`} data-testid="history-link">
        {label}
      </Link>
    );
  }
  if (ref && (entry.kind === 'pos_sale' || entry.kind === 'pos_return')) {
    return (
      <Link to={`${merchantBase}/pos/sales/${encodeURIComponent(ref)}`} data-testid="history-link">
        {label}
      </Link>
    );
  }
  return <span>{label}</span>;
}

function History({ customer }: { customer: Customer360 }) {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const { merchantId } = useBackOffice();
  const [items, setItems] = useState<HistoryEntry[]>(customer.history.items);
  const [next, setNext] = useState<string | null>(customer.history.next_cursor);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const merchantBase = `/merchant/${encodeURIComponent(merchantId)}`;

  useEffect(() => {
    setItems(customer.history.items);
    setNext(customer.history.next_cursor);
  }, [customer]);

  async function more() {
    if (next === null) return;
    setLoading(true);
    setFailure(null);
    try {
      const page = await getCustomerHistory(merchantId, customer.id, { cursor: next, limit: 50 });
      setItems((old) => [...old, ...page.items]);
      setNext(page.next_cursor);
    } catch (e) {
      setFailure({ error: e });
    } finally {
      setLoading(false);
    }
  }

  const kindName = (kind: string) => {
    const key = `cust.history.kind.${kind}`;
    return isMessageKey(key) ? t(key) : kind;
  };
  const channelName = (channel: string) => {
    const key = `cust.channel.${channel}`;
    return isMessageKey(key) ? t(key) : channel;
  };

  return (
    <section className="card section" aria-labelledby="cust-history">
      <h3 id="cust-history">{t('cust.history.title')}</h3>
      {items.length === 0 ? (
        <p className="empty" data-testid="history-empty">
          {t('cust.history.none')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack" data-testid="history">
            <thead>
              <tr>
                <th scope="col">{t('cust.history.at')}</th>
                <th scope="col">{t('cust.history.channel')}</th>
                <th scope="col">{t('cust.history.what')}</th>
                <th scope="col">{t('cust.history.ref')}</th>
                <th scope="col">{t('cust.history.place')}</th>
                <th scope="col">{t('cust.history.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((h, i) => (
                <tr
                  key={`${h.kind}:${h.ref_id ?? i}:${h.at}`}
                  data-testid="history-row"
                  data-kind={h.kind}
                  data-channel={h.channel}
                >
                  <th scope="row" data-label={t('cust.history.at')}>
                    <Time iso={h.at} />
                  </th>
                  <td data-label={t('cust.history.channel')}>
                    <span className={`badge badge--channel-${h.channel}`} data-testid="history-channel">
                      {channelName(h.channel)}
                    </span>
                  </td>
                  <td data-label={t('cust.history.what')}>
                    {kindName(h.kind)}
                    {h.status && <span className="muted"> · {h.status}</span>}
                  </td>
                  <td data-label={t('cust.history.ref')}>
                    <HistoryRef entry={h} merchantBase={merchantBase} />
                  </td>
                  <td data-label={t('cust.history.place')}>{h.location_name ?? ''}</td>
                  <td
                    data-label={t('cust.history.amount')}
                    className={h.amount_won < 0 ? 'num amount--negative' : 'num'}
                    data-testid="history-amount"
                  >
                    {f.won(h.amount_won)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {failure && <ErrorBanner testId="history-error">{problemText(failure.error)}</ErrorBanner>}
      {next !== null && (
        <div className="more">
          <button type="button" className="button button--quiet" disabled={loading} onClick={() => void more()}>
            {loading ? t('a11y.loading') : t('cust.more')}
          </button>
        </div>
      )}
    </section>
  );
}

function Points({ customer, onChanged }: { customer: Customer360; onChanged: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const describe = useDescribeError();
  const { merchantId, isOwner } = useBackOffice();
  const [view, setView] = useState<PointsView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    getCustomerPoints(merchantId, customer.id, controller.signal).then(setView, (e: unknown) => {
      if (!controller.signal.aborted) setFailure({ error: e });
    });
    return () => controller.abort();
  }, [merchantId, customer]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const fields: Record<string, string> = {};
    const trimmed = amount.trim().replace(/,/g, '');
    const points = /^[+-]?\d{1,9}$/.test(trimmed) ? Number(trimmed) : NaN;
    if (!Number.isFinite(points) || points === 0) fields.points = t('cust.points.adjust.invalid');
    if (reason.trim() === '') fields.reason = t('field.required');
    setErrors(fields);
    setBanner(null);
    if (Object.keys(fields).length > 0) return;
    setSending(true);
    try {
      await adjustCustomerPoints(merchantId, customer.id, { points, reason: reason.trim() });
      setAmount('');
      setReason('');
      setDone(true);
      onChanged();
    } catch (e) {
      if (isApiError(e) && e.reason === 'insufficient_points') {
        setErrors({ points: t('cust.points.insufficient') });
      } else {
        const d = describe(e, ['points', 'reason']);
        setErrors(d.fields);
        setBanner(d.banner);
      }
    } finally {
      setSending(false);
    }
  }

  const balance = view ?? customer.points;
  return (
    <section className="card section" aria-labelledby="cust-points">
      <h3 id="cust-points">{t('cust.points.title')}</h3>
      <p className="customer__balance" data-testid="points-balance">
        {t('cust.points.balance', { points: f.count(balance.balance) })}
      </p>
      {balance.next_expiry_at && balance.expiring_next > 0 && (
        <p className="muted" data-testid="points-expiry">
          {t('cust.points.expiring', { points: f.count(balance.expiring_next), date: f.date(balance.next_expiry_at) })}
        </p>
      )}
      {failure && <ErrorBanner testId="points-error">{problemText(failure.error)}</ErrorBanner>}
      {view && <PointLedger items={view.items} />}
      {done && <SuccessBanner testId="points-adjusted">{t('cust.points.adjust.done')}</SuccessBanner>}
      {isOwner ? (
        <form className="form customer__adjust" noValidate onSubmit={onSubmit} aria-busy={sending}>
          <h4>{t('cust.points.adjust.title')}</h4>
          {banner && <ErrorBanner>{banner}</ErrorBanner>}
          <div className="form__grid">
            <TextField
              label={t('cust.points.adjust.points')}
              name="points"
              value={amount}
              onChange={setAmount}
              error={errors.points}
              hint={t('cust.points.adjust.hint')}
              inputMode="numeric"
              maxLength={11}
              autoComplete="off"
            />
            <TextField
              label={t('cust.points.adjust.reason')}
              name="reason"
              value={reason}
              onChange={setReason}
              error={errors.reason}
              maxLength={200}
              autoComplete="off"
            />
          </div>
          <div className="form__actions">
            <SubmitButton sending={sending} label={t('cust.points.adjust.submit')} sendingLabel={t('common.saving')} />
          </div>
        </form>
      ) : (
        <p className="muted">{t('cust.points.ownerOnly')}</p>
      )}
    </section>
  );
}

function Consents({
  customer,
  onChanged,
}: {
  customer: Customer360;
  onChanged: (consents: Customer360['consents']) => void;
}) {
  const { t, lang } = useI18n();
  const describe = useDescribeError();
  const purposeName = usePurposeName();
  const { merchantId } = useBackOffice();
  const [texts, setTexts] = useState<ConsentTexts | null>(null);
  const [chosen, setChosen] = useState<ConsentPurpose[]>([]);
  const [channel, setChannel] = useState<'pos' | 'paper' | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    getConsentTexts().then(setTexts, () => setTexts(null));
  }, []);

  async function send(granted: boolean) {
    setDone(null);
    const fields: Record<string, string> = {};
    if (chosen.length === 0) fields.changes = t('cust.consent.choose');
    if (channel === '') fields.channel = t('cust.consent.chooseChannel');
    setErrors(fields);
    setBanner(null);
    if (Object.keys(fields).length > 0 || channel === '') return;
    setSending(true);
    try {
      const consents = await recordCounterConsents(merchantId, customer.id, {
        changes: chosen.map((purpose) => ({ purpose, granted })),
        channel,
        text_version: texts?.version ?? '',
      });
      onChanged(consents);
      setChosen([]);
      setChannel('');
      setDone(t(granted ? 'cust.consent.granted' : 'cust.consent.withdrawn'));
    } catch (e) {
      const d = describe(e, ['changes', 'channel']);
      setErrors(d.fields);
      setBanner(d.banner);
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="card section" aria-labelledby="cust-consents">
      <h3 id="cust-consents">{t('cust.consent.title')}</h3>
      <ConsentList consents={customer.consents} />
      <form
        className="form customer__consent-form"
        noValidate
        onSubmit={(e) => e.preventDefault()}
        aria-busy={sending}
        data-testid="counter-consent"
      >
        <h4>{t('cust.consent.counter')}</h4>
        <p className="muted">{t('cust.consent.counterIntro')}</p>
        {banner && <ErrorBanner>{banner}</ErrorBanner>}
        <fieldset className={errors.changes ? 'field field--group field--invalid' : 'field field--group'}>
          <legend className="field__label">{t('cust.consent.purposes')}</legend>
          <div className="checks">
            {CONSENT_PURPOSES.map((p) => {
              const text = texts?.texts[p];
              return (
                <label key={p} className="check">
                  <input
                    type="checkbox"
                    name="purpose"
                    value={p}
                    checked={chosen.includes(p)}
                    onChange={() => setChosen((old) => (old.includes(p) ? old.filter((x) => x !== p) : [...old, p]))}
                  />
                  <span>
                    <span className="check__label">{purposeName(p)}</span>
                    {text && <span className="check__hint">{text[lang] || text.ko}</span>}
                  </span>
                </label>
              );
            })}
          </div>
          {errors.changes && (
            <p className="field__error" data-testid="field-error">
              {errors.changes}
            </p>
          )}
        </fieldset>
        <fieldset className={errors.channel ? 'field field--group field--invalid' : 'field field--group'}>
          <legend className="field__label">{t('cust.consent.channel')}</legend>
          <div className="checks checks--inline">
            {(['pos', 'paper'] as const).map((c) => (
              <label key={c} className="check">
                <input
                  type="radio"
                  name="consent-channel"
                  value={c}
                  checked={channel === c}
                  onChange={() => setChannel(c)}
                />
                <span className="check__label">{t(`cust.consent.channel.${c}`)}</span>
              </label>
            ))}
          </div>
          {errors.channel && (
            <p className="field__error" data-testid="field-error">
              {errors.channel}
            </p>
          )}
        </fieldset>
        {done && <SuccessBanner testId="consent-recorded">{done}</SuccessBanner>}
        <div className="form__actions">
          <button type="button" className="button" disabled={sending} onClick={() => void send(true)}>
            {t('cust.consent.grant')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={sending}
            onClick={() => void send(false)}
          >
            {t('cust.consent.withdraw')}
          </button>
        </div>
      </form>
    </section>
  );
}

function NoteAndCard({ customer, onSaved }: { customer: Customer360; onSaved: (c: Customer360) => void }) {
  const { t } = useI18n();
  const describe = useDescribeError();
  const { merchantId } = useBackOffice();
  const [note, setNote] = useState(customer.relationship.note);
  const [card, setCard] = useState(customer.relationship.card_no);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    setNote(customer.relationship.note);
    setCard(customer.relationship.card_no);
  }, [customer.relationship.note, customer.relationship.card_no]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    setBanner(null);
    setSending(true);
    try {
      const saved = await updateCustomer(merchantId, customer.id, { note, card_no: card.trim() });
      onSaved(saved);
      setErrors({});
      setDone(true);
    } catch (e) {
      const d = describe(e, ['note', 'card_no']);
      setErrors(d.fields);
      setBanner(d.banner);
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="card section" aria-labelledby="cust-note">
      <h3 id="cust-note">{t('cust.note.title')}</h3>
      <form className="form" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="note-form">
        {banner && <ErrorBanner>{banner}</ErrorBanner>}
        <TextField
          label={t('cust.cardNo')}
          name="card_no"
          value={card}
          onChange={setCard}
          error={errors.card_no}
          maxLength={40}
          autoComplete="off"
        />
        <TextField
          label={t('cust.note.note')}
          name="note"
          value={note}
          onChange={setNote}
          error={errors.note}
          maxLength={2000}
          multiline
        />
        {done && <SuccessBanner testId="note-saved">{t('cust.note.saved')}</SuccessBanner>}
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('cust.note.save')} sendingLabel={t('common.saving')} />
        </div>
      </form>
    </section>
  );
}

function Merges({ customer, onChanged }: { customer: Customer360; onChanged: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const { merchantId, isOwner } = useBackOffice();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** Who merged: a person's id, or the resolver itself with the rule that linked the two. */
  function mergeBy(m: Customer360['merges'][number]): string {
    if (m.actor !== 'system') return m.actor;
    const rule =
      m.evidence !== null && typeof m.evidence === 'object' && 'rule' in m.evidence
        ? (m.evidence as { rule: unknown }).rule
        : null;
    const label =
      rule === 'sole_holder'
        ? t('cust.merge.rule.sole_holder')
        : rule === 'batch'
          ? t('cust.merge.rule.batch')
          : null;
    return label ? `${t('cust.merge.bySystem')} · ${label}` : t('cust.merge.bySystem');
  }

  async function undo(mergeId: string) {
    setFailure(null);
    setNotice(null);
    try {
      await undoCustomerMerge(merchantId, mergeId);
      setNotice(t('cust.merge.undone'));
      onChanged();
    } catch (e) {
      setFailure({ error: e });
    }
  }

  return (
    <section className="card section" aria-labelledby="cust-merges">
      <h3 id="cust-merges">{t('cust.merge.title')}</h3>
      {notice && <SuccessBanner testId="merge-notice">{notice}</SuccessBanner>}
      {failure && <ErrorBanner testId="merge-error">{problemText(failure.error)}</ErrorBanner>}
      {isOwner ? (
        <MergeForm
          customer={customer}
          onMerged={() => {
            setNotice(t('cust.merge.done'));
            onChanged();
          }}
        />
      ) : (
        <p className="muted">{t('cust.merge.ownerOnly')}</p>
      )}
      <h4>{t('cust.merge.list')}</h4>
      {customer.merges.length === 0 ? (
        <p className="empty" data-testid="no-merges">
          {t('cust.merge.none')}
        </p>
      ) : (
        <ul className="list-cards" data-testid="merges">
          {customer.merges.map((m) => (
            <li
              key={m.id}
              className="list-card"
              data-testid="merge"
              data-merge-id={m.id}
              data-undone={m.undone_at !== null}
            >
              <div className="list-card__main">
                <p className="list-card__title">
                  {t('cust.merge.what', { kept: m.kept, merged: m.merged })}
                </p>
                <p className="list-card__meta">
                  <Time iso={m.at} /> · {mergeBy(m)}
                  {m.undone_at && (
                    <>
                      {' · '}
                      <span className="badge badge--undone">
                        {t('cust.merge.undoneAt', { at: f.dateTime(m.undone_at) })}
                      </span>
                    </>
                  )}
                </p>
              </div>
              {isOwner && m.undone_at === null && (
                <ConfirmButton
                  label={t('cust.merge.undo')}
                  question={t('cust.merge.undoQuestion')}
                  confirmLabel={t('cust.merge.undoConfirm')}
                  sendingLabel={t('common.sending')}
                  onConfirm={() => undo(m.id)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MergeForm({ customer, onMerged }: { customer: Customer360; onMerged: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const { merchantId } = useBackOffice();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<CustomerSummary[] | null>(null);
  const [picked, setPicked] = useState<CustomerSummary | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [sending, setSending] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const thisName = newest(customer, 'name');
  const thisPhone = newest(customer, 'phone');

  useEffect(() => {
    if (picked) dialog.current?.showModal?.();
    else dialog.current?.close?.();
  }, [picked]);

  async function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    if (q.trim() === '') return;
    try {
      const page = await listCustomers(merchantId, { q: q.trim(), limit: 20 });
      setFound(page.items.filter((c) => c.id !== customer.id));
    } catch (e) {
      setFailure({ error: e });
    }
  }

  async function merge() {
    if (!picked) return;
    setSending(true);
    setFailure(null);
    try {
      await mergeCustomers(merchantId, customer.id, picked.id);
      setPicked(null);
      setFound(null);
      setQ('');
      onMerged();
    } catch (e) {
      setFailure({ error: e });
      setPicked(null);
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="customer__merge">
      <form className="form" role="search" aria-label={t('cust.merge.search')} onSubmit={search}>
        <p className="muted">{t('cust.merge.intro')}</p>
        <div className="filters__search">
          <TextField
            label={t('cust.merge.search')}
            name="merge-q"
            type="search"
            value={q}
            onChange={setQ}
            maxLength={100}
            autoComplete="off"
          />
          <button type="submit" className="button button--secondary" data-testid="merge-search">
            {t('cust.search.submit')}
          </button>
        </div>
      </form>
      {failure && <ErrorBanner testId="merge-form-error">{problemText(failure.error)}</ErrorBanner>}
      {found !== null && found.length === 0 && <p className="muted">{t('cust.noneFound')}</p>}
      {found !== null && found.length > 0 && (
        <ul className="list-cards" data-testid="merge-candidates">
          {found.map((c) => (
            <li key={c.id} className="list-card" data-testid="merge-candidate" data-person-id={c.id}>
              <div className="list-card__main">
                <p className="list-card__title">{c.name || t('cust.noName')}</p>
                <p className="list-card__meta">
                  {[c.phone, c.email, c.card_no].filter(Boolean).join(' · ')} ·{' '}
                  {t('cust.purchasesCount', { n: f.count(c.purchases) })}
                </p>
              </div>
              <button type="button" className="button button--small" onClick={() => setPicked(c)}>
                {t('cust.merge.pick')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby="merge-dialog-title"
        data-testid="merge-dialog"
        onCancel={() => setPicked(null)}
      >
        {picked && (
          <div className="dialog__body">
            <h4 id="merge-dialog-title">{t('cust.merge.confirmTitle')}</h4>
            <div className="merge-pair">
              <div className="merge-pair__side" data-testid="merge-kept">
                <p className="merge-pair__role">{t('cust.merge.kept')}</p>
                <p className="merge-pair__name">{thisName || t('cust.noName')}</p>
                <p className="muted">{thisPhone}</p>
                <p className="muted">
                  {t('cust.purchasesCount', { n: f.count(customer.relationship.purchases) })} ·{' '}
                  {f.won(customer.relationship.total_won)}
                </p>
              </div>
              <div className="merge-pair__side" data-testid="merge-merged">
                <p className="merge-pair__role">{t('cust.merge.merged')}</p>
                <p className="merge-pair__name">{picked.name || t('cust.noName')}</p>
                <p className="muted">{[picked.phone, picked.email, picked.card_no].filter(Boolean).join(' · ')}</p>
                <p className="muted">
                  {t('cust.purchasesCount', { n: f.count(picked.purchases) })} · {f.won(picked.total_won)}
                </p>
              </div>
            </div>
            <p>{t('cust.merge.confirmBody')}</p>
            <div className="form__actions">
              <button
                type="button"
                className="button button--danger-solid"
                disabled={sending}
                onClick={() => void merge()}
              >
                {sending ? t('common.sending') : t('cust.merge.confirm')}
              </button>
              <button type="button" className="button button--quiet" disabled={sending} onClick={() => setPicked(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        )}
      </dialog>
    </div>
  );
}
