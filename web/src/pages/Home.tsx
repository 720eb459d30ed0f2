import { Link } from 'react-router-dom';
import { isMessageKey, useI18n } from '../i18n';
import { useOperator } from '../operator';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { CategoryTiles } from './portal/CategoryTiles';

export function Home() {
  const { lang, t } = useI18n();
  const { state } = useOperator();
  useDocumentTitle(null);

  const label = (key: string, raw: string) => (isMessageKey(key) ? t(key) : raw);

  return (
    <div className="page page--home">
      {state.status === 'loading' && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('a11y.loading')}
        </p>
      )}
      {state.status === 'ready' && (
        <>
          <section className="hero">
            <h1 data-testid="home-title">{t('home.title', { name: state.operator.name[lang] })}</h1>
            <p className="hero__lead">{t('home.lead', { region: state.operator.region[lang] })}</p>
          </section>
          <section className="facts" aria-labelledby="facts-title">
            <h2 id="facts-title">{t('home.facts.title')}</h2>
            <dl className="facts__list">
              <div>
                <dt>{t('home.facts.operator')}</dt>
                <dd>{state.operator.name[lang]}</dd>
              </div>
              <div>
                <dt>{t('home.facts.region')}</dt>
                <dd>{state.operator.region[lang]}</dd>
              </div>
              <div>
                <dt>{t('home.facts.currency')}</dt>
                <dd>{label(`home.currency.${state.operator.currency}`, state.operator.currency)}</dd>
              </div>
              <div>
                <dt>{t('home.facts.timeZone')}</dt>
                <dd>{label(`home.timeZone.${state.operator.time_zone}`, state.operator.time_zone)}</dd>
              </div>
            </dl>
          </section>
        </>
      )}
      <section className="cards">
        <article className="card">
          <h2 className="card__title">{t('home.card.apply.title')}</h2>
          <p>
            {t('home.card.apply.body', {
              region: state.status === 'ready' ? state.operator.region[lang] : t('brand.fallback'),
            })}
          </p>
          <Link to="/apply" className="button">
            {t('home.card.apply.link')}
          </Link>
        </article>
        <article className="card">
          <h2 className="card__title">{t('home.card.check.title')}</h2>
          <p>{t('home.card.check.body')}</p>
          <Link to="/check/business-number" className="button">
            {t('home.card.check.link')}
          </Link>
        </article>
      </section>
      <CategoryTiles />
    </div>
  );
}
