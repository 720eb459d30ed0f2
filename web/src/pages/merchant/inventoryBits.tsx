// What the inventory pages share (locations, stock, transfers, the ledger): the merchant's locations
// loaded once per page, their names and badges, the empty state of a merchant without locations,
// signed quantities, and failed calls in words, where the inventory's own text for a code or a reason
// (`inventory.field.*`, `inventory.reason.*`) comes before the app's general one (`field.*`,
// `reason.*`), and the server's sentence is the last resort.
//
//   const locations = useLocations(merchantId);
//   if (locations.state.kind === 'ready') locations.state.byId.get(id)
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError, listLocations, type FieldError, type Location, type LocationKind } from '../../api';
import { useProblemText, type Failure } from '../../errors';
import { useFormat } from '../../format';
import { isMessageKey, useI18n } from '../../i18n';

export type LocationsState =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'ready'; items: Location[]; active: Location[]; byId: Map<string, Location> };

/** The merchant's locations (oldest first, closed ones too), one call per page visit and per reload(). */
export function useLocations(merchantId: string): { state: LocationsState; reload: () => void } {
  const [state, setState] = useState<LocationsState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    listLocations(merchantId, controller.signal).then(
      (answer) =>
        setState({
          kind: 'ready',
          items: answer.items,
          active: answer.items.filter((l) => l.active),
          byId: new Map(answer.items.map((l) => [l.id, l])),
        }),
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}

/** A location's name in the page's language (the Korean one when there is no English). */
export function useLocationName(): (location: Pick<Location, 'name_ko' | 'name_en'> | undefined) => string {
  const f = useFormat();
  return useCallback(
    (location) => (location ? f.local({ ko: location.name_ko, en: location.name_en }) : '—'),
    [f],
  );
}

export function KindBadge({ kind }: { kind: LocationKind }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--kind-${kind}`} data-testid="location-kind" data-kind={kind}>
      {t(`locations.kind.${kind}`)}
    </span>
  );
}

export function OpenBadge({ active }: { active: boolean }) {
  const { t } = useI18n();
  return (
    <span
      className={`badge ${active ? 'badge--approved' : 'badge--closed'}`}
      data-testid="location-state"
      data-active={active ? 'true' : 'false'}
    >
      {t(active ? 'locations.state.open' : 'locations.state.closed')}
    </span>
  );
}

/** What a merchant without locations sees on the stock pages: where to start. */
export function NoLocations({ base, isOwner }: { base: string; isOwner: boolean }) {
  const { t } = useI18n();
  return (
    <div className="card empty-state" data-testid="no-locations">
      <p className="empty-state__title">{t('locations.empty.title')}</p>
      <p className="muted">{t('locations.empty.body')}</p>
      {isOwner ? (
        <div className="button-row">
          <Link to={`${base}/locations/new`} className="button">
            {t('locations.empty.add')}
          </Link>
        </div>
      ) : (
        <p className="muted">{t('locations.empty.staff')}</p>
      )}
    </div>
  );
}

/** A quantity with its sign and digit grouping: "+1,200", "−3" (a real minus sign), "0". */
export function useSigned(): (n: number) => string {
  const f = useFormat();
  return useCallback((n: number) => (n > 0 ? `+${f.count(n)}` : n < 0 ? `−${f.count(-n)}` : f.count(0)), [f]);
}

/** A whole number typed by a person ("1,200" and spaces allowed), or null when it is not one. */
export function parseWhole(text: string): number | null {
  const cleaned = text.replace(/[,\s]/g, '');
  if (!/^\d{1,10}$/.test(cleaned)) return null;
  return Number(cleaned);
}

export interface InventoryText {
  field: (error: { code?: string | undefined; message: string }) => string;
  problem: (error: unknown) => string;
}

export function useInventoryText(): InventoryText {
  const { t } = useI18n();
  const problemText = useProblemText();
  const field = useCallback(
    (error: { code?: string | undefined; message: string }) => {
      if (error.code) {
        for (const key of [`inventory.field.${error.code}`, `field.${error.code}`]) {
          if (isMessageKey(key)) return t(key);
        }
      }
      return error.message;
    },
    [t],
  );
  const problem = useCallback(
    (error: unknown) => {
      if (isApiError(error) && error.kind === 'http') {
        const key = `inventory.reason.${error.reason ?? ''}`;
        if (isMessageKey(key)) return t(key);
      }
      return problemText(error);
    },
    [t, problemText],
  );
  return useMemo(() => ({ field, problem }), [field, problem]);
}

export interface FormErrors {
  banner: string | null;
  fields: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { banner: null, fields: {} };

/**
 * Puts a failed call into words: each field error goes to the form field `place(field)` names (the
 * first one per field is kept), or, when the form shows no such field, into the banner.
 */
export function useInventoryErrors() {
  const { t } = useI18n();
  const text = useInventoryText();
  return useCallback(
    (error: unknown, place: (field: FieldError) => string | null): FormErrors => {
      const fields: Record<string, string> = {};
      const others: string[] = [];
      if (isApiError(error)) {
        for (const fe of error.fieldErrors) {
          const at = place(fe);
          if (at !== null) {
            if (!(at in fields)) fields[at] = text.field(fe);
          } else {
            others.push(text.field(fe));
          }
        }
      }
      let banner: string;
      if (Object.keys(fields).length === 0) {
        banner = text.problem(error);
        if (others.length > 0) banner = `${banner} ${others.join(' ')}`;
      } else {
        banner = [t('form.checkFields'), ...others].join(' ');
      }
      return { banner, fields };
    },
    [t, text],
  );
}

/** The index in "lines[3].quantity" (for `list` = "lines"), or null. */
export function rowIndex(field: string, list: string): number | null {
  const match = new RegExp(`^${list}\\[(\\d+)\\]`).exec(field);
  return match ? Number(match[1]) : null;
}
