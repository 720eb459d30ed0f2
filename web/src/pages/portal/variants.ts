// The option selects of a product page, built from its variants' options: one select per option
// name (in the order the variants first name them), each offering the values the variants have.
// Changing one option picks the variant with that value that keeps most of the other choices, so
// the selection always names a variant that exists.
import type { PublicVariant } from '../../api';

export interface OptionAxis {
  name: string;
  values: string[];
}

export function optionAxes(variants: PublicVariant[]): OptionAxis[] {
  const axes = new Map<string, string[]>();
  for (const v of variants) {
    for (const [name, value] of Object.entries(v.options ?? {})) {
      const text = String(value);
      const values = axes.get(name) ?? [];
      if (!values.includes(text)) values.push(text);
      axes.set(name, values);
    }
  }
  return [...axes].map(([name, values]) => ({ name, values }));
}

function agreement(v: PublicVariant, chosen: Record<string, string>): number {
  let n = 0;
  for (const [name, value] of Object.entries(chosen)) if (String(v.options?.[name] ?? '') === value) n += 1;
  return n;
}

/** The variant whose options are exactly `chosen`, or null. */
export function variantFor(variants: PublicVariant[], axes: OptionAxis[], chosen: Record<string, string>) {
  return (
    variants.find((v) => axes.every((a) => String(v.options?.[a.name] ?? '') === (chosen[a.name] ?? ''))) ?? null
  );
}

/** The choices after setting `name` to `value`: those of the variant with that value closest to the rest. */
export function choose(variants: PublicVariant[], chosen: Record<string, string>, name: string, value: string) {
  const want = { ...chosen, [name]: value };
  let best: PublicVariant | null = null;
  for (const v of variants) {
    if (String(v.options?.[name] ?? '') !== value) continue;
    if (best === null || agreement(v, want) > agreement(best, want)) best = v;
  }
  return best ? optionsOf(best) : want;
}

export function optionsOf(v: PublicVariant): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(v.options ?? {})) out[name] = String(value);
  return out;
}
