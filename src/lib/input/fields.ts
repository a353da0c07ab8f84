/**
 * Reading form fields, URL parameters and command-line flags (all text) into checked values. A reader collects
 * one message per bad field, naming the field and what it allows, so a page can show each beside its input and
 * a command line can print it. An absent field takes its default; a field present but blank (a cleared input) is
 * an error unless blank is documented to mean "use the default".
 */

export interface FieldError<F extends string = string> {
  field: F;
  message: string;
}

export class FieldReader<F extends string> {
  readonly errors: Array<FieldError<F>> = [];

  constructor(private readonly raw: Partial<Record<F, string>>) {}

  fail(field: F, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  text(field: F): string | undefined {
    return this.raw[field]?.trim();
  }

  /** A number within [min, max]; `integer` requires a whole number. Thousands separators and _ are accepted. */
  number(field: F, options: { min: number; max: number; integer?: boolean; fallback?: number; blankMeansDefault?: boolean; unit?: string }): number | undefined {
    const text = this.text(field);
    const kind = options.integer ? 'a whole number' : 'a number';
    const range = `${kind} from ${options.min.toLocaleString('en-US')} to ${options.max.toLocaleString('en-US')}${options.unit ? ` ${options.unit}` : ''}`;
    if (text === undefined || (text === '' && options.blankMeansDefault)) {
      return options.fallback ?? this.fail(field, `${field} is required: ${range}`);
    }
    if (text === '') return this.fail(field, `${field} is required: ${range}`);
    const value = Number(text.replaceAll('_', '').replaceAll(',', ''));
    const whole = !options.integer || Number.isInteger(value);
    if (!Number.isFinite(value) || !whole || value < options.min || value > options.max) {
      return this.fail(field, `${field} must be ${range}, got "${text}"`);
    }
    return value;
  }

  choice<T extends string>(field: F, allowed: readonly T[], fallback: T): T {
    const text = this.text(field);
    if (text === undefined || text === '') return fallback;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.fail(field, `${field} must be one of ${allowed.join(', ')}; got "${text}"`);
    return fallback;
  }

  boolean(field: F, fallback: boolean): boolean {
    const text = this.text(field)?.toLowerCase();
    if (text === undefined || text === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    this.fail(field, `${field} must be true or false; got "${text}"`);
    return fallback;
  }
}
