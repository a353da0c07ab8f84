/**
 * A Hugging Face config.json to a ModelArchitecture: one adapter per model_type, the defaults Transformers
 * applies, the text model of multimodal configs (with their encoders counted apart), and a ConfigError naming the
 * field for anything missing, malformed or unsupported.
 */
import type { ExtraPart, ModelArchitecture } from '../types';
import { CONFIG_DEFAULTS, MULTIMODAL_TEXT_TYPES } from './defaults';
import { deepseek } from './deepseek';
import { graniteHybrid, jamba, nemotronH, qwenHybrid } from './hybrid';
import { falcon, gemma4, llama4, siglipWithGemma3Projector } from './others';
import { ConfigError, ConfigReader, isConfigObject, type ConfigObject } from './reader';
import { keptProjections } from '../unquantized';
import { gemma, glm4Moe, gptOss, llamaLike, mistral, mixtral, olmo, phi3, qwen2, qwen2Moe, qwen3, qwen3Moe, smollm3, starcoder2 } from './transformer';

export { ConfigError } from './reader';

type Adapter = (read: ConfigReader, modelType: string, tied: boolean) => ModelArchitecture;

const ADAPTERS: Record<string, Adapter> = {
  llama: llamaLike,
  mistral,
  ministral3: mistral,
  mixtral,
  qwen2,
  qwen2_moe: qwen2Moe,
  qwen3,
  qwen3_moe: qwen3Moe,
  qwen3_next: qwenHybrid,
  qwen3_5_text: qwenHybrid,
  qwen3_5_moe_text: qwenHybrid,
  gemma,
  gemma2: gemma,
  gemma3_text: gemma,
  gemma4_text: gemma4,
  phi3,
  deepseek_v3: deepseek,
  deepseek_v32: deepseek,
  kimi_k2: deepseek,
  gpt_oss: gptOss,
  glm4_moe: glm4Moe,
  nemotron_h: (read, modelType) => nemotronH(read, modelType),
  granitemoehybrid: graniteHybrid,
  olmo2: olmo,
  olmo3: olmo,
  smollm3,
  llama4_text: llama4,
  falcon,
  jamba,
  starcoder2,
};

/** The 2023 Falcon checkpoints name their type after the dataset. */
const ALIASES: Record<string, string> = { RefinedWebModel: 'falcon', RefinedWeb: 'falcon' };

/** Every model_type this calculator reads, wrappers included, for messages and the page. */
export const SUPPORTED_MODEL_TYPES: readonly string[] = [...new Set([...Object.keys(ADAPTERS), ...Object.keys(MULTIMODAL_TEXT_TYPES)])].sort();

function defaultsFor(modelType: string): ConfigObject {
  return CONFIG_DEFAULTS[modelType] ?? {};
}

function adapt(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const adapter = ADAPTERS[modelType];
  if (!adapter) {
    throw new ConfigError(
      `config.json: ${read.path}model_type "${modelType}" is not supported; supported types are ${SUPPORTED_MODEL_TYPES.join(', ')}`,
      `${read.path}model_type`,
    );
  }
  return adapter(read, modelType, tied);
}

function encoderExtras(top: ConfigReader, wrapper: string, textHidden: number): ExtraPart[] {
  const extras: ExtraPart[] = [];
  const vision = top.child('vision_config', {});
  if (vision) extras.push({ name: 'vision encoder', parameters: wrapper === 'gemma3' ? siglipWithGemma3Projector(vision, textHidden) : null });
  if (top.child('audio_config', {})) extras.push({ name: 'audio encoder', parameters: null });
  return extras;
}

/**
 * How the checkpoint stores its weights (quantization_config): gpt-oss ships MXFP4 experts; DeepSeek and others
 * FP8, as do Meta's FBGEMM FP8 checkpoints (fbgemm_fp8), which keep the projections modules_to_not_convert names
 * in 16-bit.
 */
function checkpointFormat(config: ConfigObject, layerCount: number): ModelArchitecture['checkpoint'] {
  const quantization = config['quantization_config'];
  if (!isConfigObject(quantization)) return undefined;
  const method = quantization['quant_method'];
  if (method === 'mxfp4') return { expertFormat: 'mxfp4' };
  if (method === 'fp8' || method === 'fbgemm_fp8') {
    const unquantized = keptProjections(quantization['modules_to_not_convert'], layerCount);
    return unquantized ? { weightFormat: 'fp8', unquantized } : { weightFormat: 'fp8' };
  }
  return undefined;
}

export function architectureFromConfig(config: unknown): ModelArchitecture {
  const architecture = readArchitecture(config);
  const checkpoint = checkpointFormat(config as ConfigObject, architecture.layerOrder.length);
  return checkpoint ? { ...architecture, checkpoint } : architecture;
}

function readArchitecture(config: unknown): ModelArchitecture {
  if (!isConfigObject(config)) throw new ConfigError('config.json must hold one JSON object');
  const rawType = config['model_type'];
  if (typeof rawType !== 'string' || rawType === '') throw new ConfigError('config.json: model_type is missing; it names the architecture', 'model_type');
  const modelType = ALIASES[rawType] ?? rawType;
  const top = new ConfigReader(config, defaultsFor(modelType));

  const textType = MULTIMODAL_TEXT_TYPES[modelType];
  if (textType === undefined) {
    // Nemotron-H never ties its head, whatever the flag says (its class ties nothing).
    const tied = modelType === 'nemotron_h' ? false : top.bool('tie_word_embeddings', false);
    return adapt(top, modelType, tied);
  }
  const nestedType = isConfigObject(config['text_config']) && typeof config['text_config']['model_type'] === 'string' ? (config['text_config']['model_type'] as string) : textType;
  const text = top.child('text_config', defaultsFor(nestedType)) ?? top.invalid('text_config', `is missing; a ${modelType} config keeps its text model there`);
  // Which flag ties the head: Llama 4 nests a causal LM, so its text config decides; the other wrappers own the head.
  // Mistral 3 defaults to tied, but its checkpoints ship their own lm_head, so only an explicit flag ties it.
  const tied =
    modelType === 'llama4'
      ? text.bool('tie_word_embeddings', false)
      : modelType === 'mistral3'
        ? config['tie_word_embeddings'] === true
        : top.bool('tie_word_embeddings', Boolean(defaultsFor(nestedType)['tie_word_embeddings']));
  const architecture = adapt(text, nestedType, tied);
  return { ...architecture, extras: [...architecture.extras, ...encoderExtras(top, modelType, architecture.hiddenSize)] };
}
