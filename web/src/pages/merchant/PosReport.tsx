// /merchant/:merchantId/pos/report: a shop's end-of-day counter report (GET
// …/locations/{location_id}/pos-report?date=), the shop and the day (in Korea, today by default) kept
// in the address: sales, returns and voids with their counts and amounts, net, units sold; by payment
// method (taken, paid back, net: what the till should hold); by staff member; by hour as a bar chart
// drawn in CSS; and the day's open exceptions. It prints on A4 without the menus.
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getPosDayReport, type PosDayReport } from '../../api';
import { ErrorBanner, Loading, SelectField, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { NoLocations, useLocationName, useLocations } from './inventoryBits';
import { chosenShop } from './posStore';
import { dayInSeoul, usePosText, useTenderName } from './posBits';

function HourChart({ report }: { report: PosDayReport }) {
  const { t } = useI18n();
  const f = useFormat();
  const max = Math.max(1, ...report.by_hour.map((h) => Math.max(h.sales, h.refunds)));
  return (
    <div className="hour-chart" role="img" aria-label={t('pos.report.byHourLabel')} data-testid="hour-chart">
      {report.by_hour.map((h) => (
        <div
          key={h.hour}
          className="hour-chart__col"
          title={t('pos.report.hourTitle', {
            hour: h.hour,
            n: f.count(h.sales_count),
            sales: f.won(h.sales),
            refunds: f.won(h.refunds),
          })}
          data-testid="hour"
          data-hour={h.hour}
          data-sales={h.sales}
        >
          <div className="hour-chart__bars">
            <span className="hour-chart__bar" style={{ height: `${(h.sales / max) * 100}%` }} />
            {h.refunds > 0 && (
              <span
                className="hour-chart__bar hour-chart__bar--refund"
                style={{ height: `${(h.refunds / max) * 100}%` }}
              />
            )}
          </div>
          <span className="hour-chart__label">{h.hour}</span>
        </div>
      ))}
    </div>
  );
}

export function PosReport() {
  const { t } = useI18n();
  const f = useFormat();
  const text = usePosText();
  const tender = useTenderName();
  const name = useLocationName();
  const { merchantId, merchantName, isOwner } = useBackOffice();
  useDocumentTitle(t('pos.report.title') + t('title.separator') + merchantName);
  const locations = useLocations(merchantId);
  const [params, setParams] = useSearchParams();
  const shops =
    locations.state.kind === 'ready'
      ? [
          ...locations.state.items.filter((l) => l.kind === 'shop'),
          ...locations.state.items.filter((l) => l.kind !== 'shop'),
        ]
      : [];
  const preferred = chosenShop(merchantId);
  const locationId =
    params.get('location_id') ||
    (shops.find((l) => l.id === preferred && l.active) ?? shops.find((l) => l.active) ?? shops[0])?.id ||
    '';
  const date = params.get('date') || dayInSeoul();
  const [state, setState] = useState<
    { kind: 'loading' } | ({ kind: 'error' } & Failure) | { kind: 'ready'; report: PosDayReport }
  >({ kind: 'loading' });

  useEffect(() => {
    if (!locationId) return undefined;
    const controller = new AbortController();
    setState({ kind: 'loading' });
    getPosDayReport(merchantId, locationId, date, controller.signal).then(
      (report) => setState({ kind: 'ready', report }),
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, locationId, date]);

  function apply(change: { location_id?: string; date?: string }) {
    const next = new URLSearchParams();
    next.set('location_id', change.location_id ?? locationId);
    next.set('date', change.date || date);
    setParams(next);
  }

  if (locations.state.kind === 'loading') return <Loading />;
  if (locations.state.kind === 'error')
    return <ErrorBanner testId="list-error">{text.problem(locations.state.error)}</ErrorBanner>;
  if (shops.length === 0) return <NoLocations base={`/merchant/${encodeURIComponent(merchantId)}`} isOwner={isOwner} />;
  const location = locations.state.byId.get(locationId);

  return (
    <div className="sections pos-report">
      <div className="section__head">
        <h2>
          {t('pos.report.title')}
          <span className="print-only">
            {' '}
            · {name(location)} · {date}
          </span>
        </h2>
        <button type="button" className="button button--quiet no-print" onClick={() => window.print()}>
          {t('pos.report.print')}
        </button>
      </div>
      <div className="filters filters--pos card no-print" role="search" aria-label={t('pos.report.filter')}>
        <SelectField
          label={t('pos.filter.shop')}
          name="location_id"
          value={locationId}
          onChange={(v) => apply({ location_id: v })}
          options={shops.map((l) => ({ value: l.id, label: name(l) }))}
        />
        <TextField
          label={t('pos.filter.date')}
          name="date"
          type="date"
          value={date}
          onChange={(v) => apply({ date: v })}
        />
      </div>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <ErrorBanner testId="report-error">{text.problem(state.error)}</ErrorBanner>}
      {state.kind === 'ready' && (
        <div
          className="pos-report__body"
          data-testid="pos-report"
          data-date={state.report.date}
          data-location-id={state.report.location_id}
        >
          <dl className="report-cards">
            <div className="report-card" data-testid="report-sales">
              <dt>{t('pos.report.sales')}</dt>
              <dd>
                <span className="report-card__amount num">{f.won(state.report.sales.amount)}</span>
                <span className="report-card__count">
                  {t('pos.report.count', { n: f.count(state.report.sales.count) })}
                </span>
              </dd>
            </div>
            <div className="report-card" data-testid="report-returns">
              <dt>{t('pos.report.returns')}</dt>
              <dd>
                <span className="report-card__amount num">{f.won(state.report.returns.amount)}</span>
                <span className="report-card__count">
                  {t('pos.report.count', { n: f.count(state.report.returns.count) })}
                </span>
              </dd>
            </div>
            <div className="report-card" data-testid="report-voids">
              <dt>{t('pos.report.voids')}</dt>
              <dd>
                <span className="report-card__amount num">{f.won(state.report.voids.amount)}</span>
                <span className="report-card__count">
                  {t('pos.report.count', { n: f.count(state.report.voids.count) })}
                </span>
              </dd>
            </div>
            <div className="report-card report-card--net" data-testid="report-net">
              <dt>{t('pos.report.net')}</dt>
              <dd>
                <span className="report-card__amount num">{f.won(state.report.net)}</span>
                <span className="report-card__count">
                  {t('pos.report.units', { n: f.count(state.report.units_sold) })}
                </span>
              </dd>
            </div>
          </dl>

          <div className="pos-report__tables">
            <section className="card" aria-labelledby="report-methods">
              <h3 id="report-methods">{t('pos.report.byMethod')}</h3>
              <table className="table" data-testid="report-methods">
                <thead>
                  <tr>
                    <th scope="col">{t('pos.report.method')}</th>
                    <th scope="col" className="num">
                      {t('pos.report.taken')}
                    </th>
                    <th scope="col" className="num">
                      {t('pos.report.paidBack')}
                    </th>
                    <th scope="col" className="num">
                      {t('pos.report.net')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {state.report.by_method.map((m) => (
                    <tr key={m.method} data-testid="report-method" data-method={m.method} data-net={m.net}>
                      <th scope="row">{tender(m.method)}</th>
                      <td className="num">{f.won(m.sales)}</td>
                      <td className="num">{f.won(m.refunds)}</td>
                      <td className="num">{f.won(m.net)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="card" aria-labelledby="report-staff">
              <h3 id="report-staff">{t('pos.report.byStaff')}</h3>
              {state.report.by_staff.length === 0 ? (
                <p className="empty">{t('pos.report.noSales')}</p>
              ) : (
                <table className="table" data-testid="report-staff">
                  <thead>
                    <tr>
                      <th scope="col">{t('pos.sales.cashier')}</th>
                      <th scope="col" className="num">
                        {t('pos.report.sales')}
                      </th>
                      <th scope="col" className="num">
                        {t('pos.report.refunds')}
                      </th>
                      <th scope="col" className="num">
                        {t('pos.report.net')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.report.by_staff.map((s) => (
                      <tr key={s.cashier} data-testid="report-cashier" data-cashier={s.cashier}>
                        <th scope="row">{s.cashier || '—'}</th>
                        <td className="num">
                          {f.won(s.sales)} <span className="muted">({f.count(s.sales_count)})</span>
                        </td>
                        <td className="num">
                          {f.won(s.refunds)} <span className="muted">({f.count(s.refunds_count)})</span>
                        </td>
                        <td className="num">{f.won(s.net)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>

          <section className="card" aria-labelledby="report-hours">
            <h3 id="report-hours">{t('pos.report.byHour')}</h3>
            <HourChart report={state.report} />
            <p className="muted">{t('pos.report.hourLegend')}</p>
          </section>

          <p data-testid="report-exceptions">
            {state.report.open_exceptions > 0 ? (
              <Link
                to={`/merchant/${encodeURIComponent(merchantId)}/pos/exceptions?location_id=${encodeURIComponent(locationId)}`}
              >
                {t('pos.report.openExceptions', { n: f.count(state.report.open_exceptions) })}
              </Link>
            ) : (
              t('pos.report.noExceptions')
            )}
          </p>
        </div>
      )}
    </div>
  );
}
