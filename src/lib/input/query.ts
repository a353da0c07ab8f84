/**
 * A tool's inputs in the page address. Only fields that differ from the defaults are written, and the raw text is
 * kept, so a half-typed value survives a reload exactly as it was.
 */
export type RawFields<F extends string> = Partial<Record<F, string>>;

export function encodeFields<F extends string>(fields: readonly F[], values: RawFields<F>, defaults: Readonly<RawFields<F>>): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of fields) {
    const value = values[field] ?? '';
    if (value !== (defaults[field] ?? '')) params.set(field, value);
  }
  return params;
}

export function decodeFields<F extends string>(fields: readonly F[], params: URLSearchParams, defaults: Readonly<RawFields<F>>): RawFields<F> {
  const values: RawFields<F> = { ...defaults };
  for (const field of fields) {
    const value = params.get(field);
    if (value !== null) values[field] = value;
  }
  return values;
}

/**
 * Every field written, defaults and blanks included, for tools whose links must mean the same thing after the
 * site's defaults change (the model finder). A blank is kept as `field=` so a cleared box stays cleared.
 */
export function encodeEveryField<F extends string>(fields: readonly F[], values: RawFields<F>): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of fields) params.set(field, values[field] ?? '');
  return params;
}
