// Small shared pieces: a merchant's status badge, a role label, a time element, and a button that
// asks for confirmation in place before it acts.
//
//   <StatusBadge status="applied" />
//   <ConfirmButton label={t('keys.revoke')} confirmText={t('keys.revokeConfirm')} onConfirm={revoke} />
import { useEffect, useRef, useState } from 'react';
import type { MerchantStatus, Role } from '../api';
import { useFormat } from '../format';
import { useI18n } from '../i18n';

export function StatusBadge({ status }: { status: MerchantStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--${status}`} data-testid="merchant-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function RoleLabel({ role }: { role: Role }) {
  const { t } = useI18n();
  return <span className={`badge badge--role-${role}`}>{t(`role.${role}`)}</span>;
}

/** A time in Asia/Seoul: to the minute, or only the date, or (`seconds`, for logs) to the second. */
export function Time({
  iso,
  dateOnly = false,
  seconds = false,
}: {
  iso: string | null | undefined;
  dateOnly?: boolean;
  seconds?: boolean;
}) {
  const f = useFormat();
  if (!iso) return null;
  const text = dateOnly ? f.date(iso) : seconds ? f.dateTimeSeconds(iso) : f.dateTime(iso);
  return <time dateTime={iso}>{text}</time>;
}

interface ConfirmButtonProps {
  label: string;
  /** The question shown in place of the button, e.g. "Revoke this key?". */
  question: string;
  confirmLabel: string;
  sendingLabel: string;
  onConfirm: () => Promise<void>;
  danger?: boolean;
  disabled?: boolean;
}

/** A button that, once pressed, asks its question beside "yes" and "cancel" before it acts. */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  sendingLabel,
  onConfirm,
  danger = true,
  disabled,
}: ConfirmButtonProps) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [sending, setSending] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={openRef}
        type="button"
        className={danger ? 'button button--small button--danger' : 'button button--small button--quiet'}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm__question">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className="button button--small button--danger-solid"
        disabled={sending}
        onClick={async () => {
          setSending(true);
          try {
            await onConfirm();
          } finally {
            setSending(false);
            setAsking(false);
          }
        }}
      >
        {sending ? sendingLabel : confirmLabel}
      </button>
      <button
        type="button"
        className="button button--small button--quiet"
        disabled={sending}
        onClick={() => setAsking(false)}
      >
        {t('common.cancel')}
      </button>
    </span>
  );
}
