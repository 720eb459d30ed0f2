// /merchant/:merchantId/locations/:locationId/report: one location's channel report (GET
// …/locations/{id}/channel-report; docs/routing.md) for days in Korean time, both included (by default
// the 30 days up to today): the web orders it shipped or handed out, the web orders of its territory
// credited to it with the commission and what returns took back, and its counter sales (POS, web POS,
// returns and voids, imported history). The period is kept in the address (?from=&to=), so a report can be shared.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { getChannelReport, isApiError, type ChannelReport as Report } from '../../api';
import { ErrorBanner, Loading, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { KindBadge, useInventoryText, useLocationName } from './inventoryBits';

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className="num" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export function ChannelReport() {
  const { t } = useI18n();
  const f = useFormat();
  const name = useLocationName();
  const text = useInventoryText();
  const { merchantId, merchantName } = useBackOffice();
  const { locationId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [report, setReport] = useState<Report | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [draft, setDraft] = useState({ from, to });
  const base = `/merchant/${encodeURIComponent(merchantId)}`;
  useDocumentTitle(
    (report ? name(report.location) + ' · ' : '') + t('report.title') + t('title.separator') + merchantName,
  );

  useEffect(() => {
    const controller = new AbortController();
    setFailure(null);
    setFields({});
    getChannelReport(merchantId, locationId, { from: from || undefined, to: to || undefined }, controller.signal).then(
      (r) => {
        setReport(r);
        setDraft({ from: r.from, to: r.to });
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const at: Record<string, string> = {};
        for (const fe of isApiError(e) ? e.fieldErrors : []) if (!(fe.field in at)) at[fe.field] = text.field(fe);
        setFields(at);
        setFailure({ error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, locationId, from, to, text]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setParams({ from: draft.from, to: draft.to });
  }

  const notFound = failure && isApiError(failure.error) && failure.error.status === 404;
  if (notFound) {
    return (
      <section className="section card" data-testid="location-not-found">
        <h2>{t('locations.notFound.title')}</h2>
        <Link to={`${base}/locations`} className="button">
          {t('locations.back')}
        </Link>
      </section>
    );
  }
  // An amount taken back, with a real minus sign unless it is nothing.
  const minus = (won: number) => (won > 0 ? `−${f.won(won)}` : f.won(0));
  const online = report?.online_fulfilled;
  const credited = report?.online_credited;
  return (
    <div className="sections channel-report">
      <p className="back">
        <Link to={`${base}/routing`}>{t('report.back')}</Link>
      </p>
      <div className="section__head">
        <h2 data-testid="report-title">
          {report ? name(report.location) : t('report.title')} · {t('report.title')}
        </h2>
        {report && <KindBadge kind={report.location.kind} />}
      </div>
      <form className="form card report-period" noValidate onSubmit={onSubmit} data-testid="report-period">
        <div className="form__grid">
          <TextField
            label={t('report.from')}
            name="from"
            type="date"
            value={draft.from}
            onChange={(v) => setDraft((d) => ({ ...d, from: v }))}
            error={fields.from}
          />
          <TextField
            label={t('report.to')}
            name="to"
            type="date"
            value={draft.to}
            onChange={(v) => setDraft((d) => ({ ...d, to: v }))}
            error={fields.to}
          />
        </div>
        <p className="muted">{t('report.periodHint')}</p>
        <div className="form__actions">
          <button type="submit" className="button">
            {t('report.show')}
          </button>
        </div>
      </form>
      {failure && <ErrorBanner testId="report-error">{text.problem(failure.error)}</ErrorBanner>}
      {!report && !failure && <Loading />}
      {report && online && credited && (
        <>
          <section className="card section" aria-labelledby="report-fulfilled">
            <h2 id="report-fulfilled">{t('report.fulfilled')}</h2>
            <p className="muted">{t('report.fulfilledHint')}</p>
            <dl className="details" data-testid="report-fulfilled">
              <Figure label={t('report.orders')} value={f.count(online.orders)} testId="fulfilled-orders" />
              <Figure label={t('report.goods')} value={f.won(online.goods_won)} testId="fulfilled-goods" />
              <Figure label={t('report.returned')} value={f.won(online.returned_won)} testId="fulfilled-returned" />
            </dl>
          </section>
          <section className="card section" aria-labelledby="report-credited">
            <h2 id="report-credited">{t('report.credited')}</h2>
            <p className="muted">{t('report.creditedHint')}</p>
            <dl className="details" data-testid="report-credited">
              <Figure label={t('report.orders')} value={f.count(credited.orders)} testId="credited-orders" />
              <Figure label={t('report.goods')} value={f.won(credited.goods_won)} testId="credited-goods" />
              <Figure
                label={t('report.commission')}
                value={f.won(credited.commission_won)}
                testId="credited-commission"
              />
              <Figure
                label={t('report.reversals', { n: credited.reversals })}
                value={`${minus(credited.reversed_goods_won)} / ${minus(credited.reversed_commission_won)}`}
                testId="credited-reversed"
              />
              <Figure label={t('report.netGoods')} value={f.won(credited.net_goods_won)} testId="credited-net-goods" />
              <Figure
                label={t('report.netCommission')}
                value={f.won(credited.net_commission_won)}
                testId="credited-net-commission"
              />
            </dl>
          </section>
          <section className="card section" aria-labelledby="report-counter">
            <h2 id="report-counter">{t('report.counter')}</h2>
            <dl className="details" data-testid="report-counter">
              <Figure
                label={t('report.counterSales')}
                value={`${report.counter.sales.count} · ${f.won(report.counter.sales.amount_won)}`}
                testId="counter-sales"
              />
              <Figure
                label={t('report.counterReturns')}
                value={`${report.counter.returns.count} · ${f.won(report.counter.returns.amount_won)}`}
                testId="counter-returns"
              />
              <Figure
                label={t('report.counterImported')}
                value={`${report.counter.imported.count} · ${f.won(report.counter.imported.amount_won)}`}
                testId="counter-imported"
              />
              <Figure label={t('report.counterNet')} value={f.won(report.counter.net_won)} testId="counter-net" />
            </dl>
          </section>
        </>
      )}
    </div>
  );
}
