/**
 * Reading a model's config.json from the Hugging Face Hub, for the page (in the browser, only when asked) and the
 * CLI. Each way it can fail gets one plain sentence that says what happened and what to do instead.
 */
import { ConfigError, architectureFromConfig } from './config';
import type { ModelArchitecture } from './types';

/** "Qwen/Qwen3-8B", from an id or a Hub URL (https://huggingface.co/Qwen/Qwen3-8B/tree/main...); null when neither. */
export function parseHubRepo(text: string): string | null {
  const trimmed = text.trim();
  const fromUrl = /^https?:\/\/(?:www\.)?huggingface\.co\/([\w.-]+\/[\w.-]+)(?:[/?#].*)?$/.exec(trimmed);
  const id = fromUrl ? fromUrl[1]! : trimmed;
  if (!/^[\w-][\w.-]{0,95}\/[\w-][\w.-]{0,95}$/.test(id) || id.includes('..')) return null;
  return id;
}

export function hubConfigUrl(repo: string): string {
  return `https://huggingface.co/${repo}/resolve/main/config.json`;
}

export type HubConfigResult = { ok: true; text: string } | { ok: false; message: string };

/** Fetches config.json; `fetcher` is the platform's fetch (tests pass their own). */
export async function fetchHubConfig(repo: string, fetcher: typeof fetch): Promise<HubConfigResult> {
  let response: Response;
  try {
    response = await fetcher(hubConfigUrl(repo));
  } catch {
    return { ok: false, message: 'huggingface.co could not be reached (offline, or blocked); paste or upload the config.json instead' };
  }
  if (response.status === 401 || response.status === 403) {
    return { ok: false, message: 'the repository is gated: its config.json opens only after you accept the licence on huggingface.co; download it there and paste or upload it here' };
  }
  if (response.status === 404) return { ok: false, message: 'no such repository, or it has no config.json (check the spelling, or whether it is a GGUF-only repository)' };
  if (response.status === 429) return { ok: false, message: 'huggingface.co is limiting requests right now; wait a minute, or paste the config.json instead' };
  if (!response.ok) return { ok: false, message: `huggingface.co answered ${response.status}; try again later, or paste the config.json instead` };
  return { ok: true, text: await response.text() };
}

export type ConfigTextResult = { ok: true; architecture: ModelArchitecture } | { ok: false; message: string };

/** A config.json's text as a model, or one sentence on why not (not JSON, an unsupported model_type, a missing field). */
export function readConfigText(text: string): ConfigTextResult {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return { ok: false, message: 'is not valid JSON; a config.json holds one JSON object' };
  }
  try {
    return { ok: true, architecture: architectureFromConfig(config) };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * The parameter total the Hub lists from a repository's safetensors headers, when it lists one: an exact count to
 * hold the config's count against. Null when the Hub does not answer or has none (GGUF-only or gated repositories).
 */
export async function fetchHubParameterTotal(repo: string, fetcher: typeof fetch): Promise<number | null> {
  try {
    const response = await fetcher(`https://huggingface.co/api/models/${repo}?expand[]=safetensors`);
    if (!response.ok) return null;
    const total = ((await response.json()) as { safetensors?: { total?: unknown } }).safetensors?.total;
    return typeof total === 'number' && Number.isSafeInteger(total) && total > 0 ? total : null;
  } catch {
    return null;
  }
}
