// /merchant/:merchantId/customers/reviews: the possible matches among the shop's customers that wait
// for a person's decision (components/ReviewQueue.tsx).
import { ReviewQueue } from '../../components/ReviewQueue';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';

export function CustomerReviews() {
  const { t } = useI18n();
  const { merchantId, merchantName } = useBackOffice();
  useDocumentTitle(t('cust.review.pageTitle') + t('title.separator') + merchantName);
  return (
    <div className="sections">
      <div className="section__head">
        <h2>{t('cust.review.pageTitle')}</h2>
      </div>
      <ReviewQueue merchantId={merchantId} />
    </div>
  );
}
