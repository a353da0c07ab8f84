/**
 * The calculator's inputs in the page address, so a result can be shared. The first configuration's fields are
 * plain parameters (`?model=llama-3.1-8b&precision=q4_k_m`, which is how model pages link here); the second and
 * third, when compared, are nested as `c2=` and `c3=`. Only fields that differ from the page defaults are
 * written, and the raw text is kept, so a half-typed value survives a reload just as it was.
 */
import { FIELDS, MEMORY_DEFAULTS, type RawRequest } from './request';
import { decodeFields, encodeFields } from '../input/query';

export const MAX_CONFIGURATIONS = 3;

function encodeOne(config: RawRequest): URLSearchParams {
  return encodeFields(FIELDS, config, MEMORY_DEFAULTS);
}

function decodeOne(params: URLSearchParams): RawRequest {
  const config = decodeFields(FIELDS, params, MEMORY_DEFAULTS);
  // A custom architecture is asked for by leaving the model out.
  if (params.has('params') && !params.has('model')) config.model = '';
  return config;
}

export function encodeConfigurations(configs: readonly RawRequest[]): string {
  const params = encodeOne(configs[0] ?? MEMORY_DEFAULTS);
  configs.slice(1, MAX_CONFIGURATIONS).forEach((config, index) => params.set(`c${index + 2}`, encodeOne(config).toString()));
  return params.toString();
}

export function decodeConfigurations(search: string): RawRequest[] {
  const params = new URLSearchParams(search);
  const configs = [decodeOne(params)];
  for (let index = 2; index <= MAX_CONFIGURATIONS; index += 1) {
    const nested = params.get(`c${index}`);
    if (nested !== null) configs.push(decodeOne(new URLSearchParams(nested)));
  }
  return configs;
}
