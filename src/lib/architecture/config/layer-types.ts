/**
 * Which kind each layer is. A config's explicit `layer_types` list wins (with Transformers' legacy names mapped:
 * "mamba" is linear attention, "attention" is full attention); otherwise each model type's own rule applies,
 * as its configuration class computes it (transformers v5.18, configuration_<type>.py).
 */
import { isString, type ConfigReader } from './reader';

export type LayerType = 'full_attention' | 'sliding_attention' | 'chunked_attention' | 'linear_attention' | 'indexed_attention';

const LEGACY: Record<string, LayerType> = {
  mamba: 'linear_attention',
  attention: 'full_attention',
  deepseek_sparse_attention: 'indexed_attention',
  qwen_sparse_attention: 'indexed_attention',
};
const KNOWN = new Set<string>(['full_attention', 'sliding_attention', 'chunked_attention', 'linear_attention', 'indexed_attention']);

/** The config's own list, checked and normalised, or undefined when it has none. */
export function explicitLayerTypes(read: ConfigReader, layers: number, key = 'layer_types'): LayerType[] | undefined {
  const list = read.list(key, isString, 'layer type names', true);
  if (!list) return undefined;
  read.checkLength(key, list, layers);
  return list.map((name) => {
    const type = LEGACY[name] ?? name;
    if (!KNOWN.has(type)) read.invalid(key, `holds "${name}", which is not a layer type this calculator knows (${[...KNOWN].join(', ')})`);
    return type as LayerType;
  });
}

/** A rule over layer indices, when the config has no list. */
export function layerTypes(read: ConfigReader, layers: number, rule: (index: number) => LayerType, key = 'layer_types'): LayerType[] {
  return explicitLayerTypes(read, layers, key) ?? Array.from({ length: layers }, (_, index) => rule(index));
}
