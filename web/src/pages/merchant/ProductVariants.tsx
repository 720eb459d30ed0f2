// A product's variants in the editor: the option columns (사이즈 × 색상, with the values that make
// every combination), then one table row per variant (SKU, barcode, a value per option, weight, base
// price), each with its prices panel below it: list prices per channel, business volume tiers and
// sale prices with their time window. On a phone the table becomes a stack of cards (.table--stack).
import { useId, useState, type ReactNode } from 'react';
import { SALES_CHANNELS, type SalesChannel } from '../../api';
import { SelectField, TextField } from '../../components/Form';
import { useI18n } from '../../i18n';
import {
  emptyOption,
  emptySale,
  emptyTier,
  emptyVariant,
  makeCombinations,
  MAX_VARIANTS,
  type ProductForm,
  type SaleRow,
  type TierRow,
  type VariantRow,
} from './productForm';

const MAX_OPTIONS = 10;

interface Props {
  form: ProductForm;
  update: (change: (old: ProductForm) => ProductForm) => void;
  errors: Record<string, string>;
  /** The keys of the variants whose prices panel is open. */
  open: ReadonlySet<string>;
  setOpen: (key: string, open: boolean) => void;
}

interface CellProps {
  column: string;
  /** How wide the input is: a SKU, a barcode's 13 digits, or a short value. */
  width: 'sku' | 'barcode' | 'short';
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  inputMode?: 'text' | 'numeric' | 'decimal';
  maxLength?: number;
  required?: boolean;
  name: string;
}

/** One input of the variants table: labelled for assistive technology, its error below it. */
function Cell({ column, width, label, value, onChange, error, inputMode, maxLength, required, name }: CellProps) {
  const id = useId();
  return (
    <td data-label={column} className={`cell cell--${width}${error ? ' cell--invalid' : ''}`}>
      <input
        id={id}
        name={name}
        className="field__input cell__input"
        aria-label={label}
        value={value}
        inputMode={inputMode}
        maxLength={maxLength}
        required={required}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="field__error cell__error" data-testid="field-error">
          {error}
        </p>
      )}
    </td>
  );
}

function OptionColumns({ form, update, errors }: Pick<Props, 'form' | 'update' | 'errors'>) {
  const { t } = useI18n();
  const [prefix, setPrefix] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const change = (key: string, patch: { name?: string; values?: string }) =>
    update((old) => ({ ...old, options: old.options.map((o) => (o.key === key ? { ...o, ...patch } : o)) }));

  const remove = (key: string) =>
    update((old) => ({
      ...old,
      options: old.options.filter((o) => o.key !== key),
      variants: old.variants.map((v) => {
        const options = { ...v.options };
        delete options[key];
        return { ...v, options };
      }),
    }));

  function combine() {
    const made = makeCombinations(form, prefix);
    if (!made.ok) {
      setResult({ ok: false, text: t(made.problem, { n: MAX_VARIANTS }) });
      return;
    }
    update((old) => ({ ...old, variants: made.variants }));
    setResult({ ok: true, text: t('products.combine.done', { n: made.added, total: made.variants.length }) });
  }

  return (
    <fieldset className="form__group options" data-testid="option-columns">
      <legend>{t('products.options.title')}</legend>
      <p className="field__hint">{t('products.options.intro')}</p>
      {form.options.map((o, i) => (
        <div key={o.key} className="option-row" data-testid="option-column">
          <TextField
            label={t('products.options.name', { n: i + 1 })}
            name={`options[${i}].name`}
            value={o.name}
            onChange={(name) => change(o.key, { name })}
            error={errors[`options.${o.key}.name`]}
            hint={t('products.options.nameHint')}
            maxLength={50}
            autoComplete="off"
          />
          <TextField
            label={t('products.options.values', { n: i + 1 })}
            name={`options[${i}].values`}
            value={o.values}
            onChange={(values) => change(o.key, { values })}
            hint={t('products.options.valuesHint')}
            maxLength={2000}
            autoComplete="off"
            optional
          />
          <button
            type="button"
            className="button button--small button--danger option-row__remove"
            onClick={() => remove(o.key)}
          >
            {t('products.options.remove', { n: i + 1 })}
          </button>
        </div>
      ))}
      <div className="form__actions">
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={form.options.length >= MAX_OPTIONS}
          onClick={() => update((old) => ({ ...old, options: [...old.options, emptyOption()] }))}
        >
          {t('products.options.add')}
        </button>
      </div>
      {form.options.length > 0 && (
        <div className="combine">
          <TextField
            label={t('products.combine.prefix')}
            name="sku_prefix"
            value={prefix}
            onChange={setPrefix}
            hint={t('products.combine.prefixHint')}
            maxLength={40}
            autoComplete="off"
            optional
          />
          <button type="button" className="button button--quiet" onClick={combine}>
            {t('products.combine.submit')}
          </button>
        </div>
      )}
      {result && (
        <p className={result.ok ? 'field__ok' : 'field__error'} role="status" data-testid="combine-result">
          {result.text}
        </p>
      )}
    </fieldset>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="prices__section">
      <h4 className="prices__title">{title}</h4>
      {children}
    </div>
  );
}

/** The prices of one variant: list prices per channel, business volume tiers, sale prices. */
function PricesPanel({
  row,
  n,
  change,
  errors,
  id,
}: {
  row: VariantRow;
  n: number;
  change: (patch: Partial<VariantRow>) => void;
  errors: Record<string, string>;
  id: string;
}) {
  const { t } = useI18n();
  const at = `variants.${row.key}`;
  const setTier = (key: string, patch: Partial<TierRow>) =>
    change({ tiers: row.tiers.map((x) => (x.key === key ? { ...x, ...patch } : x)) });
  const setSale = (key: string, patch: Partial<SaleRow>) =>
    change({ sales: row.sales.map((x) => (x.key === key ? { ...x, ...patch } : x)) });
  const general = (name: string) =>
    errors[`${at}.${name}`] && (
      <p className="field__error" data-testid="field-error">
        {errors[`${at}.${name}`]}
      </p>
    );
  return (
    <div className="prices" id={id} role="group" aria-label={t('products.prices.label', { n })} data-testid="prices">
      <Section title={t('products.prices.channels')}>
        <p className="field__hint">{t('products.prices.channelsHint')}</p>
        {general('channel_prices')}
        <div className="prices__grid">
          {SALES_CHANNELS.map((c) => (
            <TextField
              key={c}
              label={t(`products.channel.${c}`)}
              name={`variants[${n - 1}].channel_prices.${c}`}
              value={row.channel_prices[c]}
              onChange={(v) => change({ channel_prices: { ...row.channel_prices, [c]: v } })}
              error={errors[`${at}.channel_prices.${c}.unit_price_won`] ?? errors[`${at}.channel_prices.${c}.channel`]}
              inputMode="numeric"
              maxLength={16}
              autoComplete="off"
              optional
            />
          ))}
        </div>
      </Section>
      <Section title={t('products.prices.tiers')}>
        <p className="field__hint">{t('products.prices.tiersHint')}</p>
        {general('tiers')}
        {row.tiers.map((tier, j) => (
          <div key={tier.key} className="prices__row" data-testid="tier">
            <TextField
              label={t('products.prices.minQuantity', { n: j + 1 })}
              name={`variants[${n - 1}].tiers[${j}].min_quantity`}
              value={tier.min_quantity}
              onChange={(v) => setTier(tier.key, { min_quantity: v })}
              error={errors[`${at}.tiers.${tier.key}.min_quantity`]}
              inputMode="numeric"
              maxLength={9}
              autoComplete="off"
            />
            <TextField
              label={t('products.prices.tierPrice', { n: j + 1 })}
              name={`variants[${n - 1}].tiers[${j}].unit_price_won`}
              value={tier.unit_price_won}
              onChange={(v) => setTier(tier.key, { unit_price_won: v })}
              error={errors[`${at}.tiers.${tier.key}.unit_price_won`]}
              inputMode="numeric"
              maxLength={16}
              autoComplete="off"
            />
            <button
              type="button"
              className="button button--small button--danger prices__remove"
              onClick={() => change({ tiers: row.tiers.filter((x) => x.key !== tier.key) })}
            >
              {t('products.prices.removeTier', { n: j + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={row.tiers.length >= 20}
          onClick={() => change({ tiers: [...row.tiers, emptyTier()] })}
        >
          {t('products.prices.addTier')}
        </button>
      </Section>
      <Section title={t('products.prices.sales')}>
        <p className="field__hint">{t('products.prices.salesHint')}</p>
        {general('sales')}
        {row.sales.map((sale, j) => (
          <div key={sale.key} className="prices__row prices__row--sale" data-testid="sale">
            <TextField
              label={t('products.prices.salePrice', { n: j + 1 })}
              name={`variants[${n - 1}].sales[${j}].unit_price_won`}
              value={sale.unit_price_won}
              onChange={(v) => setSale(sale.key, { unit_price_won: v })}
              error={errors[`${at}.sales.${sale.key}.unit_price_won`]}
              inputMode="numeric"
              maxLength={16}
              autoComplete="off"
            />
            <TextField
              label={t('products.prices.starts', { n: j + 1 })}
              name={`variants[${n - 1}].sales[${j}].starts_at`}
              type="datetime-local"
              value={sale.starts_at}
              onChange={(v) => setSale(sale.key, { starts_at: v })}
              error={errors[`${at}.sales.${sale.key}.starts_at`]}
            />
            <TextField
              label={t('products.prices.ends', { n: j + 1 })}
              name={`variants[${n - 1}].sales[${j}].ends_at`}
              type="datetime-local"
              value={sale.ends_at}
              onChange={(v) => setSale(sale.key, { ends_at: v })}
              error={errors[`${at}.sales.${sale.key}.ends_at`]}
            />
            <SelectField
              label={t('products.prices.saleChannel', { n: j + 1 })}
              name={`variants[${n - 1}].sales[${j}].channel`}
              value={sale.channel}
              onChange={(v) => setSale(sale.key, { channel: SALES_CHANNELS.find((c) => c === v) ?? '' })}
              placeholder={t('products.channel.all')}
              options={SALES_CHANNELS.map((c: SalesChannel) => ({ value: c, label: t(`products.channel.${c}`) }))}
              error={errors[`${at}.sales.${sale.key}.channel`]}
            />
            <button
              type="button"
              className="button button--small button--danger prices__remove"
              onClick={() => change({ sales: row.sales.filter((x) => x.key !== sale.key) })}
            >
              {t('products.prices.removeSale', { n: j + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={row.sales.length >= 20}
          onClick={() => change({ sales: [...row.sales, emptySale()] })}
        >
          {t('products.prices.addSale')}
        </button>
      </Section>
    </div>
  );
}

export function ProductVariants({ form, update, errors, open, setOpen }: Props) {
  const { t } = useI18n();
  const baseId = useId();
  const change = (key: string) => (patch: Partial<VariantRow>) =>
    update((old) => ({ ...old, variants: old.variants.map((v) => (v.key === key ? { ...v, ...patch } : v)) }));
  const columns = form.options;
  const optionLabel = (i: number) => columns[i]!.name.trim() || t('products.options.unnamed', { n: i + 1 });
  const width = 6 + columns.length;

  return (
    <>
      <OptionColumns form={form} update={update} errors={errors} />
      <h3 className="editor-section__subtitle">{t('products.variants.list')}</h3>
      <p className="field__hint">{t('products.variants.intro')}</p>
      {errors.variants && (
        <p className="field__error" data-testid="field-error">
          {errors.variants}
        </p>
      )}
      <div className="table-wrap">
        <table className="table table--stack variants-table" data-testid="variants">
          <thead>
            <tr>
              <th scope="col">{t('products.variants.row')}</th>
              <th scope="col">{t('products.variants.sku')}</th>
              <th scope="col">{t('products.variants.barcode')}</th>
              {columns.map((c, i) => (
                <th scope="col" key={c.key}>
                  {optionLabel(i)}
                </th>
              ))}
              <th scope="col">{t('products.variants.weight')}</th>
              <th scope="col">{t('products.variants.basePrice')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          {form.variants.map((row, i) => {
            const n = i + 1;
            const at = `variants.${row.key}`;
            const set = change(row.key);
            const isOpen = open.has(row.key);
            const panelId = `${baseId}-prices-${row.key}`;
            const label = (column: string) => t('products.variants.cellLabel', { n, column });
            return (
              // One body per variant: its row and its prices panel stay together.
              <tbody key={row.key} data-testid="variant" data-sku={row.sku} className="variant">
                <tr>
                  <th scope="row" className="variant__name" data-label={t('products.variants.row')}>
                    {t('products.variants.rowName', { n })}
                    {errors[`${at}.options`] && (
                      <p className="field__error cell__error" data-testid="field-error">
                        {errors[`${at}.options`]}
                      </p>
                    )}
                  </th>
                  <Cell
                    column={t('products.variants.sku')}
                    width="sku"
                    label={label(t('products.variants.sku'))}
                    name={`variants[${i}].sku`}
                    value={row.sku}
                    onChange={(sku) => set({ sku })}
                    error={errors[`${at}.sku`]}
                    maxLength={64}
                    required
                  />
                  <Cell
                    column={t('products.variants.barcode')}
                    width="barcode"
                    label={label(t('products.variants.barcode'))}
                    name={`variants[${i}].barcode`}
                    value={row.barcode}
                    onChange={(barcode) => set({ barcode })}
                    error={errors[`${at}.barcode`]}
                    inputMode="numeric"
                    maxLength={20}
                  />
                  {columns.map((c, j) => (
                    <Cell
                      key={c.key}
                      column={optionLabel(j)}
                      width="short"
                      label={label(optionLabel(j))}
                      name={`variants[${i}].options.${c.key}`}
                      value={row.options[c.key] ?? ''}
                      onChange={(v) => set({ options: { ...row.options, [c.key]: v } })}
                      maxLength={50}
                    />
                  ))}
                  <Cell
                    column={t('products.variants.weight')}
                    width="short"
                    label={label(t('products.variants.weight'))}
                    name={`variants[${i}].weight_grams`}
                    value={row.weight_grams}
                    onChange={(weight_grams) => set({ weight_grams })}
                    error={errors[`${at}.weight_grams`]}
                    inputMode="numeric"
                    maxLength={12}
                  />
                  <Cell
                    column={t('products.variants.basePrice')}
                    width="short"
                    label={label(t('products.variants.basePrice'))}
                    name={`variants[${i}].base_price_won`}
                    value={row.base_price_won}
                    onChange={(base_price_won) => set({ base_price_won })}
                    error={errors[`${at}.base_price_won`]}
                    inputMode="numeric"
                    maxLength={16}
                    required
                  />
                  <td className="table__actions">
                    <div className="variant__actions">
                      <button
                        type="button"
                        className="button button--small button--quiet"
                        aria-expanded={isOpen}
                        aria-controls={isOpen ? panelId : undefined}
                        onClick={() => setOpen(row.key, !isOpen)}
                        data-testid="prices-toggle"
                      >
                        {t(isOpen ? 'products.variants.pricesClose' : 'products.variants.pricesOpen', {
                          n:
                            row.tiers.length +
                            row.sales.length +
                            Object.values(row.channel_prices).filter((p) => p.trim() !== '').length,
                        })}
                      </button>
                      <button
                        type="button"
                        className="button button--small button--danger"
                        disabled={form.variants.length <= 1}
                        aria-label={t('products.variants.removeLabel', { n })}
                        onClick={() =>
                          update((old) => ({ ...old, variants: old.variants.filter((v) => v.key !== row.key) }))
                        }
                      >
                        {t('products.variants.remove')}
                      </button>
                    </div>
                  </td>
                </tr>
                {isOpen && (
                  <tr className="variant__prices">
                    <td colSpan={width}>
                      <PricesPanel row={row} n={n} change={set} errors={errors} id={panelId} />
                    </td>
                  </tr>
                )}
              </tbody>
            );
          })}
        </table>
      </div>
      <div className="form__actions variants__add">
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={form.variants.length >= MAX_VARIANTS}
          onClick={() => update((old) => ({ ...old, variants: [...old.variants, emptyVariant()] }))}
        >
          {t('products.variants.add')}
        </button>
      </div>
    </>
  );
}
