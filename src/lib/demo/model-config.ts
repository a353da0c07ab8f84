/**
 * The values the demo itself reads from a model's config.json, checked before use. The files come from the Hub
 * (or the site) at a pinned revision, but a mirror, a cache or a bad upload can still serve something else: a
 * context length that is huge or not a number would switch the prompt-length check off, zero or a negative one
 * would refuse every prompt, and an object would break generation. Each problem is one sentence naming the file
 * and the field, shown in the model's panel.
 */
import { quote } from '../input/quote';
import { groupDigits } from '../format/numbers';

/** Longer than any model's context today (Llama 4 Scout declares 10,485,760), short of "no limit at all". */
export const MAX_CONTEXT_TOKENS = 2 ** 24;
/** The demo's prompts and answers need at least this much room. */
export const MIN_CONTEXT_TOKENS = 64;

export interface DemoModelConfig {
  contextTokens: number;
}

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

function shown(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

/** Reads what the demo uses of a parsed config.json; throws a ModelFileError naming `file` and the field. */
export function readDemoModelConfig(config: unknown, file: string): DemoModelConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new ModelFileError(`${file} is not a JSON object`);
  const value = (config as Record<string, unknown>).max_position_embeddings;
  const range = `a whole number from ${MIN_CONTEXT_TOKENS} to ${groupDigits(MAX_CONTEXT_TOKENS)}`;
  if (value === undefined) throw new ModelFileError(`${file} has no max_position_embeddings (the model's context length): it must be ${range}`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_CONTEXT_TOKENS || value > MAX_CONTEXT_TOKENS) {
    throw new ModelFileError(`${file}: max_position_embeddings must be ${range}; got ${shown(value)}`);
  }
  return { contextTokens: value };
}
