// /merchant/:merchantId/transfers: stock sent between the merchant's locations. The list puts every
// transfer in transit first, then the 50 latest closed ones, each with where from and where to, its
// lines and its note; one in transit is received at its destination or cancelled (its stock goes back
// in at the source), each after a confirmation. A new transfer: from, to, a note, and lines added by
// searching the merchant's variants (GET …/stock?q=) with the quantity of each; what the source can
// give (on hand less what orders hold) is shown beside each line.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  closeTransfer,
  listStock,
  listTransfers,
  sendTransfer,
  type Location,
  type Transfer,
  type TransferState,
  type VariantStock,
} from '../../api';
import { ConfirmButton, Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import {
  NO_ERRORS,
  NoLocations,
  parseWhole,
  rowIndex,
  useInventoryErrors,
  useInventoryText,
  useLocationName,
  useLocations,
  type FormErrors,
} from './inventoryBits';
import { useVariantTitle } from './Stock';

const SEARCH_LIMIT = 10;
const OPEN_LIMIT = 200;
const RECENT_LIMIT = 50;

const STATE_BADGE: Record<TransferState, string> = {
  in_transit: 'badge--applied',
  received: 'badge--approved',
  cancelled: 'badge--closed',
};

function TransferStateBadge({ state }: { state: TransferState }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${STATE_BADGE[state]}`} data-testid="transfer-state" data-state={state}>
      {t(`transfers.state.${state}`)}
    </span>
  );
}

interface LineRow {
  key: string;
  item: VariantStock;
  quantity: string;
}

function NewTransfer({
  merchantId,
  locations,
  onSent,
}: {
  merchantId: string;
  locations: Location[];
  onSent: (transfer: Transfer) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const title = useVariantTitle();
  const text = useInventoryText();
  const describe = useInventoryErrors();
  const [from, setFrom] = useState(locations[0]?.id ?? '');
  const [to, setTo] = useState(locations[1]?.id ?? '');
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<LineRow[]>([]);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<VariantStock[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<Failure | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  const options = locations.map((l) => ({ value: l.id, label: name(l) }));

  const canGive = (item: VariantStock) => {
    const level = item.levels.find((l) => l.location_id === from);
    return level ? Math.max(0, level.on_hand - level.reserved) : 0;
  };

  async function find() {
    setSearching(true);
    setSearchError(null);
    try {
      const page = await listStock(merchantId, { q: search.trim(), limit: SEARCH_LIMIT });
      setFound(page.items);
    } catch (e) {
      setSearchError({ error: e });
    } finally {
      setSearching(false);
    }
  }

  function add(item: VariantStock) {
    setLines((old) =>
      old.some((l) => l.item.variant_id === item.variant_id)
        ? old
        : [...old, { key: item.variant_id, item, quantity: '' }],
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const body: { variant_id: string; quantity: number }[] = [];
    for (const l of lines) {
      const n = parseWhole(l.quantity);
      if (n === null || n < 1) fields[`line.${l.key}`] = t('stock.quantity.invalid');
      else body.push({ variant_id: l.item.variant_id, quantity: n });
    }
    if (lines.length === 0) fields.lines = t('transfers.lines.none');
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: t('form.checkFields'), fields });
      return;
    }
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      const sent = await sendTransfer(merchantId, {
        from_location_id: from,
        to_location_id: to,
        lines: body,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setLines([]);
      setNote('');
      setFound(null);
      setSearch('');
      onSent(sent);
    } catch (e) {
      setErrors(
        describe(e, (fe) => {
          if (fe.field === 'from_location_id') return 'from';
          if (fe.field === 'to_location_id') return 'to';
          if (fe.field === 'note') return 'note';
          if (fe.field === 'lines') return 'lines';
          const i = rowIndex(fe.field, 'lines');
          return i !== null && lines[i] ? `line.${lines[i]!.key}` : null;
        }),
      );
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="section card" aria-labelledby="transfer-new" data-testid="new-transfer">
      <h2 id="transfer-new">{t('transfers.new.title')}</h2>
      <form className="form form--wide" noValidate onSubmit={onSubmit} aria-busy={sending}>
        <div className="form__grid">
          <SelectField
            label={t('transfers.from')}
            name="from_location_id"
            value={from}
            onChange={setFrom}
            options={options}
            error={errors.fields.from}
          />
          <SelectField
            label={t('transfers.to')}
            name="to_location_id"
            value={to}
            onChange={setTo}
            options={options}
            error={errors.fields.to}
          />
        </div>
        <div className="transfer-search">
          <div className="filters__search">
            <TextField
              label={t('transfers.search')}
              name="transfer_search"
              type="search"
              value={search}
              onChange={setSearch}
              hint={t('transfers.searchHint')}
              maxLength={100}
              autoComplete="off"
            />
            <button
              type="button"
              className="button button--quiet"
              disabled={searching}
              onClick={() => void find()}
              data-testid="transfer-find"
            >
              {searching ? t('a11y.loading') : t('transfers.find')}
            </button>
          </div>
          {searchError && <ErrorBanner testId="search-error">{text.problem(searchError.error)}</ErrorBanner>}
          {found !== null && found.length === 0 && <p className="muted">{t('transfers.found.none')}</p>}
          {found !== null && found.length > 0 && (
            <ul className="pick-list" data-testid="transfer-found">
              {found.map((item) => (
                <li key={item.variant_id} className="pick-list__item" data-sku={item.sku}>
                  <span>
                    <span className="num">{item.sku}</span> {title(item)}{' '}
                    <span className="muted">{t('transfers.canGive', { n: f.count(canGive(item)) })}</span>
                  </span>
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    disabled={lines.some((l) => l.item.variant_id === item.variant_id)}
                    aria-label={t('transfers.addLabel', { sku: item.sku })}
                    onClick={() => add(item)}
                  >
                    {t('transfers.add')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        {lines.length > 0 && (
          <div className="table-wrap">
            <table className="table table--stack" data-testid="transfer-lines">
              <thead>
                <tr>
                  <th scope="col">{t('stock.col.sku')}</th>
                  <th scope="col">{t('transfers.col.canGive')}</th>
                  <th scope="col">{t('transfers.col.quantity')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => {
                  const error = errors.fields[`line.${l.key}`];
                  const id = `line-${l.key}`;
                  return (
                    <tr key={l.key} data-testid="transfer-line" data-sku={l.item.sku}>
                      <th scope="row" data-label={t('stock.col.sku')}>
                        <span className="num">{l.item.sku}</span>
                        <span className="muted stock-row__title">{title(l.item)}</span>
                      </th>
                      <td data-label={t('transfers.col.canGive')} className="num">
                        {f.count(canGive(l.item))}
                      </td>
                      <td data-label={t('transfers.col.quantity')} className={error ? 'cell cell--invalid' : 'cell'}>
                        <input
                          id={id}
                          className="field__input cell__input"
                          value={l.quantity}
                          inputMode="numeric"
                          maxLength={13}
                          autoComplete="off"
                          aria-label={t('transfers.quantityLabel', { sku: l.item.sku })}
                          aria-invalid={Boolean(error)}
                          aria-describedby={error ? `${id}-error` : undefined}
                          onChange={(e) =>
                            setLines((old) =>
                              old.map((x) => (x.key === l.key ? { ...x, quantity: e.target.value } : x)),
                            )
                          }
                        />
                        {error && (
                          <p id={`${id}-error`} className="field__error cell__error" data-testid="field-error">
                            {error}
                          </p>
                        )}
                      </td>
                      <td className="table__actions">
                        <button
                          type="button"
                          className="button button--small button--quiet"
                          onClick={() => setLines((old) => old.filter((x) => x.key !== l.key))}
                        >
                          {t('transfers.remove')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {errors.fields.lines && (
          <p className="field__error" data-testid="field-error">
            {errors.fields.lines}
          </p>
        )}
        <TextField
          label={t('stock.note')}
          name="transfer_note"
          value={note}
          onChange={setNote}
          error={errors.fields.note}
          optional
          maxLength={200}
          autoComplete="off"
        />
        {errors.banner && <ErrorBanner testId="transfer-error">{errors.banner}</ErrorBanner>}
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('transfers.send')} sendingLabel={t('common.sending')} />
        </div>
      </form>
    </section>
  );
}

export function Transfers() {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const title = useVariantTitle();
  const text = useInventoryText();
  const { merchantId, merchantName, isOwner } = useBackOffice();
  useDocumentTitle(t('transfers.title') + t('title.separator') + merchantName);
  const locations = useLocations(merchantId);
  const [items, setItems] = useState<Transfer[] | null>(null);
  const [listError, setListError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/merchant/${encodeURIComponent(merchantId)}`;

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        // Every transfer in transit, however old, first; then the latest closed ones. Newest first in each.
        const [open, recent] = await Promise.all([
          listTransfers(merchantId, { state: 'in_transit', limit: OPEN_LIMIT }, signal),
          listTransfers(merchantId, { limit: RECENT_LIMIT }, signal),
        ]);
        setItems([...open.items, ...recent.items.filter((tr) => tr.state !== 'in_transit')]);
        setListError(null);
      } catch (e) {
        if (!signal?.aborted) setListError({ error: e });
      }
    },
    [merchantId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  async function close(transfer: Transfer, how: 'receive' | 'cancel') {
    setNotice(null);
    setListError(null);
    try {
      await closeTransfer(merchantId, transfer.id, how);
      await load();
      setNotice(
        t(how === 'receive' ? 'transfers.received' : 'transfers.cancelled', {
          to: name(locations.state.kind === 'ready' ? locations.state.byId.get(transfer.to_location_id) : undefined),
          from: name(
            locations.state.kind === 'ready' ? locations.state.byId.get(transfer.from_location_id) : undefined,
          ),
        }),
      );
    } catch (e) {
      setListError({ error: e });
      await load();
    }
  }

  if (locations.state.kind === 'loading') return <Loading />;
  if (locations.state.kind === 'error') {
    return (
      <div className="banner banner--error" role="alert" data-testid="list-error">
        <p>{text.problem(locations.state.error)}</p>
        <button type="button" className="button button--secondary" onClick={locations.reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  const { active, byId } = locations.state;
  if (locations.state.items.length === 0) {
    return (
      <div className="sections">
        <div className="section__head">
          <h2>{t('transfers.title')}</h2>
        </div>
        <NoLocations base={base} isOwner={isOwner} />
      </div>
    );
  }

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('transfers.title')}</h2>
      </div>
      {active.length >= 2 ? (
        <NewTransfer
          merchantId={merchantId}
          locations={active}
          onSent={(sent) => {
            setNotice(
              t('transfers.sent', {
                from: name(byId.get(sent.from_location_id)),
                to: name(byId.get(sent.to_location_id)),
              }),
            );
            void load();
          }}
        />
      ) : (
        <p className="card muted" data-testid="transfers-need-two">
          {t('transfers.needTwo')}
        </p>
      )}
      <section className="section card" aria-labelledby="transfers-list">
        <h2 id="transfers-list">{t('transfers.list.title')}</h2>
        {notice && <SuccessBanner testId="transfers-notice">{notice}</SuccessBanner>}
        {listError && <ErrorBanner testId="transfers-error">{text.problem(listError.error)}</ErrorBanner>}
        {items === null && !listError && <Loading />}
        {items !== null && items.length === 0 && <p className="empty">{t('transfers.list.none')}</p>}
        {items !== null && items.length > 0 && (
          <ul className="list-cards" data-testid="transfers">
            {items.map((tr) => (
              <li key={tr.id} className="list-card transfer" data-testid="transfer" data-transfer-id={tr.id}>
                <div className="list-card__main">
                  <p className="list-card__title">
                    <span data-testid="transfer-route">
                      {t('transfers.route', {
                        from: name(byId.get(tr.from_location_id)),
                        to: name(byId.get(tr.to_location_id)),
                      })}
                    </span>{' '}
                    <TransferStateBadge state={tr.state} />
                  </p>
                  <ul className="transfer__lines">
                    {tr.lines.map((l) => (
                      <li key={l.variant_id} data-testid="transfer-line-shown">
                        <span className="num">{l.sku ?? l.variant_id}</span> {title(l)} ×{' '}
                        <span className="num">{f.count(l.quantity)}</span>
                      </li>
                    ))}
                  </ul>
                  <p className="list-card__meta">
                    {t('transfers.sentAt')} <Time iso={tr.created_at} />
                    {tr.closed_at && (
                      <>
                        {' · '}
                        {t(tr.state === 'received' ? 'transfers.receivedAt' : 'transfers.cancelledAt')}{' '}
                        <Time iso={tr.closed_at} />
                      </>
                    )}
                    {' · '}
                    <span className="audit__id">{tr.id}</span>
                  </p>
                  {tr.note && <p className="muted">{tr.note}</p>}
                </div>
                {tr.state === 'in_transit' && (
                  <div className="button-row">
                    <ConfirmButton
                      label={t('transfers.receive')}
                      question={t('transfers.receiveQuestion', { to: name(byId.get(tr.to_location_id)) })}
                      confirmLabel={t('transfers.receiveConfirm')}
                      sendingLabel={t('common.sending')}
                      danger={false}
                      onConfirm={() => close(tr, 'receive')}
                    />
                    <ConfirmButton
                      label={t('transfers.cancel')}
                      question={t('transfers.cancelQuestion', { from: name(byId.get(tr.from_location_id)) })}
                      confirmLabel={t('transfers.cancelConfirm')}
                      sendingLabel={t('common.sending')}
                      onConfirm={() => close(tr, 'cancel')}
                    />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
