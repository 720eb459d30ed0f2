// Inventory set-up for the back office's stock tests, through the API: a merchant's locations and
// stock moves, made as the screens would make them. The screens a test is about are walked in the
// browser; this only prepares what they show.

/** The region's district code whose Korean name is `ko` (e.g. 수영구). */
export async function districtCode(client, ko) {
  const found = (await client.districts()).find((d) => d.name.ko === ko);
  if (!found) throw new Error(`no district named ${ko}`);
  return found.code;
}

/** Seven days of opening hours, Monday first, from nine to nine, closed on Sunday. */
export function weekHours() {
  return Array.from({ length: 7 }, (_, i) => (i === 6 ? null : { open: '09:00', close: '21:00' }));
}

/** Opens a location as the owner; `location` overrides the defaults. Answers the location. */
export async function addLocation(owner, merchantId, location) {
  const body = {
    kind: 'shop',
    name_en: '',
    address_detail: '',
    phone: '',
    hours: weekHours(),
    pickup: false,
    territory: { districts: [], postal_ranges: [] },
    ...location,
  };
  return owner.call('POST', `/api/v1/merchants/${merchantId}/locations`, body, 201);
}

/** Records one movement (receipt, adjustment, return, shop_sale); answers the variants after it. */
export async function adjust(client, merchantId, { location, variant, delta, reason = 'receipt', note }) {
  const adjustment = { location_id: location, variant_id: variant, delta, reason, ...(note ? { note } : {}) };
  return client.call('POST', `/api/v1/merchants/${merchantId}/stock/adjustments`, { adjustments: [adjustment] }, 200);
}

/** Sends a transfer of `lines` ([{variant, quantity}]); answers the transfer, in transit. */
export async function transfer(client, merchantId, { from, to, lines, note }) {
  const body = {
    from_location_id: from,
    to_location_id: to,
    lines: lines.map((l) => ({ variant_id: l.variant, quantity: l.quantity })),
    ...(note ? { note } : {}),
  };
  return client.call('POST', `/api/v1/merchants/${merchantId}/transfers`, body, 201);
}
