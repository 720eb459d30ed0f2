// How times, durations and two-language names are shown: times in Asia/Seoul, in the app's language.
//
//   const f = useFormat();
//   <time dateTime={iso}>{f.dateTime(iso)}</time>   // "2024. 5. 3. 오후 2:05" / "3 May 2024, 14:05"
//   f.won(12900)                                    // "12,900원" / "₩12,900"
import { useMemo } from 'react';
import type { Localized } from './api';
import { useI18n, type Lang } from './i18n';

export const TIME_ZONE = 'Asia/Seoul';

function locale(lang: Lang): string {
  return lang === 'ko' ? 'ko-KR' : 'en-GB';
}

export interface Format {
  dateTime: (iso: string | null | undefined) => string;
  /** With seconds, for logs: "2024. 5. 3. 오후 2:05:09" / "3 May 2024, 14:05:09". */
  dateTimeSeconds: (iso: string | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
  /** "30초", "5분", "2시간" / "30 seconds", "5 minutes", "2 hours" (rounded up). */
  duration: (seconds: number) => string;
  /** The clock time `seconds` from now, e.g. "14:05". */
  timeIn: (seconds: number) => string;
  local: (name: Localized | null | undefined) => string;
  /** Whole won: "12,900원" / "₩12,900". */
  won: (amount: number) => string;
  /** A price range, one price when both ends are equal: "9,900원 ~ 12,900원" / "₩9,900 – ₩12,900". */
  wonRange: (min: number, max: number) => string;
  /** A count with digit grouping: "10,000". */
  count: (n: number) => string;
}

export function useFormat(): Format {
  const { lang, t } = useI18n();
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale(lang), {
      timeZone: TIME_ZONE,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    const dateTimeSeconds = new Intl.DateTimeFormat(locale(lang), {
      timeZone: TIME_ZONE,
      dateStyle: 'medium',
      timeStyle: 'medium',
    });
    const date = new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, dateStyle: 'medium' });
    const clock = new Intl.DateTimeFormat(locale(lang), {
      timeZone: TIME_ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const number = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 });
    const won = (amount: number) => (lang === 'ko' ? `${number.format(amount)}원` : `₩${number.format(amount)}`);
    const parse = (iso: string | null | undefined): Date | null => {
      if (!iso) return null;
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? null : d;
    };
    return {
      dateTime: (iso) => {
        const d = parse(iso);
        return d ? dateTime.format(d) : '';
      },
      dateTimeSeconds: (iso) => {
        const d = parse(iso);
        return d ? dateTimeSeconds.format(d) : '';
      },
      date: (iso) => {
        const d = parse(iso);
        return d ? date.format(d) : '';
      },
      duration: (seconds) => {
        if (seconds < 60) return t('time.seconds', { n: Math.max(1, Math.ceil(seconds)) });
        if (seconds < 3600) return t('time.minutes', { n: Math.ceil(seconds / 60) });
        return t('time.hours', { n: Math.ceil(seconds / 3600) });
      },
      timeIn: (seconds) => clock.format(new Date(Date.now() + seconds * 1000)),
      local: (name) => (name ? name[lang] || name.ko : ''),
      won,
      wonRange: (min, max) => (min === max ? won(min) : `${won(min)}${lang === 'ko' ? ' ~ ' : ' – '}${won(max)}`),
      count: (n) => number.format(n),
    };
  }, [lang, t]);
}
