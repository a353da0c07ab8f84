/// <reference lib="webworker" />
/**
 * The worker downloads every file of a model itself, into the same browser cache and under the same keys that
 * Transformers.js reads, before asking the library to build the model. Three reasons:
 * - Transformers.js 4.3.1 fetches external data (`<graph>_data`) inside `new Promise(async ...)` in
 *   utils/model-loader.js (getModelDataFiles), so a failed or dropped download of that file rejects a promise nobody
 *   awaits and `from_pretrained` never settles. Here every download ends in bytes or an error.
 * - Each download has a stall timer, so a connection that stops sending ends in an error too.
 * - A body shorter than its Content-Length is refused and never cached; the library's reader (utils/hub/utils.js,
 *   readResponse) would accept a stream that ends early and cache it padded with zeros.
 */

export class DownloadError extends Error {
  override name = 'DownloadError';
}

export const CACHE_NAME = 'transformers-cache';

/** With no byte for this long, a download is given up (a dropped connection can leave a stream open for minutes). */
export const STALL_MS = 30_000;

export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
}

async function openCache(): Promise<Cache | null> {
  try {
    return 'caches' in self ? await caches.open(CACHE_NAME) : null;
  } catch {
    // Some private modes refuse the Cache API; the files are then downloaded every time.
    return null;
  }
}

/** Reads a response's body with progress, giving up when no byte arrives for `stallMs`. */
async function readBody(response: Response, file: string, expected: number, onProgress: (progress: FileProgress) => void, abort: AbortController, stallMs: number): Promise<Uint8Array> {
  const reader = response.body!.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  let timer = setTimeout(() => abort.abort(), stallMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      clearTimeout(timer);
      if (done) break;
      timer = setTimeout(() => abort.abort(), stallMs);
      parts.push(value);
      loaded += value.byteLength;
      onProgress({ file, loaded, total: Math.max(expected, loaded) });
    }
  } catch (error) {
    clearTimeout(timer);
    throw new DownloadError(
      abort.signal.aborted
        ? `the download of ${file} stopped for ${stallMs / 1000} s after ${loaded} bytes`
        : `the connection dropped while downloading ${file}, after ${loaded} of ${expected || 'an unknown number of'} bytes (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const body = new Uint8Array(loaded);
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.byteLength;
  }
  return body;
}

/**
 * The bytes of `file` at `url`: from the cache when it holds them, else downloaded, checked against the response's
 * Content-Length and cached. `keep` says whether the caller needs the bytes (else an empty array comes back).
 */
export async function fetchModelFile(
  fetchFn: typeof fetch,
  url: string,
  file: string,
  onProgress: (progress: FileProgress) => void,
  keep: boolean,
  stallMs = STALL_MS,
): Promise<Uint8Array> {
  const cache = await openCache();
  const cached = await cache?.match(url);
  if (cached) {
    const size = Number(cached.headers.get('content-length') ?? 0);
    onProgress({ file, loaded: size, total: size });
    return keep ? new Uint8Array(await cached.arrayBuffer()) : new Uint8Array(0);
  }
  const abort = new AbortController();
  const connectTimer = setTimeout(() => abort.abort(), stallMs);
  let response: Response;
  try {
    response = await fetchFn(url, { signal: abort.signal });
  } catch (error) {
    throw new DownloadError(
      abort.signal.aborted ? `no answer for ${file} within ${stallMs / 1000} s` : `${file} could not be downloaded (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    clearTimeout(connectTimer);
  }
  if (response.status !== 200) {
    throw new DownloadError(`${file} could not be downloaded: the server answered ${response.status}${response.status === 404 ? ' (not found)' : ''}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  const body = await readBody(response, file, declared, onProgress, abort, stallMs);
  // With a compressed transfer, Content-Length counts the compressed bytes and the body read here is larger; a
  // body shorter than promised is a cut-off download either way (the browser usually says so itself).
  if (declared > 0 && body.byteLength < declared) {
    throw new DownloadError(`${file} arrived incomplete: ${body.byteLength} of ${declared} bytes`);
  }
  const headers = new Headers(response.headers);
  headers.set('content-length', String(body.byteLength));
  // A full disk (QuotaExceededError) only costs the cache: the model still loads from these bytes.
  await cache?.put(url, new Response(body.buffer as ArrayBuffer, { headers })).catch(() => undefined);
  return keep ? body : new Uint8Array(0);
}

/** Removes these addresses from the cache (files proven corrupt). */
export async function forget(urls: string[]): Promise<void> {
  const cache = await openCache();
  await Promise.all(urls.map((url) => cache?.delete(url)));
}

/** The JSON files among `urls` whose cached copy does not parse. */
export async function unparsableJson(urls: string[]): Promise<string[]> {
  const cache = await openCache();
  const bad: string[] = [];
  for (const url of urls.filter((entry) => entry.endsWith('.json'))) {
    const cached = await cache?.match(url);
    if (!cached) continue;
    try {
      JSON.parse(await cached.text());
    } catch {
      bad.push(url);
    }
  }
  return bad;
}

/** A cached response for `url`, if the cache holds one. */
export async function cachedResponse(url: string): Promise<Response | undefined> {
  return (await openCache())?.match(url);
}
