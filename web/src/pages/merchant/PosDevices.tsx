// /merchant/:merchantId/pos/devices (owners): the merchant's POS devices, each an API key with the
// scope pos bound to one location (GET …/pos/devices), with where it sells and when it was last used;
// register one at an open location (POST …/pos/devices: its secret is shown this once, with a copy
// button) and revoke one (DELETE …/api-keys/{key_id}: the device is cut off at once).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { createPosDevice, listPosDevices, revokeApiKey, type PosDevice } from '../../api';
import { ConfirmButton, Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { SecretOnce } from './ApiKeys';
import { OwnerOnly, useBackOffice } from './BackOffice';
import { NO_ERRORS, useInventoryErrors, useLocationName, useLocations, type FormErrors } from './inventoryBits';
import { usePosText } from './posBits';

function RegisterDevice({ merchantId, onCreated }: { merchantId: string; onCreated: () => void }) {
  const { t } = useI18n();
  const name = useLocationName();
  const locations = useLocations(merchantId);
  const describe = useInventoryErrors();
  const [deviceName, setDeviceName] = useState('');
  const [locationId, setLocationId] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const open = locations.state.kind === 'ready' ? locations.state.active : [];

  useEffect(() => {
    if (locationId === '' && open.length > 0) setLocationId(open[0]!.id);
  }, [locationId, open]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (deviceName.trim() === '') fields.name = t('field.required');
    if (locationId === '') fields.location = t('field.required');
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: null, fields });
      return;
    }
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      const answer = await createPosDevice(merchantId, { name: deviceName.trim(), location_id: locationId });
      setCreated({ name: answer.device.name, secret: answer.secret });
      setDeviceName('');
      onCreated();
    } catch (e) {
      setErrors(describe(e, (fe) => (fe.field === 'name' ? 'name' : fe.field === 'location_id' ? 'location' : null)));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="section card" aria-labelledby="device-create">
      <h2 id="device-create">{t('pos.devices.create')}</h2>
      {created ? (
        <SecretOnce name={created.name} secret={created.secret} onDone={() => setCreated(null)} />
      ) : (
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={sending}>
          <p className="section__intro">{t('pos.devices.intro')}</p>
          {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
          {locations.state.kind === 'loading' && <Loading />}
          <div className="form__grid">
            <TextField
              label={t('pos.devices.name')}
              name="name"
              value={deviceName}
              onChange={setDeviceName}
              error={errors.fields.name}
              required
              maxLength={100}
              hint={t('pos.devices.nameHint')}
              autoComplete="off"
            />
            <SelectField
              label={t('pos.devices.location')}
              name="location_id"
              value={locationId}
              onChange={setLocationId}
              options={open.map((l) => ({ value: l.id, label: name(l) }))}
              error={errors.fields.location}
              required
            />
          </div>
          <div className="form__actions">
            <SubmitButton sending={sending} label={t('pos.devices.submit')} sendingLabel={t('common.sending')} />
          </div>
        </form>
      )}
    </section>
  );
}

function DeviceList({ merchantId, reloadKey }: { merchantId: string; reloadKey: number }) {
  const { t } = useI18n();
  const f = useFormat();
  const text = usePosText();
  const [items, setItems] = useState<PosDevice[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const answer = await listPosDevices(merchantId, signal);
        setItems(answer.items);
        setError(null);
      } catch (e) {
        if (!signal?.aborted) setError({ error: e });
      }
    },
    [merchantId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load, reloadKey]);

  async function revoke(device: PosDevice) {
    setNotice(null);
    setError(null);
    try {
      await revokeApiKey(merchantId, device.id);
      await load();
      setNotice(t('pos.devices.revoked', { name: device.name }));
    } catch (e) {
      setError({ error: e });
    }
  }

  return (
    <section className="section card" aria-labelledby="devices-list">
      <h2 id="devices-list">{t('pos.devices.list')}</h2>
      {notice && <SuccessBanner testId="devices-notice">{notice}</SuccessBanner>}
      {error && <ErrorBanner testId="devices-error">{text.problem(error.error)}</ErrorBanner>}
      {items === null && !error && <Loading />}
      {items !== null && items.length === 0 && (
        <p className="empty" data-testid="no-devices">
          {t('pos.devices.none')}
        </p>
      )}
      {items !== null && items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--stack" data-testid="pos-devices">
            <thead>
              <tr>
                <th scope="col">{t('pos.devices.name')}</th>
                <th scope="col">{t('pos.devices.location')}</th>
                <th scope="col">{t('keys.list.prefix')}</th>
                <th scope="col">{t('keys.list.created')}</th>
                <th scope="col">{t('keys.list.lastUsed')}</th>
                <th scope="col">{t('keys.list.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="pos-device" data-device-id={d.id} data-revoked={d.revoked_at !== null}>
                  <th scope="row" data-label={t('pos.devices.name')}>
                    {d.name}
                  </th>
                  <td data-label={t('pos.devices.location')}>{d.location_name || d.location_id}</td>
                  <td data-label={t('keys.list.prefix')}>
                    <code>{d.prefix}…</code>
                  </td>
                  <td data-label={t('keys.list.created')}>
                    <Time iso={d.created_at} />
                  </td>
                  <td data-label={t('keys.list.lastUsed')} data-testid="device-last-used">
                    {d.last_used_at ? <Time iso={d.last_used_at} /> : t('keys.list.never')}
                  </td>
                  <td data-label={t('keys.list.state')} data-testid="device-state">
                    {d.revoked_at ? (
                      <span className="badge badge--closed">
                        {t('keys.list.revokedAt', { at: f.dateTime(d.revoked_at) })}
                      </span>
                    ) : (
                      <span className="badge badge--approved">{t('keys.list.active')}</span>
                    )}
                  </td>
                  <td className="table__actions">
                    {!d.revoked_at && (
                      <ConfirmButton
                        label={t('keys.revoke')}
                        question={t('pos.devices.revokeQuestion', { name: d.name })}
                        confirmLabel={t('keys.revokeConfirm')}
                        sendingLabel={t('common.sending')}
                        onConfirm={() => revoke(d)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function PosDevices() {
  const { t } = useI18n();
  const { merchantId, isOwner, merchantName } = useBackOffice();
  useDocumentTitle(t('pos.devices.title') + t('title.separator') + merchantName);
  const [reloadKey, setReloadKey] = useState(0);
  if (!isOwner) return <OwnerOnly />;
  return (
    <div className="sections">
      <RegisterDevice merchantId={merchantId} onCreated={() => setReloadKey((k) => k + 1)} />
      <DeviceList merchantId={merchantId} reloadKey={reloadKey} />
    </div>
  );
}
