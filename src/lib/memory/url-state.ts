/**
 * The calculator's inputs in the page address, so a result can be shared. The first configuration's fields are
 * plain parameters (`?model=llama-3.1-8b&precision=q4_k_m`, which is how model pages link here); the second and
 * third, when compared, are nested as `c2=` and `c3=`. Every value that applies is written, defaults included,
 * so a shared link means the same thing after the page's defaults change; a blank field ("the usual runtime")
 * stays out. Fields that do not apply are left out too: a catalog model's custom-architecture fields, a listed
 * GPU's custom memory, the runtime settings when training and the LoRA settings at inference. The raw text is
 * kept, so a half-typed value survives a reload just as it was. A link that names only some fields (a model
 * page's `?model=…&precision=…`) gets the defaults for the rest.
 */
import { CUSTOM_FIELDS, CUSTOM_GPU_ID, FIELDS, MEMORY_DEFAULTS, RUNTIME_FIELDS, type Field, type RawRequest } from './request';
import { decodeFields } from '../input/query';

export const MAX_CONFIGURATIONS = 3;

const TRAINING_FIELDS: readonly Field[] = ['rank', 'targets', 'checkpointing'];
const CUSTOM_GPU_FIELDS: readonly Field[] = ['gpu-memory-gib', 'gpu-bandwidth-gbs'];

/** Does this field say anything about this configuration? */
export function fieldApplies(field: Field, config: RawRequest): boolean {
  const mode = config.mode ?? MEMORY_DEFAULTS.mode;
  if ((CUSTOM_FIELDS as readonly Field[]).includes(field)) return !config.model;
  if (CUSTOM_GPU_FIELDS.includes(field)) return config.gpu === CUSTOM_GPU_ID;
  if (TRAINING_FIELDS.includes(field)) return mode !== 'inference' && (field === 'checkpointing' || mode === 'lora' || mode === 'qlora');
  if ((RUNTIME_FIELDS as readonly Field[]).includes(field) || field === 'swa') return mode === 'inference';
  return true;
}

function encodeOne(config: RawRequest): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    if (!fieldApplies(field, config)) continue;
    const value = config[field] ?? '';
    // A blank is written only where it means something other than the default ("no GPU chosen").
    if (value !== '' || (MEMORY_DEFAULTS[field] ?? '') !== '') params.set(field, value);
  }
  return params;
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
