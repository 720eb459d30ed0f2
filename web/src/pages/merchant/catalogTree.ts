// The portal's category tree as the back office's catalog pages read it (GET /api/v1/categories,
// one call per page visit): each category's path from the top, its name with its parents for the
// pickers ("식품 › 수산물"), and the attributes a product filed under it carries, its own and those of
// every category above it, from the top down.
//
//   const categories = useCategoryTree();
//   if (categories.kind === 'ready') categories.tree.attributesOf(categoryId)
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getPublicCategories, type Category, type CategoryAttribute } from '../../api';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';

/** An attribute a product carries, with the category along the path that declares it. */
export interface PathAttribute {
  attribute: CategoryAttribute;
  from: Category;
}

export interface CategoryIndex {
  /** In tree order: each category right after its parent. */
  items: Category[];
  byId: Map<string, Category>;
  /** The category and those above it, from the top down; empty for an unknown id. */
  path: (id: string) => Category[];
  attributesOf: (id: string) => PathAttribute[];
}

export function indexCategories(items: Category[]): CategoryIndex {
  const byId = new Map(items.map((c) => [c.id, c]));
  const path = (id: string): Category[] => {
    const out: Category[] = [];
    let at: string | null = id;
    while (at !== null && out.length <= items.length) {
      const c = byId.get(at);
      if (!c) break;
      out.unshift(c);
      at = c.parent_id;
    }
    return out;
  };
  const attributesOf = (id: string): PathAttribute[] =>
    path(id).flatMap((from) => from.attributes.map((attribute) => ({ attribute, from })));
  return { items, byId, path, attributesOf };
}

export type CategoryTreeState =
  { kind: 'loading' } | ({ kind: 'error' } & Failure) | { kind: 'ready'; tree: CategoryIndex };

/** The public tree, loaded once per page; `reload` asks again (after a failure). */
export function useCategoryTree(): { state: CategoryTreeState; reload: () => void } {
  const [state, setState] = useState<CategoryTreeState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: 'loading' });
    getPublicCategories(controller.signal).then(
      (answer) => setState({ kind: 'ready', tree: indexCategories(answer.items) }),
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}

/** "식품 › 수산물 › 생선": a category named with its parents, in the app's language. */
export function usePathName(tree: CategoryIndex | null) {
  const f = useFormat();
  return useCallback(
    (id: string) =>
      tree
        ? tree
            .path(id)
            .map((c) => f.local(c.name))
            .join(' › ')
        : '',
    [tree, f],
  );
}

/** The options of a category picker: every category of the tree, named with its parents. */
export function useCategoryOptions(tree: CategoryIndex | null): { value: string; label: string }[] {
  const pathName = usePathName(tree);
  return useMemo(() => (tree ? tree.items.map((c) => ({ value: c.id, label: pathName(c.id) })) : []), [tree, pathName]);
}
