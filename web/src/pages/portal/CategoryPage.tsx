// /c/:categoryId: a category of the shared tree, with where it sits (from GET /api/v1/categories),
// the categories below it, and its products (the search filtered by it, newest first), whose
// category facet leads to the other category pages.
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { getPublicCategories, type Category } from '../../api';
import { ErrorBanner, Loading } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useProblemText } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { Breadcrumb } from './Breadcrumb';
import { NotFoundHere } from './NotFoundHere';
import { Results } from './Results';
import { readSearch, writeSearch } from './searchState';

type Tree = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; items: Category[] };

/** The category and those above it, the top first. */
export function pathTo(items: Category[], id: string): Category[] {
  const byId = new Map(items.map((c) => [c.id, c]));
  const path: Category[] = [];
  let at = byId.get(id);
  while (at && path.length < 16) {
    path.unshift(at);
    at = at.parent_id ? byId.get(at.parent_id) : undefined;
  }
  return path;
}

export function CategoryPage() {
  const { categoryId = '' } = useParams();
  const { t, lang } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const [params] = useSearchParams();
  const [tree, setTree] = useState<Tree>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setTree((old) => (old.kind === 'ready' ? old : { kind: 'loading' }));
    getPublicCategories(controller.signal).then(
      (answer) => setTree({ kind: 'ready', items: answer.items }),
      (e: unknown) => {
        if (!controller.signal.aborted) setTree({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const category = tree.kind === 'ready' ? tree.items.find((c) => c.id === categoryId) : undefined;
  const pageTitle = category
    ? category.name[lang] || category.name.ko
    : tree.kind === 'loading'
      ? null
      : t('portal.category.title');
  useDocumentTitle(pageTitle);

  if (tree.kind === 'loading') return <Loading />;
  if (tree.kind === 'error') {
    return (
      <div className="page">
        <ErrorBanner testId="category-error">{problemText(tree.error)}</ErrorBanner>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!category) {
    return <NotFoundHere title={t('portal.category.notFound')} body={t('portal.category.notFoundBody')} />;
  }

  const path = pathTo(tree.items, category.id);
  const children = tree.items.filter((c) => c.parent_id === category.id);
  const state = readSearch(params, 'newest');
  // Another category keeps the filters, the words and the sort, and starts at its first page.
  const categoryHref = (id: string) => {
    const search = writeSearch({ ...state, category_id: '', page: 1 }, 'newest');
    return `/c/${encodeURIComponent(id)}${search ? `?${search}` : ''}`;
  };
  const other = lang === 'ko' ? 'en' : 'ko';

  return (
    <div className="page page--category" data-testid="category-page" data-category-id={category.id}>
      <Breadcrumb
        items={path.slice(0, -1).map((c) => ({ label: f.local(c.name), to: `/c/${encodeURIComponent(c.id)}` }))}
        current={f.local(category.name)}
      />
      <h1 className="results__heading" data-testid="category-title">
        {f.local(category.name)}
        {category.name[other] && category.name[other] !== category.name[lang] && (
          <span className="title-other" lang={other}>
            {category.name[other]}
          </span>
        )}
      </h1>
      {children.length > 0 && (
        <nav className="subcategories" aria-label={t('portal.category.children')} data-testid="subcategories">
          <ul className="chips">
            {children.map((c) => (
              <li key={c.id}>
                <Link to={`/c/${encodeURIComponent(c.id)}`} className="chip">
                  {f.local(c.name)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <Results
        key={category.id}
        defaultSort="newest"
        fixed={{ category_id: category.id }}
        categoryHref={categoryHref}
        currentCategory={category.id}
        emptyText={t('portal.category.empty')}
      />
    </div>
  );
}
