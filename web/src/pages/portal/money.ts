// Money on the portal: whole won, "12,900원" in Korean and "₩12,900" in English.
//
//   const won = useWon();
//   <span>{won(12900)}</span>
import { useMemo } from 'react';
import { useI18n } from '../../i18n';

export function useWon(): (amount: number) => string {
  const { lang, t } = useI18n();
  return useMemo(() => {
    const digits = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { maximumFractionDigits: 0 });
    return (amount: number) => t('portal.won', { amount: digits.format(amount) });
  }, [lang, t]);
}

/** A count with its thousands separated: "1,234". */
export function useCount(): (n: number) => string {
  const { lang } = useI18n();
  return useMemo(() => {
    const digits = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-GB');
    return (n: number) => digits.format(n);
  }, [lang]);
}
