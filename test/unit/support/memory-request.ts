// Parsing a memory request against the real catalogs, for tests that check messages or build inputs from fields.
import { parseMemoryRequest, type RawRequest } from '../../../src/lib/memory/request';
import { loadGpus, loadModels } from './catalog';

export const memoryCatalog = { models: loadModels().map(({ model }) => model), gpus: loadGpus().map(({ gpu }) => gpu) };

/** Each message as "field: message", or none when the request is valid. */
export function errorsOf(raw: RawRequest): string[] {
  const result = parseMemoryRequest(raw, memoryCatalog);
  return result.ok ? [] : result.errors.map((error) => `${error.field}: ${error.message}`);
}

/** The checked request; throws with the messages when it is not valid. */
export function requestOf(raw: RawRequest) {
  const result = parseMemoryRequest(raw, memoryCatalog);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('; '));
  return result.request;
}
