// The top of the shared category tree as tiles on the home page, each leading to its category page.
// Quiet while it loads and when it cannot load: the rest of the home page stands on its own.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { getPublicCategories, type Category } from '../../api';
import { useI18n } from '../../i18n';

export function CategoryTiles() {
  const { t, lang } = useI18n();
  const [roots, setRoots] = useState<Category[]>([]);
  const location = useLocation();
  const sectionRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    getPublicCategories(controller.signal).then(
      (tree) => setRoots(tree.items.filter((c) => c.parent_id === null)),
      () => setRoots([]),
    );
    return () => controller.abort();
  }, []);

  // "/#categories" (the empty search's hint) comes here once the tiles are there.
  useEffect(() => {
    if (roots.length > 0 && location.hash === '#categories') sectionRef.current?.scrollIntoView({ block: 'start' });
  }, [roots, location.hash]);

  if (roots.length === 0) return null;
  const other = lang === 'ko' ? 'en' : 'ko';
  return (
    <section className="category-tiles" id="categories" aria-labelledby="category-tiles-title" ref={sectionRef}>
      <h2 id="category-tiles-title">{t('portal.home.categories')}</h2>
      <ul className="category-tiles__list" data-testid="category-tiles">
        {roots.map((c) => (
          <li key={c.id}>
            <Link to={`/c/${encodeURIComponent(c.id)}`} className="category-tile" data-testid="category-tile">
              <span className="category-tile__name">{c.name[lang] || c.name.ko}</span>
              {c.name[other] && c.name[other] !== c.name[lang] && (
                <span className="category-tile__other" lang={other}>
                  {c.name[other]}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
