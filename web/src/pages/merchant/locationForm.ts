// A location's editor keeps its form as plain data: the texts as typed, seven rows of opening hours
// (Monday first) with a "closed" toggle each, the territory's districts and its postal code ranges as
// rows with stable keys. toLocationInput() makes the API's input from it and remembers the order the
// ranges were sent in, so that the server's field errors (`territory.postal_ranges[1]`,
// `hours[6].close`) land on their row (placeLocationField()).
import type { Location, LocationInput, LocationKind } from '../../api';

export interface HoursRow {
  closed: boolean;
  open: string;
  close: string;
}

export interface RangeRow {
  key: string;
  first: string;
  last: string;
}

export interface LocationForm {
  kind: LocationKind;
  name_ko: string;
  name_en: string;
  district_code: string;
  postal_code: string;
  road_address: string;
  address_detail: string;
  phone: string;
  hours: HoursRow[];
  pickup: boolean;
  districts: string[];
  ranges: RangeRow[];
}

export const DAYS = 7;

let nextKey = 0;
function key(): string {
  nextKey += 1;
  return `r${nextKey}`;
}

export function emptyRange(): RangeRow {
  return { key: key(), first: '', last: '' };
}

/** A new shop: open Monday to Saturday from nine to six, closed on Sunday, serving its own district. */
export function emptyLocationForm(): LocationForm {
  return {
    kind: 'shop',
    name_ko: '',
    name_en: '',
    district_code: '',
    postal_code: '',
    road_address: '',
    address_detail: '',
    phone: '',
    hours: Array.from({ length: DAYS }, (_, i) => ({ closed: i === DAYS - 1, open: '09:00', close: '18:00' })),
    pickup: false,
    districts: [],
    ranges: [],
  };
}

export function fromLocation(l: Location): LocationForm {
  return {
    kind: l.kind,
    name_ko: l.name_ko,
    name_en: l.name_en,
    district_code: l.district_code,
    postal_code: l.postal_code,
    road_address: l.road_address,
    address_detail: l.address_detail,
    phone: l.phone,
    hours: Array.from({ length: DAYS }, (_, i) => {
      const day = l.hours[i] ?? null;
      return day
        ? { closed: false, open: day.open, close: day.close }
        : { closed: true, open: '09:00', close: '18:00' };
    }),
    pickup: l.pickup,
    districts: [...l.territory.districts],
    ranges: l.territory.postal_ranges.map(([first, last]) => ({ key: key(), first, last })),
  };
}

/** The location as it was read, as an input: what closing or reopening sends with only `active` changed. */
export function inputOf(l: Location): LocationInput {
  return {
    kind: l.kind,
    name_ko: l.name_ko,
    name_en: l.name_en,
    district_code: l.district_code,
    postal_code: l.postal_code,
    road_address: l.road_address,
    address_detail: l.address_detail,
    phone: l.phone,
    hours: l.hours.map((d) => (d ? { open: d.open, close: d.close } : null)),
    pickup: l.pickup,
    territory: {
      districts: [...l.territory.districts],
      postal_ranges: l.territory.postal_ranges.map(([a, b]) => [a, b] as [string, string]),
    },
    active: l.active,
  };
}

export interface BuiltLocation {
  input: LocationInput;
  /** The key of the range row sent at each position of `territory.postal_ranges`. */
  rangeKeys: string[];
}

export function toLocationInput(form: LocationForm, active: boolean): BuiltLocation {
  // Rows left wholly empty are not ranges; a half-filled one is sent, for the server to name.
  const ranges = form.ranges.filter((r) => r.first.trim() !== '' || r.last.trim() !== '');
  return {
    input: {
      kind: form.kind,
      name_ko: form.name_ko.trim(),
      name_en: form.name_en.trim(),
      district_code: form.district_code,
      postal_code: form.postal_code.trim(),
      road_address: form.road_address.trim(),
      address_detail: form.address_detail.trim(),
      phone: form.phone.trim(),
      hours: form.hours.map((h) => (h.closed ? null : { open: h.open.trim(), close: h.close.trim() })),
      pickup: form.kind === 'shop' && form.pickup,
      territory: {
        districts: form.districts,
        postal_ranges: ranges.map((r) => [r.first.trim(), r.last.trim()] as [string, string]),
      },
      active,
    },
    rangeKeys: ranges.map((r) => r.key),
  };
}

const PLAIN_FIELDS = new Set([
  'kind',
  'name_ko',
  'name_en',
  'district_code',
  'postal_code',
  'road_address',
  'address_detail',
  'phone',
  'pickup',
]);

/**
 * The form's name for a server field: the plain fields by their own name, `hours.<day>` for a day's
 * row, `districts`, `ranges.<row key>` (or `ranges` for the list as a whole); null for a field the
 * form does not show.
 */
export function placeLocationField(field: string, rangeKeys: readonly string[]): string | null {
  if (PLAIN_FIELDS.has(field)) return field;
  const day = /^hours\[(\d)\]/.exec(field);
  if (day) return `hours.${day[1]}`;
  if (field === 'hours') return 'hours';
  if (field.startsWith('territory.districts')) return 'districts';
  const range = /^territory\.postal_ranges\[(\d+)\]/.exec(field);
  if (range) {
    const at = rangeKeys[Number(range[1])];
    return at ? `ranges.${at}` : 'ranges';
  }
  if (field === 'territory.postal_ranges') return 'ranges';
  return null;
}
