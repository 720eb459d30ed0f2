// /merchant/:merchantId/locations: the merchant's shops and warehouses (kind, name, district, address,
// phone, pickup, open or closed), and /locations/new and /locations/:locationId: a location's editor.
// Names in Korean and English, the district of the region, a Korean address (5-digit postal code,
// road address, detail), the phone, opening hours for seven days Monday first with a "closed" toggle
// per day, pickup (shops only), and the territory it serves: whole districts and postal code ranges.
//
// Only owners change locations; staff see the same pages read-only (the API answers them 403). The
// server judges the location: its field errors are shown at their fields and rows. A save answered
// 409 version_changed offers to load the other person's version; closing a location that still holds
// stock is refused (409 location_has_stock) and the page says how to empty it first.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import {
  createLocation,
  getDistricts,
  getLocation,
  isApiError,
  LOCATION_KINDS,
  updateLocation,
  type CodeName,
  type Location,
} from '../../api';
import { ConfirmButton, Time } from '../../components/Bits';
import {
  CheckboxGroup,
  ErrorBanner,
  Loading,
  SelectField,
  SubmitButton,
  SuccessBanner,
  TextField,
} from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { OwnerOnly, useBackOffice } from './BackOffice';
import {
  KindBadge,
  NO_ERRORS,
  OpenBadge,
  useInventoryErrors,
  useInventoryText,
  useLocationName,
  useLocations,
  type FormErrors,
} from './inventoryBits';
import {
  emptyLocationForm,
  emptyRange,
  fromLocation,
  inputOf,
  placeLocationField,
  toLocationInput,
  type HoursRow,
  type LocationForm,
  type RangeRow,
} from './locationForm';

const MAX_RANGES = 100;

function isConflict(e: unknown, reason: string): boolean {
  return isApiError(e) && e.status === 409 && e.reason === reason;
}

/** The districts of the region, for the pickers; an empty list while loading or when the call failed. */
function useDistricts(): CodeName[] {
  const [items, setItems] = useState<CodeName[]>([]);
  useEffect(() => {
    let live = true;
    getDistricts().then(
      (d) => {
        if (live) setItems(d.items);
      },
      () => {
        if (live) setItems([]);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return items;
}

function addressOf(l: Location): string {
  return [`(${l.postal_code})`, l.road_address, l.address_detail].filter(Boolean).join(' ');
}

export function Locations() {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const text = useInventoryText();
  const { merchantId, merchantName, isOwner } = useBackOffice();
  useDocumentTitle(t('locations.title') + t('title.separator') + merchantName);
  const { state } = useLocations(merchantId);
  const base = `/merchant/${encodeURIComponent(merchantId)}/locations`;

  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('locations.title')}</h2>
        {isOwner && (
          <Link to={`${base}/new`} className="button button--small" data-testid="new-location">
            {t('locations.new')}
          </Link>
        )}
      </div>
      {!isOwner && (
        <div className="banner banner--info" role="status" data-testid="locations-read-only">
          <p>{t('locations.readOnly')}</p>
        </div>
      )}
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <ErrorBanner testId="list-error">{text.problem(state.error)}</ErrorBanner>}
      {state.kind === 'ready' && state.items.length === 0 && (
        <div className="card empty-state" data-testid="no-locations">
          <p className="empty-state__title">{t('locations.empty.title')}</p>
          <p className="muted">{t('locations.empty.body')}</p>
          {isOwner ? (
            <div className="button-row">
              <Link to={`${base}/new`} className="button">
                {t('locations.empty.add')}
              </Link>
            </div>
          ) : (
            <p className="muted">{t('locations.empty.staff')}</p>
          )}
        </div>
      )}
      {state.kind === 'ready' && state.items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--stack" data-testid="locations">
            <thead>
              <tr>
                <th scope="col">{t('locations.col.name')}</th>
                <th scope="col">{t('locations.col.kind')}</th>
                <th scope="col">{t('locations.col.district')}</th>
                <th scope="col">{t('locations.col.address')}</th>
                <th scope="col">{t('locations.col.phone')}</th>
                <th scope="col">{t('locations.col.pickup')}</th>
                <th scope="col">{t('locations.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((l) => (
                <tr key={l.id} data-testid="location" data-location-id={l.id}>
                  <th scope="row" data-label={t('locations.col.name')}>
                    <Link to={`${base}/${encodeURIComponent(l.id)}`} data-testid="location-name">
                      {name(l)}
                    </Link>
                  </th>
                  <td data-label={t('locations.col.kind')}>
                    <KindBadge kind={l.kind} />
                  </td>
                  <td data-label={t('locations.col.district')}>{f.local(l.district) || l.district_code}</td>
                  <td data-label={t('locations.col.address')}>{addressOf(l)}</td>
                  <td data-label={t('locations.col.phone')} className="num">
                    {l.phone || '—'}
                  </td>
                  <td data-label={t('locations.col.pickup')} data-testid="location-pickup">
                    {l.pickup ? t('locations.pickup.yes') : t('locations.pickup.no')}
                  </td>
                  <td data-label={t('locations.col.state')}>
                    <OpenBadge active={l.active} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Seven rows, Monday first: a "closed" toggle, the opening and the closing time, the day's error. */
function HoursField({
  hours,
  onChange,
  errors,
  disabled,
}: {
  hours: HoursRow[];
  onChange: (day: number, row: HoursRow) => void;
  errors: Record<string, string>;
  disabled: boolean;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="field field--group hours" aria-describedby={errors.hours ? 'hours-error' : undefined}>
      <legend className="field__label">{t('locations.hours')}</legend>
      <p className="field__hint">{t('locations.hoursHint')}</p>
      <div className="hours__rows">
        {hours.map((row, day) => {
          const dayName = t(`locations.day.${day}` as 'locations.day.0');
          const error = errors[`hours.${day}`];
          const errorId = `hours-${day}-error`;
          return (
            <div
              key={day}
              className={error ? 'hours__row hours__row--invalid' : 'hours__row'}
              data-testid="hours-row"
              data-day={day}
            >
              <span className="hours__day">{dayName}</span>
              <label className="hours__closed">
                <input
                  type="checkbox"
                  checked={row.closed}
                  disabled={disabled}
                  onChange={(e) => onChange(day, { ...row, closed: e.target.checked })}
                  aria-label={t('locations.hours.closedLabel', { day: dayName })}
                />
                <span aria-hidden="true">{t('locations.hours.closed')}</span>
              </label>
              {row.closed ? (
                <span className="muted hours__off">{t('locations.hours.closedDay')}</span>
              ) : (
                <span className="hours__times">
                  <input
                    className="field__input hours__time"
                    value={row.open}
                    disabled={disabled}
                    maxLength={5}
                    placeholder="09:00"
                    autoComplete="off"
                    aria-label={t('locations.hours.openLabel', { day: dayName })}
                    aria-invalid={Boolean(error)}
                    aria-describedby={error ? errorId : undefined}
                    onChange={(e) => onChange(day, { ...row, open: e.target.value })}
                  />
                  <span aria-hidden="true">–</span>
                  <input
                    className="field__input hours__time"
                    value={row.close}
                    disabled={disabled}
                    maxLength={5}
                    placeholder="18:00"
                    autoComplete="off"
                    aria-label={t('locations.hours.closeLabel', { day: dayName })}
                    aria-invalid={Boolean(error)}
                    aria-describedby={error ? errorId : undefined}
                    onChange={(e) => onChange(day, { ...row, close: e.target.value })}
                  />
                </span>
              )}
              {error && (
                <p id={errorId} className="field__error hours__error" data-testid="field-error">
                  {error}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {errors.hours && (
        <p id="hours-error" className="field__error" data-testid="field-error">
          {errors.hours}
        </p>
      )}
    </fieldset>
  );
}

/** The territory's postal code ranges, one row each: first and last code, and a remove button. */
function RangesField({
  ranges,
  update,
  errors,
  disabled,
}: {
  ranges: RangeRow[];
  update: (change: (old: RangeRow[]) => RangeRow[]) => void;
  errors: Record<string, string>;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const set = (at: string, change: Partial<RangeRow>) =>
    update((old) => old.map((r) => (r.key === at ? { ...r, ...change } : r)));
  return (
    <fieldset className="field field--group" data-testid="ranges">
      <legend className="field__label">{t('locations.ranges')}</legend>
      <p className="field__hint">{t('locations.rangesHint')}</p>
      {ranges.length === 0 && <p className="muted">{t('locations.ranges.none')}</p>}
      {ranges.map((r, i) => {
        const error = errors[`ranges.${r.key}`];
        const errorId = `range-${r.key}-error`;
        const n = i + 1;
        return (
          <div key={r.key} className={error ? 'range-row range-row--invalid' : 'range-row'} data-testid="range-row">
            <input
              className="field__input range-row__code"
              value={r.first}
              disabled={disabled}
              inputMode="numeric"
              maxLength={5}
              placeholder="48000"
              autoComplete="off"
              aria-label={t('locations.ranges.firstLabel', { n })}
              aria-invalid={Boolean(error)}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => set(r.key, { first: e.target.value })}
            />
            <span aria-hidden="true">~</span>
            <input
              className="field__input range-row__code"
              value={r.last}
              disabled={disabled}
              inputMode="numeric"
              maxLength={5}
              placeholder="48099"
              autoComplete="off"
              aria-label={t('locations.ranges.lastLabel', { n })}
              aria-invalid={Boolean(error)}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => set(r.key, { last: e.target.value })}
            />
            {!disabled && (
              <button
                type="button"
                className="button button--small button--quiet"
                onClick={() => update((old) => old.filter((x) => x.key !== r.key))}
              >
                {t('locations.ranges.remove')}
                <span className="visually-hidden"> {n}</span>
              </button>
            )}
            {error && (
              <p id={errorId} className="field__error range-row__error" data-testid="field-error">
                {error}
              </p>
            )}
          </div>
        );
      })}
      {errors.ranges && (
        <p className="field__error" data-testid="field-error">
          {errors.ranges}
        </p>
      )}
      {!disabled && ranges.length < MAX_RANGES && (
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => update((old) => [...old, emptyRange()])}
        >
          {t('locations.ranges.add')}
        </button>
      )}
    </fieldset>
  );
}

/** Open or closed, and the owner's close / reopen with a confirmation. */
function StateCard({
  location,
  dirty,
  onChanged,
  onConflict,
}: {
  location: Location;
  dirty: boolean;
  onChanged: (location: Location, notice: string) => void;
  onConflict: () => void;
}) {
  const { t } = useI18n();
  const text = useInventoryText();
  const name = useLocationName();
  const { merchantId } = useBackOffice();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Failure | null>(null);

  async function go(active: boolean) {
    setBusy(true);
    setError(null);
    try {
      const body = { ...inputOf(location), active, version: location.version };
      const changed = await updateLocation(merchantId, location.id, body);
      onChanged(changed, t(active ? 'locations.reopened' : 'locations.closed'));
    } catch (e) {
      if (isConflict(e, 'version_changed')) onConflict();
      else setError({ error: e });
    } finally {
      setBusy(false);
    }
  }

  const hasStock = error !== null && isConflict(error.error, 'location_has_stock');
  return (
    <section className="section card status-card" aria-labelledby="location-state-title" data-testid="location-status">
      <h2 id="location-state-title">{t('locations.state.title')}</h2>
      <p>
        <OpenBadge active={location.active} />{' '}
        {t(location.active ? 'locations.state.openHint' : 'locations.state.closedHint')}
      </p>
      <p className="muted">
        {t('locations.updated')} <Time iso={location.updated_at} />
      </p>
      {error && (
        <div className="banner banner--error" role="alert" data-testid="state-error">
          <p>{text.problem(error.error)}</p>
          {hasStock && (
            <Link to={`/merchant/${encodeURIComponent(merchantId)}/stock`} className="button button--secondary">
              {t('locations.hasStock.toStock')}
            </Link>
          )}
        </div>
      )}
      {dirty && <p className="field__hint">{t('locations.state.saveFirst')}</p>}
      <div className="button-row">
        {location.active ? (
          <ConfirmButton
            label={t('locations.close')}
            question={t('locations.closeQuestion', { name: name(location) })}
            confirmLabel={t('locations.closeConfirm')}
            sendingLabel={t('common.saving')}
            disabled={busy || dirty}
            onConfirm={() => go(false)}
          />
        ) : (
          <button
            type="button"
            className="button button--small button--quiet"
            disabled={busy || dirty}
            onClick={() => void go(true)}
          >
            {busy ? t('common.saving') : t('locations.reopen')}
          </button>
        )}
      </div>
    </section>
  );
}

/**
 * The other active shops whose territory overlaps this one's, as the server found them on reading or
 * saving it: allowed, but told, with the districts and postal code ranges they share.
 */
function TerritoryWarnings({ location, districts }: { location: Location; districts: CodeName[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const warnings = location.warnings ?? [];
  if (warnings.length === 0) return null;
  const districtName = (code: string) => {
    const d = districts.find((x) => x.code === code);
    return d ? f.local(d.name) : code;
  };
  const base = `/merchant/${encodeURIComponent(location.merchant_id)}/locations`;
  return (
    <div className="banner banner--warning" role="status" data-testid="territory-warnings">
      <div>
        <p>{t('locations.overlap.title')}</p>
        <ul>
          {warnings.map((w) => (
            <li key={w.location_id} data-testid="territory-warning" data-location={w.location_id}>
              <Link to={`${base}/${encodeURIComponent(w.location_id)}`}>{name(w)}</Link>
              {': '}
              {[
                ...w.districts.map(districtName),
                ...w.postal_ranges.map(([first, last]) => (first === last ? first : `${first}–${last}`)),
              ].join(', ')}
            </li>
          ))}
        </ul>
        <p className="muted">{t('locations.overlap.body')}</p>
      </div>
    </div>
  );
}

interface EditorProps {
  initial: Location | null;
  notice: string | null;
}

function Editor({ initial, notice: firstNotice }: EditorProps) {
  const { t } = useI18n();
  const f = useFormat();
  const navigate = useNavigate();
  const name = useLocationName();
  const text = useInventoryText();
  const describe = useInventoryErrors();
  const districts = useDistricts();
  const { merchantId, isOwner } = useBackOffice();
  const [location, setLocation] = useState<Location | null>(initial);
  const [form, setForm] = useState<LocationForm>(() => (initial ? fromLocation(initial) : emptyLocationForm()));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [notice, setNotice] = useState<string | null>(firstNotice);
  const readOnly = !isOwner;
  const base = `/merchant/${encodeURIComponent(merchantId)}/locations`;

  const update = (change: (old: LocationForm) => LocationForm) => {
    setForm(change);
    setDirty(true);
    setNotice(null);
  };
  const set =
    <K extends keyof LocationForm>(field: K) =>
    (value: LocationForm[K]) =>
      update((old) => ({ ...old, [field]: value }));

  function load(l: Location, message: string | null) {
    setLocation(l);
    setForm(fromLocation(l));
    setDirty(false);
    setErrors(NO_ERRORS);
    setConflict(false);
    setNotice(message);
  }

  async function reload() {
    if (!location) return;
    setReloading(true);
    try {
      load(await getLocation(merchantId, location.id), t('locations.conflict.reloaded'));
    } catch (e) {
      setErrors({ banner: text.problem(e), fields: {} });
    } finally {
      setReloading(false);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (readOnly) return;
    setNotice(null);
    setConflict(false);
    const built = toLocationInput(form, location?.active ?? true);
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      if (location === null) {
        const made = await createLocation(merchantId, built.input);
        setDirty(false);
        navigate(`${base}/${encodeURIComponent(made.id)}`, { replace: true, state: { notice: 'created' } });
        return;
      }
      const saved = await updateLocation(merchantId, location.id, { ...built.input, version: location.version });
      load(saved, t('locations.saved'));
    } catch (e) {
      if (isConflict(e, 'version_changed')) setConflict(true);
      else setErrors(describe(e, (fe) => placeLocationField(fe.field, built.rangeKeys)));
    } finally {
      setSending(false);
    }
  }

  const fields = errors.fields;
  const districtOptions = districts.map((d) => ({ value: d.code, label: f.local(d.name) }));
  const title = location ? name(location) : t('locations.new.title');
  return (
    <div className="sections location-editor">
      <p className="back">
        <Link to={base}>{t('locations.back')}</Link>
      </p>
      <div className="section__head">
        <h2 data-testid="editor-title">{title}</h2>
        {location && <KindBadge kind={location.kind} />}
      </div>
      {readOnly && (
        <div className="banner banner--info" role="status" data-testid="locations-read-only">
          <p>{t('locations.readOnly')}</p>
        </div>
      )}
      {notice && <SuccessBanner testId="location-notice">{notice}</SuccessBanner>}
      {location && <TerritoryWarnings location={location} districts={districts} />}
      {location && (
        <p>
          <Link to={`${base}/${encodeURIComponent(location.id)}/report`} data-testid="location-report-link">
            {t('locations.report')}
          </Link>
        </p>
      )}
      {location && isOwner && (
        <StateCard
          location={location}
          dirty={dirty}
          onChanged={(l, message) => {
            setLocation(l);
            setForm(fromLocation(l));
            setNotice(message);
          }}
          onConflict={() => setConflict(true)}
        />
      )}
      {location && readOnly && (
        <p>
          <OpenBadge active={location.active} />
        </p>
      )}
      <form className="form form--wide" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="location-form">
        <fieldset className="form__fieldset" disabled={readOnly}>
          <section className="section card editor-section" aria-labelledby="location-basics">
            <h2 id="location-basics">{t('locations.basics')}</h2>
            <div className="form__grid">
              <SelectField
                label={t('locations.kind')}
                name="kind"
                value={form.kind}
                onChange={(v) => set('kind')(v === 'warehouse' ? 'warehouse' : 'shop')}
                options={LOCATION_KINDS.map((k) => ({ value: k, label: t(`locations.kind.${k}`) }))}
                error={fields.kind}
                hint={t('locations.kindHint')}
              />
              <SelectField
                label={t('locations.district')}
                name="district_code"
                value={form.district_code}
                onChange={set('district_code')}
                placeholder={t('form.choose')}
                options={districtOptions}
                error={fields.district_code}
                required
                requiredMark={t('products.required')}
              />
              <TextField
                label={t('locations.nameKo')}
                name="name_ko"
                value={form.name_ko}
                onChange={set('name_ko')}
                error={fields.name_ko}
                hint={t('locations.nameKoHint')}
                required
                requiredMark={t('products.required')}
                maxLength={100}
                autoComplete="off"
              />
              <TextField
                label={t('locations.nameEn')}
                name="name_en"
                value={form.name_en}
                onChange={set('name_en')}
                error={fields.name_en}
                optional
                maxLength={100}
                autoComplete="off"
              />
              <TextField
                label={t('locations.phone')}
                name="phone"
                type="tel"
                value={form.phone}
                onChange={set('phone')}
                error={fields.phone}
                hint={t('locations.phoneHint')}
                optional
                inputMode="tel"
                maxLength={20}
                autoComplete="off"
              />
            </div>
            {form.kind === 'shop' && (
              <div className="field">
                <label className="check">
                  <input
                    type="checkbox"
                    name="pickup"
                    checked={form.pickup}
                    onChange={(e) => set('pickup')(e.target.checked)}
                    aria-describedby={fields.pickup ? 'pickup-error' : undefined}
                  />
                  <span>
                    <span className="check__label">{t('locations.pickup')}</span>
                    <span className="check__hint">{t('locations.pickupHint')}</span>
                  </span>
                </label>
                {fields.pickup && (
                  <p id="pickup-error" className="field__error" data-testid="field-error">
                    {fields.pickup}
                  </p>
                )}
              </div>
            )}
          </section>

          <section className="section card editor-section" aria-labelledby="location-address">
            <h2 id="location-address">{t('locations.address')}</h2>
            <div className="form__grid">
              <TextField
                label={t('locations.postalCode')}
                name="postal_code"
                value={form.postal_code}
                onChange={set('postal_code')}
                error={fields.postal_code}
                hint={t('locations.postalCodeHint')}
                required
                requiredMark={t('products.required')}
                inputMode="numeric"
                maxLength={10}
                autoComplete="off"
              />
              <TextField
                label={t('locations.roadAddress')}
                name="road_address"
                value={form.road_address}
                onChange={set('road_address')}
                error={fields.road_address}
                hint={t('locations.roadAddressHint')}
                required
                requiredMark={t('products.required')}
                maxLength={200}
                autoComplete="off"
              />
              <TextField
                label={t('locations.addressDetail')}
                name="address_detail"
                value={form.address_detail}
                onChange={set('address_detail')}
                error={fields.address_detail}
                optional
                maxLength={100}
                autoComplete="off"
              />
            </div>
          </section>

          <section className="section card editor-section" aria-labelledby="location-hours">
            <h2 id="location-hours">{t('locations.hoursTitle')}</h2>
            <HoursField
              hours={form.hours}
              disabled={readOnly}
              errors={fields}
              onChange={(day, row) =>
                update((old) => ({ ...old, hours: old.hours.map((h, i) => (i === day ? row : h)) }))
              }
            />
          </section>

          <section className="section card editor-section" aria-labelledby="location-territory">
            <h2 id="location-territory">{t('locations.territory')}</h2>
            <p className="section__intro">{t('locations.territoryIntro')}</p>
            <div className="territory-districts">
              <CheckboxGroup
                legend={t('locations.territoryDistricts')}
                name="territory_districts"
                options={districtOptions}
                values={form.districts}
                onChange={set('districts')}
                error={fields.districts}
              />
            </div>
            <RangesField
              ranges={form.ranges}
              disabled={readOnly}
              errors={fields}
              update={(change) => update((old) => ({ ...old, ranges: change(old.ranges) }))}
            />
          </section>
        </fieldset>

        {!readOnly && (
          <div className="save-bar" data-testid="save-bar">
            {conflict && (
              <div className="banner banner--error" role="alert" data-testid="conflict">
                <p>{t('locations.conflict.body')}</p>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={reloading}
                  onClick={() => void reload()}
                >
                  {reloading ? t('a11y.loading') : t('locations.conflict.reload')}
                </button>
              </div>
            )}
            {errors.banner && <ErrorBanner testId="location-error">{errors.banner}</ErrorBanner>}
            <div className="form__actions">
              <SubmitButton
                sending={sending}
                label={location ? t('locations.save') : t('locations.create')}
                sendingLabel={t('common.saving')}
              />
              {dirty && <span className="muted">{t('products.unsaved')}</span>}
            </div>
          </div>
        )}
      </form>
    </div>
  );
}

type Loaded =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'notFound' }
  | { kind: 'ready'; location: Location | null };

export function LocationEditor() {
  const { t } = useI18n();
  const name = useLocationName();
  const text = useInventoryText();
  const { merchantId, merchantName, isOwner } = useBackOffice();
  const { locationId } = useParams();
  const routerLocation = useLocation();
  const [loaded, setLoaded] = useState<Loaded>(locationId ? { kind: 'loading' } : { kind: 'ready', location: null });
  const [attempt, setAttempt] = useState(0);
  const base = `/merchant/${encodeURIComponent(merchantId)}/locations`;

  useEffect(() => {
    if (!locationId) {
      setLoaded({ kind: 'ready', location: null });
      return;
    }
    const controller = new AbortController();
    setLoaded({ kind: 'loading' });
    getLocation(merchantId, locationId, controller.signal).then(
      (location) => setLoaded({ kind: 'ready', location }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(e) && (e.status === 404 || e.status === 422)) setLoaded({ kind: 'notFound' });
        else setLoaded({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, locationId, attempt]);

  const pageTitle =
    loaded.kind === 'ready' && loaded.location
      ? name(loaded.location)
      : locationId
        ? t('locations.edit.title')
        : t('locations.new.title');
  useDocumentTitle(pageTitle + t('title.separator') + merchantName);

  const state = (routerLocation.state ?? null) as { notice?: string } | null;
  const notice = state?.notice === 'created' ? t('locations.created') : null;

  if (!locationId && !isOwner) return <OwnerOnly />;
  if (loaded.kind === 'notFound') {
    return (
      <section className="section card" data-testid="location-not-found">
        <h2>{t('locations.notFound.title')}</h2>
        <p>{t('locations.notFound.body')}</p>
        <Link to={base} className="button">
          {t('locations.back')}
        </Link>
      </section>
    );
  }
  if (loaded.kind === 'error') {
    return (
      <div className="banner banner--error" role="alert" data-testid="editor-error">
        <p>{text.problem(loaded.error)}</p>
        <button type="button" className="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (loaded.kind === 'loading') return <Loading />;
  return (
    <Editor key={loaded.location ? loaded.location.id : 'new'} initial={loaded.location} notice={notice} />
  );
}
