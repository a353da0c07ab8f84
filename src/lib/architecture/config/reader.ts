/**
 * Reads a Hugging Face config.json: each field from the file, else the default its Transformers configuration
 * class applies (./defaults.ts), else a ConfigError that names the field, so a reader can be told exactly what is
 * missing or wrong.
 */

export type ConfigObject = Record<string, unknown>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    /** The field at fault, as a path into config.json ("text_config.num_key_value_heads"), when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function isConfigObject(value: unknown): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ConfigReader {
  constructor(
    readonly config: ConfigObject,
    private readonly defaults: ConfigObject,
    /** Where this object sits in config.json, for messages: "" or "text_config.". */
    readonly path = '',
  ) {}

  /** The file's value (an explicit null counts: it means "none" or "derive it"), else the class default. */
  private value(key: string): unknown {
    return key in this.config ? (this.config[key] ?? undefined) : this.defaults[key];
  }

  has(key: string): boolean {
    const own = this.config[key];
    return own !== undefined && own !== null;
  }

  private fail(key: string, problem: string): never {
    throw new ConfigError(`config.json: ${this.path}${key} ${problem}`, `${this.path}${key}`);
  }

  /** A whole number of at least `min` (1 unless said otherwise). */
  int(key: string, options: { min?: number; fallback?: number } = {}): number {
    const value = this.value(key) ?? options.fallback;
    const min = options.min ?? 1;
    if (value === undefined || value === null) this.fail(key, 'is missing, and this model type has no default for it');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 1e12) {
      this.fail(key, `must be a whole number of at least ${min}; it is ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** A whole number, or undefined when the file and the defaults have none. */
  optionalInt(key: string, min = 1): number | undefined {
    const value = this.value(key);
    return value === undefined || value === null ? undefined : this.int(key, { min });
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.value(key) ?? fallback;
    if (typeof value !== 'boolean') this.fail(key, `must be true or false; it is ${JSON.stringify(value)}`);
    return value;
  }

  string(key: string): string | undefined {
    const value = this.value(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(key, `must be text; it is ${JSON.stringify(value)}`);
    return value;
  }

  /** A list whose entries pass `check`, or undefined when absent (an empty list counts as absent where `emptyIsAbsent`). */
  list<T>(key: string, check: (entry: unknown) => entry is T, what: string, emptyIsAbsent = false): T[] | undefined {
    const value = this.value(key);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every(check)) this.fail(key, `must be a list of ${what}`);
    return emptyIsAbsent && value.length === 0 ? undefined : (value as T[]);
  }

  /** The nested object at `key` (text_config, vision_config), or undefined. */
  child(key: string, defaults: ConfigObject): ConfigReader | undefined {
    const value = this.config[key];
    if (value === undefined || value === null) return undefined;
    if (!isConfigObject(value)) this.fail(key, 'must be an object');
    return new ConfigReader(value, defaults, `${this.path}${key}.`);
  }

  /** Fails unless a list covers exactly the layers. */
  checkLength(key: string, list: readonly unknown[], layers: number): void {
    if (list.length !== layers) this.fail(key, `lists ${list.length} layers, but the model has ${layers}`);
  }

  invalid(key: string, problem: string): never {
    return this.fail(key, problem);
  }
}

export const isString = (entry: unknown): entry is string => typeof entry === 'string';
export const isWholeNumber = (entry: unknown): entry is number => typeof entry === 'number' && Number.isInteger(entry) && entry >= 0;
