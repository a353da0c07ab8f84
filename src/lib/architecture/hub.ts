/**
 * Reading a model's config.json from the Hugging Face Hub, for the page (in the browser, only when asked) and the
 * CLI. Each way it can fail gets one plain sentence that says what happened and what to do instead.
 */

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
