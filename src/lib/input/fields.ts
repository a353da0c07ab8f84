/**
 * Reading form fields, URL parameters and command-line flags (all text) into checked values. A reader collects
 * one message per bad field, naming the field as the reader knows it (its label on a page, its flag on the command
 * line) and what it allows, so a page can show each beside its input and a command line can print it. An absent
 * field takes its default; a field present but blank (a cleared input) is an error unless blank is documented to
 * mean "use the default".
 */
import { parseNumberText } from './number';
import { quote } from './quote';
import { groupDigits } from '../format/numbers';

export interface FieldError<F extends string = string> {
  field: F;
  message: string;
}

/** How a field is named in messages: a form label, or a flag such as `--context`. */
export type FieldNamer<F extends string> = (field: F) => string;

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  fallback?: number;
  blankMeansDefault?: boolean;
  unit?: string;
  /**
   * With `min` 0: the smallest value above zero that is still a question, not a slip or a probe (1e-320 requests
   * a day would make the cost of each token overflow). Values between 0 and this are refused.
   */
  smallestNonZero?: number;
}

/**
 * "a whole number from 1 to 4,096", written only when a message needs it: a page reads every field on every
 * keystroke, and building this text for valid values (with toLocaleString, as it once did) cost a phone profile
 * 121 ms on the memory calculator's first render.
 */
function rangeText(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const from = rule.smallestNonZero === undefined ? `${kind} from ${groupDigits(rule.min)}` : `0 or ${kind} from ${groupDigits(rule.smallestNonZero)}`;
  return `${from} to ${groupDigits(rule.max)}${rule.unit ? ` ${rule.unit}` : ''}`;
}

export class FieldReader<F extends string> {
  readonly errors: Array<FieldError<F>> = [];

  constructor(
    private readonly raw: Partial<Record<F, string>>,
    readonly name: FieldNamer<F> = (field) => field,
  ) {}

  /** Records a message for a field; `message` follows the field's name ("Context must be ..."). */
  fail(field: F, message: string): undefined {
    this.errors.push({ field, message: `${this.name(field)} ${message}` });
    return undefined;
  }

  text(field: F): string | undefined {
    return this.raw[field]?.trim();
  }

  /** A number within [min, max]; `integer` requires a whole number. See ./number.ts for the accepted spellings. */
  number(field: F, rule: NumberRule): number | undefined {
    const text = this.text(field);
    if (text === undefined || (text === '' && rule.blankMeansDefault)) {
      return rule.fallback ?? this.fail(field, `is required: ${rangeText(rule)}`);
    }
    if (text === '') return this.fail(field, `is required: ${rangeText(rule)}`);
    const parsed = parseNumberText(text);
    if (!parsed.ok) return this.fail(field, `must be ${rangeText(rule)}; ${parsed.problem}: ${quote(text)}`);
    const value = parsed.value;
    const tooSmall = value !== 0 && Math.abs(value) < (rule.smallestNonZero ?? 0);
    if ((rule.integer && !Number.isInteger(value)) || value < rule.min || value > rule.max || tooSmall) {
      return this.fail(field, `must be ${rangeText(rule)}; got ${quote(text)}`);
    }
    return value;
  }

  choice<T extends string>(field: F, allowed: readonly T[], fallback: T): T {
    const text = this.text(field);
    if (text === undefined || text === '') return fallback;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.fail(field, `must be one of ${allowed.join(', ')}; got ${quote(text)}`);
    return fallback;
  }

  boolean(field: F, fallback: boolean): boolean {
    const text = this.text(field)?.toLowerCase();
    if (text === undefined || text === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    this.fail(field, `must be true or false; got ${quote(text)}`);
    return fallback;
  }
}
