// /operator/customer-reviews: every merchant's possible matches waiting for a decision, with the
// merchants named (components/ReviewQueue.tsx).
import { ReviewQueue } from '../../components/ReviewQueue';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useI18n } from '../../i18n';
import { ConsoleHeader } from './Console';

export function OperatorCustomerReviews() {
  const { t } = useI18n();
  useDocumentTitle(t('console.reviews.title'));
  return (
    <div className="page">
      <ConsoleHeader title={<h1>{t('console.reviews.title')}</h1>} />
      <ReviewQueue merchantId={null} />
    </div>
  );
}
