// Pieces the customers' pages share with my page: the consents per purpose, the points ledger, and
// the names of purposes, record sources and ledger kinds in the app's language.
import type { Consent, ConsentPurpose, Localized, PointEntry } from '../../api';
import { Time } from '../../components/Bits';
import { useFormat } from '../../format';
import { isMessageKey, useI18n } from '../../i18n';

export function usePurposeName(): (purpose: ConsentPurpose | string) => string {
  const { t } = useI18n();
  return (purpose) => {
    const key = `cust.purpose.${purpose}`;
    return isMessageKey(key) ? t(key) : purpose;
  };
}

export function useSourceName(): (source: string) => string {
  const { t } = useI18n();
  return (source) => {
    const key = `cust.source.${source}`;
    return isMessageKey(key) ? t(key) : source;
  };
}

/** A name the API gives either as one string or in both languages. */
export function useLocalName(): (name: string | Localized | null | undefined) => string {
  const f = useFormat();
  return (name) => (typeof name === 'string' ? name : f.local(name));
}

/** The consents, one row per purpose: given or not, when, on which channel and text version. */
export function ConsentList({ consents }: { consents: Consent[] }) {
  const { t } = useI18n();
  const purposeName = usePurposeName();
  const channelName = (c: string | null) => {
    if (!c) return '';
    const key = `cust.consent.via.${c}`;
    return isMessageKey(key) ? t(key) : c;
  };
  return (
    <ul className="consents" data-testid="consents">
      {consents.map((c) => (
        <li
          key={c.purpose}
          className="consents__row"
          data-testid="consent"
          data-purpose={c.purpose}
          data-granted={c.granted}
        >
          <span className="consents__purpose">{purposeName(c.purpose)}</span>
          <span className={c.granted ? 'badge badge--granted' : 'badge badge--not-granted'} data-testid="consent-state">
            {t(c.granted ? 'cust.consent.yes' : 'cust.consent.no')}
          </span>
          {c.at && (
            <span className="muted consents__when">
              <Time iso={c.at} /> · {channelName(c.channel)}
              {c.text_version && ` · ${t('cust.consent.version', { version: c.text_version })}`}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The points ledger, newest first as the API gives it: what each entry did and what is left of it. */
export function PointLedger({ items }: { items: PointEntry[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const kindName = (k: string) => {
    const key = `cust.points.kind.${k}`;
    return isMessageKey(key) ? t(key) : k;
  };
  if (items.length === 0) {
    return (
      <p className="empty" data-testid="ledger-empty">
        {t('cust.points.noEntries')}
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="points-ledger">
        <thead>
          <tr>
            <th scope="col">{t('cust.points.at')}</th>
            <th scope="col">{t('cust.points.kind')}</th>
            <th scope="col">{t('cust.points.delta')}</th>
            <th scope="col">{t('cust.points.expires')}</th>
            <th scope="col">{t('cust.points.ref')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id} data-testid="points-entry" data-kind={p.kind}>
              <th scope="row" data-label={t('cust.points.at')}>
                <Time iso={p.created_at} />
              </th>
              <td data-label={t('cust.points.kind')}>{kindName(p.kind)}</td>
              <td
                data-label={t('cust.points.delta')}
                className={p.delta < 0 ? 'num amount--negative' : 'num'}
                data-testid="points-delta"
              >
                {p.delta > 0 ? '+' : ''}
                {f.count(p.delta)}
              </td>
              <td data-label={t('cust.points.expires')}>
                <Time iso={p.expires_at} dateOnly />
              </td>
              <td data-label={t('cust.points.ref')} className="customer__ref">
                {p.ref}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
