/**
 * Where a demo model's files live and what a failed load says about them. Pure functions, shared by the worker (which
 * downloads and caches the files) and the tests.
 */

/** The Hub's file URL for `file` at `revision`, the same address Transformers.js uses as its cache key. */
export function hubFileUrl(repo: string, revision: string, file: string): string {
  return `https://huggingface.co/${repo}/resolve/${encodeURIComponent(revision)}/${file}`;
}

export type FileSource = { kind: 'hub' } | { kind: 'local'; path: string };

/**
 * The address of one model file: on the Hub at the pinned revision, or in the site's own folder (as
 * Transformers.js builds it from `env.localModelPath`), made absolute against `base`.
 */
export function modelFileUrl(source: FileSource, repo: string, revision: string, file: string, base: string): string {
  return source.kind === 'hub' ? hubFileUrl(repo, revision, file) : new URL(`${source.path}${repo}/${file}`, base).href;
}

/**
 * Transformers.js 4.3.1 looks up `tokenizer_config.json` on the repository's `main` branch whatever revision it was
 * given (utils/model_registry/get_tokenizer_files.js calls get_file_metadata without options). That address is never
 * cached, so a second visit would need the Hub. For a repository the demo pins, the same file at the pinned revision
 * answers the lookup: returns that address, or null when `url` is not such a lookup.
 */
export function pinnedInsteadOfMain(url: string, pins: ReadonlyMap<string, string>): string | null {
  const match = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url);
  if (!match) return null;
  const revision = pins.get(match[1]!);
  return revision === undefined ? null : hubFileUrl(match[1]!, revision, match[2]!);
}

/**
 * Why a load failed, which decides what Retry may throw away:
 * - `network`: a download failed or stalled (offline, a 404, a dropped connection). Nothing cached is suspect, and a
 *   short file is never cached, so Retry fetches only what is missing.
 * - `corrupt`: the files arrived but do not parse, or ONNX Runtime cannot build a session from them. Those files
 *   (and only those) are removed before Retry.
 * - `device`: the runtime failed (WebGPU could not build the session, or the model failed its warm-up step, as when
 *   memory runs out). The files are not suspect; on WebGPU, WebAssembly is offered instead.
 */
export type LoadFailure = 'network' | 'corrupt' | 'device';

/**
 * The files a corrupt load proves bad: a JSON file that does not parse (named by `badJson`), or, when ONNX Runtime
 * refused the model, the graph and its external data.
 */
export function filesToForget(failure: LoadFailure, weights: string[], badJson: string[]): string[] {
  if (failure !== 'corrupt') return [];
  return badJson.length > 0 ? badJson : weights;
}
