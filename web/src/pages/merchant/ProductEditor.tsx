// /merchant/:merchantId/products/new and /merchant/:merchantId/products/:productId: a product's
// editor. Titles in Korean and English, the category (the attributes of its whole path follow it,
// typed and marked when required), brand and VAT, the Markdown description with its preview, the
// images, and the variants with their prices. Saving creates (POST) or replaces (PUT, with the
// version read: when someone else saved meanwhile the page says so and offers to load theirs); the
// status actions publish, take back to draft, archive and restore.
//
// The server judges the product: its field errors are shown at their fields, by row for variants,
// tiers, sales and images (productForm.ts names them), and a prices panel with an error opens. A price
// outside a "refuse" price parity policy is such an error (with both prices and the allowed range);
// one outside a "warn" policy is saved, and the answer's warnings are listed by SKU above the form.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import {
  createProduct,
  getPortalConfig,
  getProduct,
  isApiError,
  setProductStatus,
  updateProduct,
  type CategoryAttribute,
  type FieldError,
  type Product,
  type ProductStatus,
} from '../../api';
import { ConfirmButton, Time } from '../../components/Bits';
import { ErrorBanner, Loading, SelectField, SubmitButton, SuccessBanner, TextField } from '../../components/Form';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { Failure } from '../../errors';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { useBackOffice } from './BackOffice';
import { useCategoryOptions, useCategoryTree, type CategoryIndex, type PathAttribute } from './catalogTree';
import { DescriptionField } from './DescriptionField';
import { NO_ERRORS, ProductStatusBadge, useCatalogText, useFormErrors, type FormErrors } from './productBits';
import {
  emptyForm,
  fromProduct,
  placeServerField,
  pricesHaveErrors,
  shownFields,
  toInput,
  type ImageRow,
  type ProductForm,
} from './productForm';
import { ProductImages } from './ProductImages';
import { ProductVariants } from './ProductVariants';

const MAX_DESCRIPTION = 20_000;

function isVersionChanged(e: unknown): boolean {
  return isApiError(e) && e.status === 409 && e.reason === 'version_changed';
}

/** One attribute of the category path, as the input its type asks for. */
function AttributeField({
  attribute,
  from,
  inherited,
  value,
  onChange,
  error,
}: {
  attribute: CategoryAttribute;
  from: string;
  inherited: boolean;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const name = f.local(attribute.name);
  const label = attribute.unit ? t('products.attributes.withUnit', { name, unit: attribute.unit }) : name;
  const hint = inherited ? t('products.attributes.from', { name: from }) : undefined;
  const common = {
    label,
    name: `attributes.${attribute.code}`,
    value,
    onChange,
    error,
    hint,
    required: attribute.required,
    requiredMark: attribute.required ? t('products.required') : undefined,
    optional: !attribute.required,
  };
  switch (attribute.type) {
    case 'boolean':
      return (
        <SelectField
          {...common}
          placeholder={t('form.choose')}
          options={[
            { value: 'true', label: t('products.attributes.yes') },
            { value: 'false', label: t('products.attributes.no') },
          ]}
        />
      );
    case 'choice':
      return (
        <SelectField
          {...common}
          placeholder={t('form.choose')}
          options={attribute.choices.map((c) => ({ value: c.code, label: f.local(c.name) }))}
        />
      );
    case 'date':
      return <TextField {...common} type="date" />;
    case 'integer':
      return <TextField {...common} inputMode="numeric" maxLength={20} autoComplete="off" />;
    case 'decimal':
      return <TextField {...common} inputMode="decimal" maxLength={24} autoComplete="off" />;
    default:
      return <TextField {...common} maxLength={200} autoComplete="off" />;
  }
}

function StatusActions({
  product,
  dirty,
  onChanged,
  onConflict,
}: {
  product: Product;
  dirty: boolean;
  onChanged: (product: Product, notice: string) => void;
  onConflict: () => void;
}) {
  const { t } = useI18n();
  const text = useCatalogText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Failure | null>(null);

  async function go(status: ProductStatus, notice: string) {
    setBusy(true);
    setError(null);
    try {
      const changed = await setProductStatus(product.merchant_id, product.id, status, product.version);
      onChanged(changed, notice);
    } catch (e) {
      if (isVersionChanged(e)) onConflict();
      else setError({ error: e });
    } finally {
      setBusy(false);
    }
  }

  const disabled = busy || dirty;
  return (
    <section className="section card status-card" aria-labelledby="product-status-title" data-testid="status-actions">
      <h2 id="product-status-title">{t('products.state.title')}</h2>
      <p>
        <ProductStatusBadge status={product.status} /> {t(`products.state.${product.status}Hint`)}
      </p>
      <p className="muted">
        {t('products.state.updated')} <Time iso={product.updated_at} />
      </p>
      {error && <ErrorBanner testId="status-error">{text.problem(error.error)}</ErrorBanner>}
      {dirty && <p className="field__hint">{t('products.state.saveFirst')}</p>}
      <div className="button-row">
        {product.status === 'draft' && (
          <button
            type="button"
            className="button button--small"
            disabled={disabled}
            onClick={() => void go('active', t('products.state.published'))}
          >
            {busy ? t('common.saving') : t('products.state.publish')}
          </button>
        )}
        {product.status === 'active' && (
          <button
            type="button"
            className="button button--small button--quiet"
            disabled={disabled}
            onClick={() => void go('draft', t('products.state.unpublished'))}
          >
            {busy ? t('common.saving') : t('products.state.unpublish')}
          </button>
        )}
        {product.status !== 'archived' && (
          <ConfirmButton
            label={t('products.state.archive')}
            question={t('products.state.archiveQuestion', { title: product.title_ko })}
            confirmLabel={t('products.state.archiveConfirm')}
            sendingLabel={t('common.saving')}
            disabled={disabled}
            onConfirm={() => go('archived', t('products.state.archived'))}
          />
        )}
        {product.status === 'archived' && (
          <button
            type="button"
            className="button button--small button--quiet"
            disabled={disabled}
            onClick={() => void go('draft', t('products.state.restored'))}
          >
            {busy ? t('common.saving') : t('products.state.restore')}
          </button>
        )}
      </div>
    </section>
  );
}

interface EditorProps {
  merchantId: string;
  tree: CategoryIndex;
  /** The product as read, or null for a new one. */
  initial: Product | null;
  notice: string | null;
  /** The warnings of the save that made the product (price parity), shown once. */
  warnings: FieldError[];
}

/** The saved product's warnings, each with the SKU of the variant it is about. */
function SaveWarnings({ product, warnings }: { product: Product | null; warnings: FieldError[] }) {
  const { t } = useI18n();
  const text = useCatalogText();
  if (warnings.length === 0) return null;
  const skuOf = (field: string): string | null => {
    const match = /^variants\[(\d+)\]/.exec(field);
    const variant = match ? product?.variants[Number(match[1])] : undefined;
    return variant ? variant.sku : null;
  };
  return (
    <div className="banner banner--warning" role="status" data-testid="parity-warnings">
      <p>{t('products.parity.warnings')}</p>
      <ul>
        {warnings.map((w, i) => {
          const sku = skuOf(w.field);
          const words = text.field(w);
          return (
            <li key={`${w.field}-${i}`} data-testid="parity-warning" data-field={w.field}>
              {sku ? t('products.parity.warningAt', { sku, text: words }) : words}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Editor({ merchantId, tree, initial, notice: firstNotice, warnings: firstWarnings }: EditorProps) {
  const { t } = useI18n();
  const f = useFormat();
  const navigate = useNavigate();
  const describe = useFormErrors();
  const text = useCatalogText();
  const categoryOptions = useCategoryOptions(tree);
  const [product, setProduct] = useState<Product | null>(initial);
  const [form, setForm] = useState<ProductForm>(() => (initial ? fromProduct(initial) : emptyForm()));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [notice, setNotice] = useState<string | null>(firstNotice);
  const [warnings, setWarnings] = useState<FieldError[]>(firstWarnings);
  const [open, setOpenPanels] = useState<ReadonlySet<string>>(new Set());
  const [maxImageBytes, setMaxImageBytes] = useState<number | null>(null);

  useEffect(() => {
    getPortalConfig().then(
      (c) => setMaxImageBytes(c.image_max_bytes),
      () => setMaxImageBytes(null),
    );
  }, []);

  const update = useCallback((change: (old: ProductForm) => ProductForm) => {
    setForm(change);
    setDirty(true);
    setNotice(null);
  }, []);
  const updateImages = useCallback(
    (change: (old: ImageRow[]) => ImageRow[]) => update((old) => ({ ...old, images: change(old.images) })),
    [update],
  );
  const set =
    <K extends keyof ProductForm>(name: K) =>
    (value: ProductForm[K]) =>
      update((old) => ({ ...old, [name]: value }));
  const setOpen = useCallback((key: string, isOpen: boolean) => {
    setOpenPanels((old) => {
      const next = new Set(old);
      if (isOpen) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);

  const attributes: PathAttribute[] = useMemo(
    () => (form.category_id ? tree.attributesOf(form.category_id) : []),
    [tree, form.category_id],
  );

  function showErrors(next: FormErrors) {
    setErrors(next);
    // A prices panel that holds an error opens, so that the error can be seen.
    const withErrors = form.variants.filter((v) => pricesHaveErrors(next.fields, v)).map((v) => v.key);
    if (withErrors.length > 0) setOpenPanels((old) => new Set([...old, ...withErrors]));
  }

  function load(p: Product, message: string | null) {
    setProduct(p);
    setForm(fromProduct(p));
    setDirty(false);
    setErrors(NO_ERRORS);
    setOpenPanels(new Set());
    setConflict(false);
    setNotice(message);
    setWarnings(p.warnings ?? []);
  }

  async function reload() {
    if (!product) return;
    setReloading(true);
    try {
      load(await getProduct(merchantId, product.id), t('products.conflict.reloaded'));
    } catch (e) {
      setErrors({ banner: text.problem(e), fields: {} });
    } finally {
      setReloading(false);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    setConflict(false);
    const built = toInput(form, attributes);
    const problems = Object.entries(built.problems);
    if (problems.length > 0) {
      showErrors({
        banner: t('form.checkFields'),
        fields: Object.fromEntries(problems.map(([k, key]) => [k, t(key)])),
      });
      return;
    }
    setSending(true);
    setErrors(NO_ERRORS);
    setWarnings([]);
    try {
      if (product === null) {
        const made = await createProduct(merchantId, built.input);
        setDirty(false);
        navigate(`/merchant/${encodeURIComponent(merchantId)}/products/${encodeURIComponent(made.id)}`, {
          replace: true,
          state: { notice: 'created', warnings: made.warnings ?? [] },
        });
        return;
      }
      const saved = await updateProduct(merchantId, product.id, { ...built.input, version: product.version });
      load(saved, t('products.saved'));
    } catch (e) {
      if (isVersionChanged(e)) {
        setConflict(true);
      } else {
        const shown = shownFields(form, attributes);
        const described = describe(e, (fe) => {
          const at = placeServerField(built.paths, fe.field);
          return shown.has(at) ? at : null;
        });
        // A refusal by the price policy says so rather than "check the fields".
        if (isApiError(e) && e.reason === 'price_parity' && Object.keys(described.fields).length > 0) {
          described.banner = text.problem(e);
        }
        showErrors(described);
      }
    } finally {
      setSending(false);
    }
  }

  const fields = errors.fields;
  const title = product ? product.title_ko : t('products.new.title');
  return (
    <div className="sections product-editor">
      <p className="back">
        <Link to={`/merchant/${encodeURIComponent(merchantId)}/products`}>{t('products.back')}</Link>
      </p>
      <div className="section__head">
        <h2 data-testid="editor-title">{title}</h2>
        {product && <ProductStatusBadge status={product.status} />}
      </div>
      {notice && <SuccessBanner testId="product-notice">{notice}</SuccessBanner>}
      <SaveWarnings product={product} warnings={warnings} />
      {product && (
        <StatusActions
          product={product}
          dirty={dirty}
          onChanged={(p, message) => {
            setProduct(p);
            setNotice(message);
          }}
          onConflict={() => setConflict(true)}
        />
      )}
      <form className="form form--wide" noValidate onSubmit={onSubmit} aria-busy={sending} data-testid="product-form">
        <section className="section card editor-section" aria-labelledby="product-basics">
          <h2 id="product-basics">{t('products.basics.title')}</h2>
          <div className="form__grid">
            <TextField
              label={t('products.titleKo')}
              name="title_ko"
              value={form.title_ko}
              onChange={set('title_ko')}
              error={fields.title_ko}
              hint={t('products.titleKoHint')}
              required
              requiredMark={t('products.required')}
              maxLength={200}
              autoComplete="off"
            />
            <TextField
              label={t('products.titleEn')}
              name="title_en"
              value={form.title_en}
              onChange={set('title_en')}
              error={fields.title_en}
              hint={t('products.titleEnHint')}
              optional
              maxLength={200}
              autoComplete="off"
            />
            <TextField
              label={t('products.brand')}
              name="brand"
              value={form.brand}
              onChange={set('brand')}
              error={fields.brand}
              optional
              maxLength={100}
              autoComplete="off"
            />
            <SelectField
              label={t('products.vat')}
              name="vat"
              value={form.vat}
              onChange={(v) => set('vat')(v === 'exempt' ? 'exempt' : 'taxable')}
              options={[
                { value: 'taxable', label: t('products.vat.taxable') },
                { value: 'exempt', label: t('products.vat.exempt') },
              ]}
              error={fields.vat}
              hint={t('products.vatHint')}
            />
          </div>
        </section>

        <section className="section card editor-section" aria-labelledby="product-category">
          <h2 id="product-category">{t('products.category.title')}</h2>
          <SelectField
            label={t('products.category')}
            name="category_id"
            value={form.category_id}
            onChange={set('category_id')}
            placeholder={t('form.choose')}
            options={categoryOptions}
            error={fields.category_id}
            hint={t('products.categoryHint')}
            required
            requiredMark={t('products.required')}
          />
          {form.category_id !== '' && attributes.length === 0 && (
            <p className="muted">{t('products.attributes.none')}</p>
          )}
          {attributes.length > 0 && (
            <div className="form__grid" data-testid="attributes">
              {attributes.map(({ attribute, from }) => (
                <AttributeField
                  key={`${from.id}-${attribute.code}`}
                  attribute={attribute}
                  from={f.local(from.name)}
                  inherited={from.id !== form.category_id}
                  value={form.attributes[attribute.code] ?? ''}
                  onChange={(v) =>
                    update((old) => ({ ...old, attributes: { ...old.attributes, [attribute.code]: v } }))
                  }
                  error={fields[`attributes.${attribute.code}`]}
                />
              ))}
            </div>
          )}
        </section>

        <section className="section card editor-section" aria-labelledby="product-description">
          <h2 id="product-description">{t('products.description.title')}</h2>
          <DescriptionField
            label={t('products.description')}
            value={form.description}
            onChange={set('description')}
            error={fields.description}
            maxLength={MAX_DESCRIPTION}
          />
        </section>

        <section className="section card editor-section" aria-labelledby="product-images">
          <h2 id="product-images">{t('products.images.title')}</h2>
          <ProductImages
            merchantId={merchantId}
            images={form.images}
            update={updateImages}
            errors={fields}
            maxBytes={maxImageBytes}
          />
        </section>

        <section className="section card editor-section" aria-labelledby="product-variants">
          <h2 id="product-variants">{t('products.variants.title')}</h2>
          <ProductVariants form={form} update={update} errors={fields} open={open} setOpen={setOpen} />
        </section>

        <div className="save-bar" data-testid="save-bar">
          {conflict && (
            <div className="banner banner--error" role="alert" data-testid="conflict">
              <p>{t('products.conflict.body')}</p>
              <button
                type="button"
                className="button button--secondary"
                disabled={reloading}
                onClick={() => void reload()}
              >
                {reloading ? t('a11y.loading') : t('products.conflict.reload')}
              </button>
            </div>
          )}
          {errors.banner && <ErrorBanner testId="product-error">{errors.banner}</ErrorBanner>}
          <div className="form__actions">
            <SubmitButton
              sending={sending}
              label={product ? t('products.save') : t('products.create')}
              sendingLabel={t('common.saving')}
            />
            {dirty && <span className="muted">{t('products.unsaved')}</span>}
          </div>
        </div>
      </form>
    </div>
  );
}

type Loaded =
  | { kind: 'loading' }
  | ({ kind: 'error' } & Failure)
  | { kind: 'notFound' }
  | { kind: 'ready'; product: Product | null };

export function ProductEditor() {
  const { t } = useI18n();
  const { merchantId, merchantName } = useBackOffice();
  const { productId } = useParams();
  const location = useLocation();
  const text = useCatalogText();
  const categories = useCategoryTree();
  const [loaded, setLoaded] = useState<Loaded>(productId ? { kind: 'loading' } : { kind: 'ready', product: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!productId) {
      setLoaded({ kind: 'ready', product: null });
      return;
    }
    const controller = new AbortController();
    setLoaded({ kind: 'loading' });
    getProduct(merchantId, productId, controller.signal).then(
      (product) => setLoaded({ kind: 'ready', product }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(e) && e.status === 404) setLoaded({ kind: 'notFound' });
        else setLoaded({ kind: 'error', error: e });
      },
    );
    return () => controller.abort();
  }, [merchantId, productId, attempt]);

  const pageTitle =
    loaded.kind === 'ready' && loaded.product
      ? loaded.product.title_ko
      : productId
        ? t('products.edit.title')
        : t('products.new.title');
  useDocumentTitle(pageTitle + t('title.separator') + merchantName);

  const state = (location.state ?? null) as { notice?: string; warnings?: FieldError[] } | null;
  const notice = state?.notice === 'created' ? t('products.created') : null;
  const warnings = state?.notice === 'created' && Array.isArray(state.warnings) ? state.warnings : [];

  if (loaded.kind === 'notFound') {
    return (
      <section className="section card" data-testid="product-not-found">
        <h2>{t('products.notFound.title')}</h2>
        <p>{t('products.notFound.body')}</p>
        <Link to={`/merchant/${encodeURIComponent(merchantId)}/products`} className="button">
          {t('products.back')}
        </Link>
      </section>
    );
  }
  if (loaded.kind === 'error' || categories.state.kind === 'error') {
    const failure =
      loaded.kind === 'error' ? loaded.error : categories.state.kind === 'error' ? categories.state.error : null;
    return (
      <div className="banner banner--error" role="alert" data-testid="editor-error">
        <p>{text.problem(failure)}</p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setAttempt((n) => n + 1);
            categories.reload();
          }}
        >
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (loaded.kind === 'loading' || categories.state.kind === 'loading') return <Loading />;
  return (
    <Editor
      key={loaded.product ? `${loaded.product.id}` : 'new'}
      merchantId={merchantId}
      tree={categories.state.tree}
      initial={loaded.product}
      notice={notice}
      warnings={warnings}
    />
  );
}
