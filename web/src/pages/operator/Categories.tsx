// /operator/categories: the shared category tree every merchant files its products under. The tree is
// shown indented (each level can be folded); a category can be added at the top or below another,
// renamed, moved under another parent, retired and offered again, and given the attributes its
// products carry (those of the categories above it are inherited and shown read-only).
//
// The server is the judge of every change (a move below itself, a tree too deep, an attribute code
// declared twice along a path): its field errors are shown where they belong, by row for attributes.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type Ref } from 'react';
import {
  ATTRIBUTE_TYPES,
  createCategory,
  isApiError,
  listAllCategories,
  setCategoryAttributes,
  updateCategory,
  type AttributeInput,
  type AttributeType,
  type Category,
  type CategoryAttribute,
  type FieldError,
} from '../../api';
import { ConfirmButton } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useProblemText, type Failure } from '../../errors';
import { useFormat } from '../../format';
import { isMessageKey, useI18n } from '../../i18n';
import { ConsoleHeader } from './Console';

// --- The tree as the page reads it ---------------------------------------------------------------

interface Tree {
  items: Category[];
  byId: Map<string, Category>;
  /** Children in tree order; the key '' holds the top categories. */
  children: Map<string, Category[]>;
}

function buildTree(items: Category[]): Tree {
  const byId = new Map(items.map((c) => [c.id, c]));
  const children = new Map<string, Category[]>();
  for (const c of items) {
    // A parent the list does not hold would hide its child: show such a child at the top instead.
    const key = c.parent_id !== null && byId.has(c.parent_id) ? c.parent_id : '';
    const list = children.get(key);
    if (list) list.push(c);
    else children.set(key, [c]);
  }
  return { items, byId, children };
}

/** The categories above `id`, from the top down (not `id` itself). */
function ancestors(tree: Tree, id: string): Category[] {
  const out: Category[] = [];
  let at = tree.byId.get(id)?.parent_id ?? null;
  while (at !== null && out.length < tree.items.length) {
    const c = tree.byId.get(at);
    if (!c) break;
    out.unshift(c);
    at = c.parent_id;
  }
  return out;
}

/** Shown on the portal: active, and every category above it active too. */
function visible(tree: Tree, c: Category): boolean {
  return c.active && ancestors(tree, c.id).every((a) => a.active);
}

// --- Errors --------------------------------------------------------------------------------------

/** Text for the whole form, and per field by its full path ("code", "attributes[0].choices[1].ko"). */
interface CategoryErrors {
  banner: string | null;
  fields: Record<string, string>;
}

const NO_ERRORS: CategoryErrors = { banner: null, fields: {} };

/**
 * Puts a failed call into words like useDescribeError, but keeps each field's full path (attribute
 * rows need their index) and prefers the category page's own text for a code (`categories.field.*`:
 * a category code's rule is not an industry code's).
 */
function useCategoryErrors() {
  const { t } = useI18n();
  const problemText = useProblemText();
  return useCallback(
    (error: unknown, shown: (field: string) => boolean): CategoryErrors => {
      const text = (fe: FieldError): string => {
        if (fe.code) {
          for (const key of [`categories.field.${fe.code}`, `field.${fe.code}`]) {
            if (isMessageKey(key)) return t(key);
          }
        }
        return fe.message;
      };
      const fields: Record<string, string> = {};
      const others: string[] = [];
      if (isApiError(error)) {
        for (const fe of error.fieldErrors) {
          if (shown(fe.field)) {
            if (!(fe.field in fields)) fields[fe.field] = text(fe);
          } else {
            others.push(text(fe));
          }
        }
      }
      let banner: string | null;
      if (Object.keys(fields).length === 0) {
        banner = problemText(error);
        if (others.length > 0) banner = `${banner} ${others.join(' ')}`;
      } else {
        banner = [t('form.checkFields'), ...others].join(' ');
      }
      return { banner, fields };
    },
    [t, problemText],
  );
}

const oneOf =
  (...names: string[]) =>
  (field: string) =>
    names.includes(field);

// --- Adding a category ---------------------------------------------------------------------------

const ADD_FIELDS = ['code', 'name_ko', 'name_en'] as const;
type AddField = (typeof ADD_FIELDS)[number];
const EMPTY_ADD: Record<AddField, string> = { code: '', name_ko: '', name_en: '' };

/** "식품 › 수산물": a category named with its parents, for the selects. */
function usePathName(tree: Tree) {
  const f = useFormat();
  return useCallback(
    (c: Category) => [...ancestors(tree, c.id), c].map((a) => f.local(a.name)).join(' › '),
    [tree, f],
  );
}

function AddCategory({
  tree,
  parentId,
  onParentChange,
  codeRef,
  onAdded,
}: {
  tree: Tree;
  parentId: string;
  onParentChange: (id: string) => void;
  codeRef: Ref<HTMLInputElement>;
  onAdded: (made: Category) => Promise<void>;
}) {
  const { t } = useI18n();
  const describe = useCategoryErrors();
  const pathName = usePathName(tree);
  const [form, setForm] = useState(EMPTY_ADD);
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<CategoryErrors>(NO_ERRORS);
  const set = (name: AddField) => (value: string) => setForm((old) => ({ ...old, [name]: value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { code: form.code.trim(), name_ko: form.name_ko.trim(), name_en: form.name_en.trim() };
    const fields: Record<string, string> = {};
    for (const name of ADD_FIELDS) if (body[name] === '') fields[name] = t('field.required');
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: null, fields });
      return;
    }
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      const made = await createCategory(parentId === '' ? body : { ...body, parent_id: parentId });
      setForm(EMPTY_ADD);
      await onAdded(made);
    } catch (e) {
      setErrors(describe(e, oneOf('code', 'name_ko', 'name_en', 'parent')));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="section card" aria-labelledby="categories-add">
      <h2 id="categories-add">{t('categories.add.title')}</h2>
      <form className="form form--wide" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="category-form">
        {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
        <SelectField
          label={t('categories.add.parent')}
          name="parent_id"
          value={parentId}
          onChange={onParentChange}
          placeholder={t('categories.add.top')}
          options={tree.items.map((c) => ({ value: c.id, label: pathName(c) }))}
          error={errors.fields.parent}
          hint={t('categories.add.parentHint')}
        />
        <TextField
          label={t('categories.add.code')}
          name="code"
          value={form.code}
          onChange={set('code')}
          error={errors.fields.code}
          hint={t('categories.add.codeHint')}
          required
          maxLength={40}
          autoComplete="off"
          inputRef={codeRef}
        />
        <div className="form__grid">
          <TextField
            label={t('categories.add.nameKo')}
            name="name_ko"
            value={form.name_ko}
            onChange={set('name_ko')}
            error={errors.fields.name_ko}
            hint={t('categories.add.nameKoHint')}
            required
            maxLength={60}
            autoComplete="off"
          />
          <TextField
            label={t('categories.add.nameEn')}
            name="name_en"
            value={form.name_en}
            onChange={set('name_en')}
            error={errors.fields.name_en}
            hint={t('categories.add.nameEnHint')}
            required
            maxLength={60}
            autoComplete="off"
          />
        </div>
        <div className="form__actions">
          <SubmitButton sending={sending} label={t('categories.add.submit')} sendingLabel={t('common.saving')} />
        </div>
      </form>
    </section>
  );
}

// --- One category's editor: names, place, state, attributes ---------------------------------------

interface EditorProps {
  tree: Tree;
  category: Category;
  /** Reloads the tree after a change; `notice` is what to tell the operator. */
  onChanged: (notice: string) => Promise<void>;
}

function RenameForm({ category, onChanged }: Omit<EditorProps, 'tree'>) {
  const { t } = useI18n();
  const describe = useCategoryErrors();
  const [nameKo, setNameKo] = useState(category.name.ko);
  const [nameEn, setNameEn] = useState(category.name.en);
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<CategoryErrors>(NO_ERRORS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { name_ko: nameKo.trim(), name_en: nameEn.trim() };
    const fields: Record<string, string> = {};
    if (body.name_ko === '') fields.name_ko = t('field.required');
    if (body.name_en === '') fields.name_en = t('field.required');
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: null, fields });
      return;
    }
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      const changed = await updateCategory(category.id, body);
      await onChanged(t('categories.renamed', { name: changed.name.ko }));
    } catch (e) {
      setErrors(describe(e, oneOf('name_ko', 'name_en')));
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="form form--wide" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="rename-form">
      <h4 className="editor__title">{t('categories.rename.title')}</h4>
      {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
      <div className="form__grid">
        <TextField
          label={t('categories.add.nameKo')}
          name="name_ko"
          value={nameKo}
          onChange={setNameKo}
          error={errors.fields.name_ko}
          required
          maxLength={60}
          autoComplete="off"
        />
        <TextField
          label={t('categories.add.nameEn')}
          name="name_en"
          value={nameEn}
          onChange={setNameEn}
          error={errors.fields.name_en}
          required
          maxLength={60}
          autoComplete="off"
        />
      </div>
      <div className="form__actions">
        <SubmitButton sending={sending} label={t('categories.rename.submit')} sendingLabel={t('common.saving')} />
      </div>
    </form>
  );
}

function MoveForm({ tree, category, onChanged }: EditorProps) {
  const { t } = useI18n();
  const f = useFormat();
  const describe = useCategoryErrors();
  const pathName = usePathName(tree);
  const [parentId, setParentId] = useState(category.parent_id ?? '');
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<CategoryErrors>(NO_ERRORS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      await updateCategory(category.id, { parent_id: parentId === '' ? null : parentId });
      const to = tree.byId.get(parentId);
      await onChanged(
        to
          ? t('categories.moved', { name: f.local(category.name), parent: f.local(to.name) })
          : t('categories.movedTop', { name: f.local(category.name) }),
      );
    } catch (e) {
      setErrors(describe(e, oneOf('parent')));
    } finally {
      setSending(false);
    }
  }

  // Every other category is offered: the server refuses a move below itself and says why.
  const options = tree.items.filter((c) => c.id !== category.id).map((c) => ({ value: c.id, label: pathName(c) }));
  return (
    <form className="form form--wide" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="move-form">
      <h4 className="editor__title">{t('categories.move.title')}</h4>
      {errors.banner && <ErrorBanner>{errors.banner}</ErrorBanner>}
      <SelectField
        label={t('categories.move.parent')}
        name="parent_id"
        value={parentId}
        onChange={setParentId}
        placeholder={t('categories.add.top')}
        options={options}
        error={errors.fields.parent}
      />
      <div className="form__actions">
        <SubmitButton sending={sending} label={t('categories.move.submit')} sendingLabel={t('common.saving')} />
      </div>
    </form>
  );
}

interface ChoiceRow {
  key: number;
  code: string;
  ko: string;
  en: string;
}

interface AttributeRow {
  key: number;
  code: string;
  name_ko: string;
  name_en: string;
  type: AttributeType;
  required: boolean;
  unit: string;
  choices: ChoiceRow[];
}

let nextRowKey = 1;
const rowKey = () => nextRowKey++;

function rowsOf(attributes: CategoryAttribute[]): AttributeRow[] {
  return attributes.map((a) => ({
    key: rowKey(),
    code: a.code,
    name_ko: a.name.ko,
    name_en: a.name.en,
    type: a.type,
    required: a.required,
    unit: a.unit,
    choices: a.choices.map((c) => ({ key: rowKey(), code: c.code, ko: c.name.ko, en: c.name.en })),
  }));
}

const emptyRow = (): AttributeRow => ({
  key: rowKey(),
  code: '',
  name_ko: '',
  name_en: '',
  type: 'text',
  required: false,
  unit: '',
  choices: [],
});

const emptyChoice = (): ChoiceRow => ({ key: rowKey(), code: '', ko: '', en: '' });

// The fields an attribute row shows, by their path: what else the server names goes to the banner.
const ATTRIBUTE_FIELD =
  /^attributes\[(\d+)\]\.(code|name_ko|name_en|type|required|unit|choices(\[\d+\]\.(code|ko|en))?)$/;

function TypeAndRequired({ attribute }: { attribute: CategoryAttribute }) {
  const { t } = useI18n();
  return (
    <>
      <span className="badge">{t(`categories.type.${attribute.type}`)}</span>
      {attribute.unit && <span className="muted"> {t('categories.attr.unitIs', { unit: attribute.unit })}</span>}
      {attribute.required && (
        <span className="badge badge--required" data-testid="attribute-required">
          {t('categories.attr.required')}
        </span>
      )}
    </>
  );
}

function AttributeEditor({ tree, category, onChanged }: EditorProps) {
  const { t } = useI18n();
  const f = useFormat();
  const describe = useCategoryErrors();
  const [rows, setRows] = useState<AttributeRow[]>(() => rowsOf(category.attributes));
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<CategoryErrors>(NO_ERRORS);
  const inherited = ancestors(tree, category.id).flatMap((a) =>
    a.attributes.map((attribute) => ({ from: a, attribute })),
  );

  const change = (key: number, patch: Partial<AttributeRow>) =>
    setRows((old) => old.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const changeChoice = (row: AttributeRow, key: number, patch: Partial<ChoiceRow>) =>
    change(row.key, { choices: row.choices.map((c) => (c.key === key ? { ...c, ...patch } : c)) });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body: AttributeInput[] = rows.map((r) => ({
      code: r.code.trim(),
      name_ko: r.name_ko.trim(),
      name_en: r.name_en.trim(),
      type: r.type,
      required: r.required,
      unit: r.unit.trim(),
      choices:
        r.type === 'choice' ? r.choices.map((c) => ({ code: c.code.trim(), ko: c.ko.trim(), en: c.en.trim() })) : [],
    }));
    const fields: Record<string, string> = {};
    body.forEach((a, i) => {
      for (const name of ['code', 'name_ko', 'name_en'] as const) {
        if (a[name] === '') fields[`attributes[${i}].${name}`] = t('field.required');
      }
      if (a.type === 'choice' && a.choices.length === 0) {
        fields[`attributes[${i}].choices`] = t('field.invalid_choices');
      }
      a.choices.forEach((c, j) => {
        for (const name of ['code', 'ko', 'en'] as const) {
          if (c[name] === '') fields[`attributes[${i}].choices[${j}].${name}`] = t('field.required');
        }
      });
    });
    if (Object.keys(fields).length > 0) {
      setErrors({ banner: t('form.checkFields'), fields });
      return;
    }
    setSending(true);
    setErrors(NO_ERRORS);
    try {
      const changed = await setCategoryAttributes(category.id, body);
      setRows(rowsOf(changed.attributes));
      await onChanged(t('categories.attr.saved', { name: f.local(changed.name), n: changed.attributes.length }));
    } catch (e) {
      setErrors(
        describe(e, (field) => {
          const m = ATTRIBUTE_FIELD.exec(field);
          return m !== null && Number(m[1]) < rows.length;
        }),
      );
    } finally {
      setSending(false);
    }
  }

  const err = (i: number, name: string) => errors.fields[`attributes[${i}].${name}`];
  return (
    <form className="form form--wide" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="attributes-form">
      <h4 className="editor__title">{t('categories.attr.title')}</h4>
      <p className="field__hint">{t('categories.attr.intro')}</p>
      <h5 className="editor__subtitle">{t('categories.attr.inherited')}</h5>
      {inherited.length === 0 ? (
        <p className="muted">{t('categories.attr.noneInherited')}</p>
      ) : (
        <ul className="attr-list">
          {inherited.map(({ from, attribute }) => (
            <li key={`${from.id}-${attribute.code}`} data-testid="inherited-attribute" data-code={attribute.code}>
              <strong>{f.local(attribute.name)}</strong> <code>{attribute.code}</code>{' '}
              <TypeAndRequired attribute={attribute} />
              <br />
              <span className="muted" data-testid="inherited-from">
                {t('categories.attr.from', { name: f.local(from.name), code: from.code })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h5 className="editor__subtitle">{t('categories.attr.own')}</h5>
      {errors.banner && <ErrorBanner testId="attributes-error">{errors.banner}</ErrorBanner>}
      {rows.length === 0 && <p className="muted">{t('categories.attr.noneOwn')}</p>}
      {rows.map((row, i) => (
        <fieldset key={row.key} className="attr-row" data-testid="attribute-row" data-index={i}>
          <legend className="attr-row__legend">{t('categories.attr.row', { n: i + 1 })}</legend>
          <div className="form__grid">
            <TextField
              label={t('categories.attr.code')}
              name={`attributes[${i}].code`}
              value={row.code}
              onChange={(v) => change(row.key, { code: v })}
              error={err(i, 'code')}
              hint={t('categories.attr.codeHint')}
              required
              maxLength={40}
              autoComplete="off"
            />
            <SelectField
              label={t('categories.attr.type')}
              name={`attributes[${i}].type`}
              value={row.type}
              onChange={(v) => {
                const type = ATTRIBUTE_TYPES.find((x) => x === v) ?? 'text';
                const choices = type === 'choice' && row.choices.length === 0 ? [emptyChoice()] : row.choices;
                change(row.key, { type, choices });
              }}
              options={ATTRIBUTE_TYPES.map((x) => ({ value: x, label: t(`categories.type.${x}`) }))}
              error={err(i, 'type')}
            />
            <TextField
              label={t('categories.add.nameKo')}
              name={`attributes[${i}].name_ko`}
              value={row.name_ko}
              onChange={(v) => change(row.key, { name_ko: v })}
              error={err(i, 'name_ko')}
              required
              maxLength={60}
              autoComplete="off"
            />
            <TextField
              label={t('categories.add.nameEn')}
              name={`attributes[${i}].name_en`}
              value={row.name_en}
              onChange={(v) => change(row.key, { name_en: v })}
              error={err(i, 'name_en')}
              required
              maxLength={60}
              autoComplete="off"
            />
            <TextField
              label={t('categories.attr.unit')}
              name={`attributes[${i}].unit`}
              value={row.unit}
              onChange={(v) => change(row.key, { unit: v })}
              error={err(i, 'unit')}
              hint={t('categories.attr.unitHint')}
              optional
              maxLength={10}
              autoComplete="off"
            />
            <label className="check attr-row__required">
              <input
                type="checkbox"
                name={`attributes[${i}].required`}
                checked={row.required}
                onChange={(e) => change(row.key, { required: e.target.checked })}
              />
              <span>
                <span className="check__label">{t('categories.attr.required')}</span>
                <span className="check__hint">{t('categories.attr.requiredHint')}</span>
              </span>
            </label>
          </div>
          {row.type === 'choice' && (
            <div className="choices" data-testid="choices">
              <p className="field__label">{t('categories.attr.choices')}</p>
              {err(i, 'choices') && (
                <p className="field__error" data-testid="field-error">
                  {err(i, 'choices')}
                </p>
              )}
              {row.choices.map((c, j) => (
                <div key={c.key} className="choice" data-testid="choice">
                  <TextField
                    label={t('categories.attr.choiceCode', { n: j + 1 })}
                    name={`attributes[${i}].choices[${j}].code`}
                    value={c.code}
                    onChange={(v) => changeChoice(row, c.key, { code: v })}
                    error={err(i, `choices[${j}].code`)}
                    maxLength={40}
                    autoComplete="off"
                  />
                  <TextField
                    label={t('categories.attr.choiceKo', { n: j + 1 })}
                    name={`attributes[${i}].choices[${j}].ko`}
                    value={c.ko}
                    onChange={(v) => changeChoice(row, c.key, { ko: v })}
                    error={err(i, `choices[${j}].ko`)}
                    maxLength={60}
                    autoComplete="off"
                  />
                  <TextField
                    label={t('categories.attr.choiceEn', { n: j + 1 })}
                    name={`attributes[${i}].choices[${j}].en`}
                    value={c.en}
                    onChange={(v) => changeChoice(row, c.key, { en: v })}
                    error={err(i, `choices[${j}].en`)}
                    maxLength={60}
                    autoComplete="off"
                  />
                  <button
                    type="button"
                    className="button button--small button--quiet choice__remove"
                    onClick={() => change(row.key, { choices: row.choices.filter((x) => x.key !== c.key) })}
                  >
                    {t('categories.attr.removeChoice', { n: j + 1 })}
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="button button--small button--quiet"
                onClick={() => change(row.key, { choices: [...row.choices, emptyChoice()] })}
              >
                {t('categories.attr.addChoice')}
              </button>
            </div>
          )}
          <div className="attr-row__actions">
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => setRows((old) => old.filter((r) => r.key !== row.key))}
            >
              {t('categories.attr.remove', { n: i + 1 })}
            </button>
          </div>
        </fieldset>
      ))}
      <div className="form__actions">
        <button type="button" className="button button--quiet" onClick={() => setRows((old) => [...old, emptyRow()])}>
          {t('categories.attr.add')}
        </button>
        <SubmitButton sending={sending} label={t('categories.attr.submit')} sendingLabel={t('common.saving')} />
      </div>
    </form>
  );
}

function CategoryEditor({ tree, category, onChanged, notice }: EditorProps & { notice: string | null }) {
  const { t } = useI18n();
  const f = useFormat();
  const problemText = useProblemText();
  const [stateError, setStateError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  async function setActive(active: boolean) {
    setStateError(null);
    setBusy(true);
    try {
      const changed = await updateCategory(category.id, { active });
      await onChanged(t(active ? 'categories.reactivated' : 'categories.retired', { name: f.local(changed.name) }));
    } catch (e) {
      setStateError({ error: e });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      className="editor"
      data-testid="category-editor"
      role="region"
      aria-label={t('categories.editor.label', { name: f.local(category.name) })}
    >
      {notice && <SuccessBanner testId="category-notice">{notice}</SuccessBanner>}
      <div className="editor__state">
        <h4 className="editor__title">{t('categories.state.title')}</h4>
        {stateError && <ErrorBanner testId="category-state-error">{problemText(stateError.error)}</ErrorBanner>}
        <p className="field__hint">
          {t(category.active ? 'categories.state.activeHint' : 'categories.state.retiredHint')}
        </p>
        {category.active ? (
          <ConfirmButton
            label={t('categories.retire')}
            question={t('categories.retireQuestion', { name: f.local(category.name) })}
            confirmLabel={t('categories.retireConfirm')}
            sendingLabel={t('common.saving')}
            disabled={busy}
            onConfirm={() => setActive(false)}
          />
        ) : (
          <button
            type="button"
            className="button button--small button--quiet"
            disabled={busy}
            onClick={() => void setActive(true)}
          >
            {busy ? t('common.saving') : t('categories.reactivate')}
          </button>
        )}
      </div>
      <RenameForm category={category} onChanged={onChanged} />
      <MoveForm tree={tree} category={category} onChanged={onChanged} />
      <AttributeEditor tree={tree} category={category} onChanged={onChanged} />
    </div>
  );
}

// --- The tree ------------------------------------------------------------------------------------

interface NodeProps {
  tree: Tree;
  category: Category;
  depth: number;
  collapsed: ReadonlySet<string>;
  toggle: (id: string) => void;
  open: string | null;
  setOpen: (id: string | null) => void;
  addBelow: (id: string) => void;
  onChanged: (notice: string) => Promise<void>;
  notice: string | null;
}

function CategoryNode(props: NodeProps) {
  const { tree, category: c, depth, collapsed, toggle, open, setOpen, addBelow } = props;
  const { t } = useI18n();
  const f = useFormat();
  const kids = tree.children.get(c.id) ?? [];
  const folded = collapsed.has(c.id);
  const editing = open === c.id;
  const shown = visible(tree, c);
  const inheritedCount = ancestors(tree, c.id).reduce((n, a) => n + a.attributes.length, 0);
  const name = f.local(c.name);
  return (
    <li
      className="tree__item"
      data-testid="category"
      data-code={c.code}
      data-active={c.active}
      data-depth={depth}
    >
      <div className={editing ? 'tree__row tree__row--open' : 'tree__row'}>
        {kids.length > 0 ? (
          <button
            type="button"
            className="tree__toggle"
            aria-expanded={!folded}
            aria-label={t(folded ? 'categories.tree.expand' : 'categories.tree.collapse', { name })}
            onClick={() => toggle(c.id)}
            data-testid="category-toggle"
          >
            <span aria-hidden="true">{folded ? '▸' : '▾'}</span>
          </button>
        ) : (
          <span className="tree__toggle tree__toggle--leaf" aria-hidden="true" />
        )}
        <div className="tree__main">
          <span className="tree__name" data-testid="category-name">
            <span lang="ko">{c.name.ko}</span>
            {c.name.en && (
              <span className="muted" lang="en">
                {' '}
                · {c.name.en}
              </span>
            )}
          </span>
          <span className="tree__meta">
            <code>{c.code}</code>
            <span data-testid="category-state">
              {c.active ? (
                shown ? (
                  <span className="badge badge--approved">{t('categories.state.active')}</span>
                ) : (
                  <span className="badge badge--suspended">{t('categories.state.hidden')}</span>
                )
              ) : (
                <span className="badge badge--closed">{t('categories.state.retired')}</span>
              )}
            </span>
            <span data-testid="category-attributes">
              {t('categories.tree.attributes', { n: c.attributes.length })}
              {inheritedCount > 0 && ` ${t('categories.tree.inherited', { n: inheritedCount })}`}
            </span>
          </span>
        </div>
        <div className="tree__actions">
          <button type="button" className="button button--small button--quiet" onClick={() => addBelow(c.id)}>
            {t('categories.tree.addBelow')}
          </button>
          <button
            type="button"
            className="button button--small"
            aria-expanded={editing}
            onClick={() => setOpen(editing ? null : c.id)}
            data-testid="category-manage"
          >
            {editing ? t('categories.tree.close') : t('categories.tree.manage')}
          </button>
        </div>
      </div>
      {editing && (
        <CategoryEditor key={c.id} tree={tree} category={c} onChanged={props.onChanged} notice={props.notice} />
      )}
      {kids.length > 0 && !folded && (
        <ul className="tree__children">
          {kids.map((k) => (
            <CategoryNode key={k.id} {...props} category={k} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** /operator/categories: the shared category tree kept by the operator. */
export function Categories() {
  const { t } = useI18n();
  useDocumentTitle(t('categories.title'));
  const f = useFormat();
  const problemText = useProblemText();
  const [items, setItems] = useState<Category[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editorNotice, setEditorNotice] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpenState] = useState<string | null>(null);
  const [addParent, setAddParent] = useState('');
  const codeRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const answer = await listAllCategories(signal);
      setItems(answer.items);
      setError(null);
    } catch (e) {
      if (!signal?.aborted) setError({ error: e });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const tree = useMemo(() => buildTree(items ?? []), [items]);

  const toggle = useCallback((id: string) => {
    setCollapsed((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const setOpen = useCallback((id: string | null) => {
    setEditorNotice(null);
    setOpenState(id);
  }, []);

  const addBelow = useCallback((id: string) => {
    setAddParent(id);
    codeRef.current?.focus();
    codeRef.current?.scrollIntoView({ block: 'center' });
  }, []);

  async function onAdded(made: Category) {
    setError(null);
    await load();
    // Unfold the new category's parents, so that it can be seen.
    if (made.parent_id !== null) {
      const parent = made.parent_id;
      setCollapsed((old) => {
        const next = new Set(old);
        next.delete(parent);
        return next;
      });
    }
    setNotice(t('categories.added', { name: f.local(made.name) }));
  }

  const onChanged = useCallback(
    async (message: string) => {
      setNotice(null);
      await load();
      setEditorNotice(message);
    },
    [load],
  );

  const top = tree.children.get('') ?? [];
  const active = tree.items.filter((c) => c.active).length;
  return (
    <div className="page page--console">
      <ConsoleHeader title={<h1>{t('categories.title')}</h1>} />
      <p className="page__intro">{t('categories.intro')}</p>
      <div className="sections">
        <AddCategory
          tree={tree}
          parentId={addParent}
          onParentChange={setAddParent}
          codeRef={codeRef}
          onAdded={onAdded}
        />
        <section className="section card" aria-labelledby="categories-tree">
          <h2 id="categories-tree">{t('categories.tree.title')}</h2>
          {notice && <SuccessBanner testId="categories-notice">{notice}</SuccessBanner>}
          {error && <ErrorBanner testId="categories-error">{problemText(error.error)}</ErrorBanner>}
          {items === null && !error && <Loading />}
          {items !== null && (
            <>
              <p className="list-count" role="status">
                {t('categories.tree.count', { n: tree.items.length, active })}
              </p>
              {top.length === 0 ? (
                <p className="empty">{t('categories.tree.empty')}</p>
              ) : (
                <ul className="tree" data-testid="categories">
                  {top.map((c) => (
                    <CategoryNode
                      key={c.id}
                      tree={tree}
                      category={c}
                      depth={0}
                      collapsed={collapsed}
                      toggle={toggle}
                      open={open}
                      setOpen={setOpen}
                      addBelow={addBelow}
                      onChanged={onChanged}
                      notice={editorNotice}
                    />
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
