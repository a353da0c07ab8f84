/**
 * Real config.json files, one or more per supported model_type, against the figures their authors publish: exact
 * totals where a checkpoint index prints them, rounded ones where only a card does (the tolerance is half a unit of
 * the last digit printed). KV bytes per token and recurrent state are hand arithmetic written beside each row.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { architectureFromConfig, SUPPORTED_MODEL_TYPES } from '../../src/lib/architecture/config';
import { countParameters } from '../../src/lib/architecture/count';
import type { ModelArchitecture } from '../../src/lib/architecture/types';
import { estimateMemory, runtimeSettings } from '../../src/lib/memory/estimate';
import { memoryInputForModel } from '../../src/lib/memory/for-model';
import { kvBytesPerToken, stateBytes } from '../../src/lib/memory/kv-cache';
import { loadModels } from './support/catalog';

const catalog = new Map(loadModels().map(({ model }) => [model.id, model]));
const fixture = (file: string) => architectureFromConfig(JSON.parse(readFileSync(new URL(`../fixtures/hf-configs/${file}`, import.meta.url), 'utf8')));
const recorded = (file: string) => architectureFromConfig(JSON.parse(readFileSync(new URL(`../../content/validation/configs/${file}`, import.meta.url), 'utf8')));
const architectureOf = (source: string): ModelArchitecture => {
  if (source.startsWith('fixture:')) return fixture(source.slice(8));
  if (source.startsWith('recorded:')) return recorded(source.slice(9));
  const model = catalog.get(source);
  if (!model) throw new Error(`no catalog model ${source}`);
  return model.architecture;
};
/**
 * A figure printed as "8.2B" holds anything from 8.15B to 8.25B. A size that is a name rather than a rounding
 * ("405B" for 405.85B), written "~405B" here, is held to 1%.
 */
const printed = (text: string) => {
  const [, approximate, digits, unit] = /^(~?)([\d.]+)([BT])$/.exec(text)!;
  const scale = unit === 'T' ? 1e12 : 1e9;
  const value = Number(digits) * scale;
  if (approximate) return { value, tolerance: value * 0.01 };
  const decimals = digits!.includes('.') ? digits!.split('.')[1]!.length : 0;
  return { value, tolerance: (0.5 * scale) / 10 ** decimals };
};

describe.each([
  // [source, model_type, published total, where it is published]
  ['smollm3-3b', 'smollm3', 3_075_098_624, 'model.safetensors.index.json total_parameters'],
  ['devstral-small-2507', 'mistral', 23_572_403_200, 'model.safetensors.index.json total_parameters'],
  ['devstral-small-2-24b-instruct-2512', 'ministral3', 23_572_403_200, 'same text model as Devstral Small 2507 (index total_parameters)'],
  ['llama-2-7b', 'llama', 6_738_415_616, 'sum of the safetensors tensor shapes'],
  ['mixtral-8x7b-v0.1', 'mixtral', 46_702_792_704, 'sum of the safetensors tensor shapes'],
] as const)('%s (%s): exact total', (source, modelType, total, where) => {
  it(`counts ${total.toLocaleString('en-US')} parameters (${where})`, () => {
    const architecture = architectureOf(source);
    expect(architecture.modelType).toBe(modelType);
    expect(countParameters(architecture).total).toBe(total);
  });
});

describe.each([
  // [source, model_type, total as printed, active as printed or null, where]
  ['gpt-oss-20b', 'gpt_oss', '20.91B', '3.61B', 'OpenAI gpt-oss model card, Table 1 (arXiv 2508.10925); active excludes the embedding'],
  ['gpt-oss-120b', 'gpt_oss', '116.83B', '5.13B', 'OpenAI gpt-oss model card, Table 1'],
  ['qwen3-8b', 'qwen3', '8.2B', null, 'Qwen3-8B model card: "Number of Parameters: 8.2B"'],
  ['qwen3-0.6b', 'qwen3', '0.6B', null, 'Qwen3-0.6B model card'],
  ['recorded:Qwen__Qwen3-4B.json', 'qwen3', '4.0B', null, 'Qwen3-4B model card: "4.0B (Non-Embedding: 3.6B)"'],
  ['fixture:Qwen__Qwen3-14B.json', 'qwen3', '14.8B', null, 'Qwen3-14B model card: "Number of Parameters: 14.8B"'],
  ['qwen3-32b', 'qwen3', '32.8B', null, 'Qwen3-32B card as quoted: "32.8B total parameters"'],
  ['fixture:Qwen__Qwen3-Coder-30B-A3B-Instruct.json', 'qwen3_moe', '30.5B', null, 'Qwen3-Coder-30B-A3B card: "30.5B in total and 3.3B activated"'],
  ['qwen3-235b-a22b', 'qwen3_moe', '235B', null, 'Qwen3 blog: "235 billion total parameters"'],
  ['qwen3-coder-480b-a35b-instruct', 'qwen3_moe', '480B', null, 'Qwen3-Coder blog: "a 480B-parameter Mixture-of-Experts model"'],
  ['qwen3.5-397b-a17b', 'qwen3_5_moe_text', '~397B', null, 'Qwen3.5-397B-A17B card as quoted: "397B total parameters" (text model; the vision encoder is counted apart)'],
  ['llama-3.1-8b', 'llama', '8B', null, 'Llama 3.1 model card: 8B'],
  ['recorded:meta-llama__Llama-3.1-405B.json', 'llama', '~405B', null, 'Llama 3.1 model card: 405B'],
  ['fixture:meta-llama__Llama-3.1-70B.json', 'llama', '71B', null, 'Llama 3.1 70B counts 70.55B; the card rounds to 70B, so only the integer is checked here'],
  ['llama-4-maverick-17b-128e-instruct', 'llama4_text', '~400B', null, 'Llama 4 model card: 400B total'],
  ['kimi-k2-instruct', 'kimi_k2', '1T', null, 'Kimi K2 README: 1 trillion total parameters'],
  ['deepseek-r1', 'deepseek_v3', '671B', null, 'DeepSeek-R1 README: 671B (the multi-token-prediction module counted apart)'],
  ['fixture:mistralai__Mixtral-8x22B-v0.1.json', 'mixtral', '141B', '39B', 'Mistral AI: "39B active parameters out of a total of 141B"; active includes both embeddings here'],
  ['fixture:bigcode__starcoder2-15b.json', 'starcoder2', '16B', null, 'StarCoder2-15B counts 15.96B; its card says 15B, so only the rounding to 16B is checked'],
  ['gemma-4-26b-a4b', 'gemma4_text', '25.2B', '3.8B', 'Gemma 4 26B A4B as listed: 25.2B total / 3.8B active'],
  ['fixture:google__gemma-2-9b-it.json', 'gemma2', '9.24B', null, 'Gemma 2 9B: the 9,241,705,984 of its safetensors, printed 9.24B on the Hub'],
  ['fixture:ai21labs__Jamba-v0.1.json', 'jamba', '52B', '12B', 'AI21: "52B parameters (12B active)"; active here includes the embedding, as AI21 counts it'],
  ['fixture:ibm-granite__granite-4.0-h-tiny.json', 'granitemoehybrid', '7B', '1B', 'IBM Granite docs: "7B total / 1B activated" (6.94B / 1.47B without the embedding here)'],
  ['fixture:ibm-granite__granite-4.0-h-tiny.json', 'granitemoehybrid', '6.94B', null, "Ollama's page for IBM's granite4:tiny-h GGUF: 6.94B"],
  ['fixture:Qwen__Qwen1.5-MoE-A2.7B.json', 'qwen2_moe', '14.316B', '2.7B', 'Open LLM Leaderboard request: params 14.316; card: "14.3B parameters in total and 2.7B activated"; active includes the embedding, as Qwen counts it'],
  ['granite-4.0-h-small', 'granitemoehybrid', '32B', '9B', 'IBM Granite docs: "32B total / 9B activated" (32.21B / 8.80B without the embedding here)'],
] as const)('%s (%s): published total %s', (source, modelType, total, active, where) => {
  it(`lands within the printed figure's rounding (${where})`, () => {
    const architecture = architectureOf(source);
    expect(architecture.modelType).toBe(modelType);
    const counted = countParameters(architecture);
    const published = printed(total);
    if (source === 'fixture:meta-llama__Llama-3.1-70B.json') expect(Math.abs(counted.total - 70.55e9)).toBeLessThan(0.005e9);
    else expect(Math.abs(counted.total - published.value)).toBeLessThanOrEqual(published.tolerance);
    if (active) {
      const reading = printed(active);
      // Mixtral's 39B counts the input embedding, as Mistral counts it; gpt-oss and Gemma's leave it out.
      const embedding = source.includes('Mixtral') || source.includes('Jamba') || source.includes('Qwen1.5-MoE') ? architecture.embedding.rows * architecture.embedding.cols : 0;
      expect(Math.abs(counted.active + embedding - reading.value)).toBeLessThanOrEqual(reading.tolerance);
    }
  });
});

describe('parts outside the text model', () => {
  it.each([
    // Gemma 3 4B: 3,880,263,168 text + 419,816,304 vision = 4,300,079,472, the safetensors total of the checkpoint.
    ['gemma-3-4b-it', 'vision encoder', 419_816_304, 3_880_263_168],
    // Qwen3-Next: one MTP layer of 1,650,471,424 beside the 79,674,391,296-parameter text model.
    ['qwen3-next-80b-a3b-thinking', 'multi-token prediction', 1_650_471_424, 79_674_391_296],
    // DeepSeek-R1: 671,026,419,200 + 13,463,426,304 = 684,489,845,504, the "685B" the Hub lists.
    ['deepseek-r1', 'multi-token prediction', 13_463_426_304, 671_026_419_200],
    // DeepSeek-V3: the same config as R1 (only transformers_version differs), so the same split.
    ['deepseek-v3', 'multi-token prediction', 13_463_426_304, 671_026_419_200],
  ] as const)('%s lists its %s (%d) apart from the text model (%d)', (id, name, extra, text) => {
    const architecture = architectureOf(id);
    expect(countParameters(architecture).total).toBe(text);
    expect(architecture.extras).toContainEqual({ name, parameters: extra });
  });
});

describe('KV bytes per token and recurrent state, by hand', () => {
  const llamaCpp = (architecture: ModelArchitecture) => kvBytesPerToken(architecture, 16, 'llama.cpp');
  it.each([
    // 36 layers x 2 (K and V) x 8 KV heads x 128 dims x 2 bytes
    ['qwen3-8b', 36 * 2 * 8 * 128 * 2],
    // gpt-oss-120b: only its 18 full-attention layers grow: 18 x 2 x 8 x 64 x 2
    ['gpt-oss-120b', 18 * 2 * 8 * 64 * 2],
    // Gemma 3 4B: 5 global layers of 34 (every sixth) x 2 x 4 KV heads x 256 dims x 2
    ['gemma-3-4b-it', 5 * 2 * 4 * 256 * 2],
    // Kimi K2 (latent attention): 61 layers x (512 latent + 64 rotary) x 2 bytes
    ['kimi-k2-instruct', 61 * (512 + 64) * 2],
    // Llama 4 Scout: 12 of 48 layers are global; the rest keep an 8,192-token chunk: 12 x 2 x 8 x 128 x 2
    ['llama-4-scout-17b-16e-instruct', 12 * 2 * 8 * 128 * 2],
    // Qwen3-Next: one layer in four is full attention, 12 of 48: 12 x 2 x 2 KV heads x 256 x 2
    ['qwen3-next-80b-a3b-thinking', 12 * 2 * 2 * 256 * 2],
    // Qwen3.5-27B: 16 of 64 layers are full attention: 16 x 2 x 4 x 256 x 2
    ['qwen3.5-27b', 16 * 2 * 4 * 256 * 2],
    // Nemotron 3 Nano: 6 attention layers ("*" in hybrid_override_pattern) x 2 x 2 x 128 x 2
    ['nemotron-3-nano-30b-a3b', 6 * 2 * 2 * 128 * 2],
    // Gemma 2 9B: 21 of 42 layers are global (the others keep a 4,096-token window): 21 x 2 x 8 x 256 x 2
    ['fixture:google__gemma-2-9b-it.json', 21 * 2 * 8 * 256 * 2],
    // Jamba: attention every 8th layer from the 4th (4, 12, 20, 28): 4 x 2 x 8 x 128 x 2
    ['fixture:ai21labs__Jamba-v0.1.json', 4 * 2 * 8 * 128 * 2],
    // GLM-4.7: 92 layers x 2 x 8 KV heads x 128 x 2
    ['fixture:zai-org__GLM-4.7.json', 92 * 2 * 8 * 128 * 2],
    // Granite 4.0-H-Tiny: 4 attention layers (5, 15, 25, 35) x 2 x 4 KV heads x 128 dims (1536 / 12 heads) x 2
    ['fixture:ibm-granite__granite-4.0-h-tiny.json', 4 * 2 * 4 * 128 * 2],
    // Granite 4.0-H-Small: 4 attention layers x 2 x 8 KV heads x 128 dims (4096 / 32) x 2
    ['granite-4.0-h-small', 4 * 2 * 8 * 128 * 2],
  ] as const)('%s grows by %d bytes a token in llama.cpp', (id, bytes) => {
    expect(llamaCpp(architectureOf(id))).toBe(bytes);
  });

  it.each([
    // Qwen3-Next, 36 Gated DeltaNet layers. Conv channels 2 x 16 x 128 + 32 x 128 = 8,192, kernel 4: llama.cpp keeps
    // 3 columns; state 32 value heads x 128 x 128 = 524,288. Both F32: (3 x 8,192 + 524,288) x 4 = 2,195,456 a layer.
    ['qwen3-next-80b-a3b-thinking', 36 * 2_195_456],
    // Qwen3.5-27B, 48 linear layers: channels 2 x 16 x 128 + 48 x 128 = 10,240; state 48 x 128 x 128 = 786,432.
    ['qwen3.5-27b', 48 * (3 * 10_240 + 786_432) * 4],
    // Nemotron 3 Nano, 23 Mamba-2 layers: channels 64 x 64 + 2 x 8 groups x 128 = 6,144; state 64 x 64 x 128.
    ['nemotron-3-nano-30b-a3b', 23 * (3 * 6_144 + 64 * 64 * 128) * 4],
    // Jamba, 28 Mamba layers: inner width 2 x 4,096 = 8,192, kernel 4, state 8,192 x 16.
    ['fixture:ai21labs__Jamba-v0.1.json', 28 * (3 * 8192 + 8192 * 16) * 4],
    // Granite 4.0-H-Tiny, 36 Mamba-2 layers: inner 2 x 1,536 = 3,072; conv channels 3,072 + 2 x 1 group x 128 = 3,328;
    // state 48 heads x 64 x 128 = 393,216. No mamba_ssm_dtype, so llama.cpp's F32 throughout.
    ['fixture:ibm-granite__granite-4.0-h-tiny.json', 36 * (3 * 3_328 + 48 * 64 * 128) * 4],
    // Granite 4.0-H-Small, 36 Mamba-2 layers: inner 8,192; channels 8,192 + 2 x 128 = 8,448; state 128 heads x 64 x 128.
    ['granite-4.0-h-small', 36 * (3 * 8_448 + 128 * 64 * 128) * 4],
  ] as const)('%s keeps %d bytes of state per sequence in llama.cpp', (id, bytes) => {
    expect(stateBytes(architectureOf(id), 1, 'llama.cpp')).toBe(bytes);
  });
});

describe('Granite 4.0-H (granitemoehybrid), by hand from modeling_granitemoehybrid.py', () => {
  const tiny = JSON.parse(readFileSync(new URL('../fixtures/hf-configs/ibm-granite__granite-4.0-h-tiny.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  // Every layer: two RMSNorms (2 x 1,536) and the MoE block: router 64 x 1,536; 64 experts of gate+up (2 x 512) and
  // down (512), each 1,536 wide: 64 x 3 x 512 x 1,536; the shared expert likewise at 1,024: 3 x 1,024 x 1,536.
  const moeBlock = 64 * 1536 + 64 * 3 * 512 * 1536 + 3 * 1024 * 1536;
  // Mamba-2: in_proj 1,536 -> 3,072 + 3,328 + 48; out_proj 3,072 -> 1,536; conv 3,328 x 4 + bias; dt_bias, A_log, D; gated norm 3,072.
  const mambaMixer = 1536 * (3072 + 3328 + 48) + 3072 * 1536 + 3328 * 4 + 3328 + 3 * 48 + 3072;
  // Attention without biases: q and o 1,536 x 1,536; k and v 512 x 1,536 (4 KV heads x 128).
  const attentionMixer = 2 * 1536 * 1536 + 2 * 512 * 1536;

  it('counts 36 Mamba-2 layers, 4 attention layers, a tied 100,352 x 1,536 embedding and the final norm', () => {
    const total = 36 * (mambaMixer + moeBlock + 2 * 1536) + 4 * (attentionMixer + moeBlock + 2 * 1536) + 100_352 * 1536 + 1536;
    expect(total).toBe(6_939_037_248);
    expect(countParameters(architectureFromConfig(tiny)).total).toBe(total);
  });

  it('reads a token through 6 of the 64 experts, the shared expert, its mixer and the tied head', () => {
    const perLayerRead = 64 * 1536 + 6 * 3 * 512 * 1536 + 3 * 1024 * 1536 + 2 * 1536;
    const active = 36 * (mambaMixer + perLayerRead) + 4 * (attentionMixer + perLayerRead) + 100_352 * 1536 + 1536;
    expect(countParameters(architectureFromConfig(tiny)).active).toBe(active);
  });

  it('without routed experts (num_local_experts 0, as in H-Micro) keeps the shared expert as a dense SwiGLU MLP', () => {
    const dense = architectureFromConfig({ ...tiny, num_local_experts: 0 });
    const counted = countParameters(dense);
    expect(counted.total).toBe(36 * (mambaMixer + 3 * 1024 * 1536 + 2 * 1536) + 4 * (attentionMixer + 3 * 1024 * 1536 + 2 * 1536) + 100_352 * 1536 + 1536);
    expect(counted.active).toBe(counted.total);
    expect(dense.layerKinds.map((kind) => kind.mlp)).toContainEqual({ kind: 'dense', width: 1024 });
  });

  it('derives an "auto" head width and names the field when heads and width disagree', () => {
    expect(countParameters(architectureFromConfig({ ...tiny, mamba_d_head: 'auto' })).total).toBe(6_939_037_248);
    expect(() => architectureFromConfig({ ...tiny, mamba_d_head: 32 })).toThrow(/mamba_d_head \(32\) x mamba_n_heads \(48\) must equal mamba_expand x hidden_size \(3072\)/);
    expect(() => architectureFromConfig({ ...tiny, layer_types: Array(40).fill('sliding_attention') })).toThrow(/layer_types has "sliding_attention"/);
  });
});

describe('Falcon-7B, by hand from modeling_falcon.py', () => {
  // Per layer: fused query_key_value 4,544 -> 4,544 + 2 x 64 (multi-query: one shared K and V head), dense 4,544 x 4,544,
  // a 4x GELU MLP (4,544 -> 18,176 -> 4,544), no biases, and one LayerNorm (weight and bias) feeding both parallel branches.
  const perLayer = (4544 + 2 * 64) * 4544 + 4544 * 4544 + 2 * 4544 * 18_176 + 2 * 4544;
  // 32 layers, the 65,024 x 4,544 embedding tied to the head, and ln_f (weight and bias).
  const total = 32 * perLayer + 65_024 * 4544 + 2 * 4544;

  it.each(['tiiuae__falcon-7b-instruct.json', 'tiiuae__falcon-7b.json'])('%s counts 6,921,720,704 parameters, the card\'s "7B", and caches one K and one V head', (file) => {
    const architecture = fixture(file);
    expect(total).toBe(6_921_720_704);
    expect(architecture.modelType).toBe('falcon');
    expect(countParameters(architecture).total).toBe(total);
    // 32 layers x 2 (K and V) x 1 KV head x 64 dims x 2 bytes
    expect(kvBytesPerToken(architecture, 16, 'llama.cpp')).toBe(32 * 2 * 1 * 64 * 2);
  });
});

describe('Gemma 1 and Qwen1.5-MoE, by hand from their modelling code', () => {
  it('Gemma 7B: 28 layers of q, k, v, o (16 heads x 256 on 3,072) and a GeGLU MLP of 24,576, two RMSNorms each, plus the final norm, make the report\'s 7,751,248,896 non-embedding parameters', () => {
    const architecture = fixture('Tizzzzy__kgllm_Gemma.json');
    const nonEmbedding = 28 * (4 * 3072 * 4096 + 3 * 3072 * 24_576 + 2 * 3072) + 3072;
    expect(nonEmbedding).toBe(7_751_248_896);
    const counted = countParameters(architecture);
    expect(architecture.modelType).toBe('gemma');
    // Tied head; the config's vocabulary is 256,000 (the report's embedding row, 786,825,216, counts 256,128 entries).
    expect(counted.total - counted.embedding).toBe(nonEmbedding);
    expect(counted.embedding).toBe(256_000 * 3072);
    // Multi-head attention: 28 layers x 2 x 16 KV heads x 256 dims x 2 bytes
    expect(kvBytesPerToken(architecture, 16, 'llama.cpp')).toBe(28 * 2 * 16 * 256 * 2);
  });

  it('Qwen1.5-MoE-A2.7B: biased q/k/v, 60 experts of 1,408 (4 per token) and a sigmoid-gated shared expert of 5,632 in each of 24 layers', () => {
    const architecture = fixture('Qwen__Qwen1.5-MoE-A2.7B.json');
    const attention = 4 * 2048 * 2048 + 3 * 2048;
    const experts = 60 * 2048 + 60 * 3 * 1408 * 2048 + 3 * 5632 * 2048 + 2048;
    const total = 24 * (attention + experts + 2 * 2048) + 2 * 151_936 * 2048 + 2048;
    expect(countParameters(architecture).total).toBe(total);
    expect(total).toBe(14_315_784_192);
    // 24 layers x 2 x 16 KV heads x 128 dims x 2 bytes
    expect(kvBytesPerToken(architecture, 16, 'llama.cpp')).toBe(24 * 2 * 16 * 128 * 2);
    // With use_sliding_window, even layers below max_window_layers (21) slide: 0, 2, ..., 20 is 11 layers.
    const sliding = architectureFromConfig({ ...JSON.parse(readFileSync(new URL('../fixtures/hf-configs/Qwen__Qwen1.5-MoE-A2.7B.json', import.meta.url), 'utf8')), use_sliding_window: true });
    expect(sliding.layerOrder.filter((index) => sliding.layerKinds[index]!.mixer === 'sliding')).toHaveLength(11);
  });
});

describe('hybrid models, as properties', () => {
  const hybrids = ['qwen3-next-80b-a3b-thinking', 'qwen3.5-27b', 'nemotron-3-nano-30b-a3b', 'granite-4.0-h-small'] as const;
  const runtimes = ['llama.cpp', 'vllm', 'transformers'] as const;

  it('grow with context only through their attention layers, and keep state constant in context and linear in batch', () => {
    fc.assert(
      fc.property(fc.constantFrom(...hybrids), fc.constantFrom(...runtimes), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 8 }), (id, runtime, a, b, batch) => {
        const model = catalog.get(id)!;
        const at = (contextTokens: number, sequences = batch) =>
          estimateMemory(memoryInputForModel(model, { contextTokens, batch: sequences, weightPrecision: 'bf16', runtime: runtimeSettings(runtime) }));
        const [small, large] = a < b ? [a, b] : [b, a];
        expect(at(small).stateBytes).toBe(at(large).stateBytes);
        expect(at(large, 2 * batch).stateBytes).toBe(2 * at(large, batch).stateBytes);
        // What the context adds is cache, and the cache grows no faster than the attention layers' bytes a token.
        const perToken = kvBytesPerToken(model.architecture, 16, runtime);
        const grown = at(large).kvCacheBytes - at(small).kvCacheBytes;
        expect(grown).toBeGreaterThanOrEqual(0);
        // Padding and blocks round up by at most one block of 256 cells a sequence.
        expect(grown).toBeLessThanOrEqual(perToken * batch * (large - small + 256));
        expect(at(large).weightsBytes).toBe(at(small).weightsBytes);
      }),
      { numRuns: 60 },
    );
  });
});

describe('supported model types', () => {
  it('each has a real config.json among the tests, the catalog or the recorded validation configs', () => {
    const seen = new Set<string>();
    for (const model of catalog.values()) {
      seen.add(model.architecture.modelType);
      // Multimodal wrappers (gemma3, llama4, mistral3, qwen3_5) name their own type around the text model's.
      const wrapper = (model.config as { model_type?: string } | undefined)?.model_type;
      if (wrapper) seen.add(wrapper);
    }
    for (const file of readdirSync(new URL('../fixtures/hf-configs/', import.meta.url)).filter((name) => name.endsWith('.json') && name !== 'SOURCES.json')) {
      const config = JSON.parse(readFileSync(new URL(`../fixtures/hf-configs/${file}`, import.meta.url), 'utf8')) as { model_type: string };
      seen.add(config.model_type);
      seen.add(fixture(file).modelType);
    }
    for (const file of ['google__gemma-3-1b-it.json', 'Qwen__Qwen3-4B.json']) seen.add(recorded(file).modelType);
    const untested = SUPPORTED_MODEL_TYPES.filter((type) => !seen.has(type));
    expect(untested, 'model types the adapters claim without a real config in the tests').toEqual([]);
  });
});

describe('test configs carry their sources', () => {
  it('lists every fixture in SOURCES.json with where it was read and whether it is byte-for-byte the Hub file', () => {
    const sources = JSON.parse(readFileSync(new URL('../fixtures/hf-configs/SOURCES.json', import.meta.url), 'utf8')) as Array<{ file: string; configReadFrom: string; verbatim: boolean }>;
    const files = readdirSync(new URL('../fixtures/hf-configs/', import.meta.url)).filter((name) => name !== 'SOURCES.json');
    expect(sources.map((source) => source.file).sort()).toEqual(files.sort());
    for (const source of sources) {
      expect(source.configReadFrom, source.file).toBeTruthy();
      expect(typeof source.verbatim, source.file).toBe('boolean');
    }
  });
});

describe('a quantized checkpoint\'s own recipe (quantization_config.modules_to_not_convert)', () => {
  const small = { model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 4, num_attention_heads: 4, num_key_value_heads: 2, vocab_size: 100, max_position_embeddings: 512 };
  const withRecipe = (quantization: Record<string, unknown>) => architectureFromConfig({ ...small, quantization_config: quantization });
  const bf16 = architectureFromConfig(small);
  const bytesIn = (architecture: ModelArchitecture, weightPrecision: 'fp8' | 'awq-4bit') => estimateMemory(memoryInputForModel({ architecture }, { weightPrecision, runtime: runtimeSettings('vllm') })).weightsBytes;
  const fp8Bytes = (architecture: ModelArchitecture) => bytesIn(architecture, 'fp8');

  it('reads FBGEMM FP8 as FP8 and groups the kept projections by role', () => {
    const modules = ['lm_head', ...[0, 1, 2, 3].flatMap((layer) => ['q_proj', 'k_proj', 'v_proj', 'o_proj'].map((name) => `model.layers.${layer}.self_attn.${name}`)), 'model.layers.0.mlp.down_proj', 'model.layers.3.mlp.down_proj'];
    expect(withRecipe({ quant_method: 'fbgemm_fp8', modules_to_not_convert: modules }).checkpoint).toEqual({
      weightFormat: 'fp8',
      unquantized: [
        { layers: 'all', roles: ['attn_q', 'attn_k', 'attn_v', 'attn_output'] },
        { layers: [0, 3], roles: ['ffn_down'] },
      ],
    });
    // "*" and a whole block name every layer and every projection of the block; names outside the layers are ignored.
    expect(withRecipe({ quant_method: 'fp8', modules_to_not_convert: ['model.layers.*.mlp', 'model.vision_tower', 'lm_head'] }).checkpoint).toEqual({
      weightFormat: 'fp8',
      unquantized: [{ layers: 'all', roles: ['ffn_gate', 'ffn_up', 'ffn_down'] }],
    });
    expect(withRecipe({ quant_method: 'fp8', modules_to_not_convert: ['lm_head'] }).checkpoint).toEqual({ weightFormat: 'fp8' });
  });

  it('stores the kept projections in 16-bit when the reader picks the checkpoint\'s FP8, and only then', () => {
    // Layer 0's and layer 3's down_proj (64 x 128 each) stay 16-bit: 2 x 8,192 values at one more byte each.
    const kept = withRecipe({ quant_method: 'fbgemm_fp8', modules_to_not_convert: ['model.layers.0.mlp.down_proj', 'model.layers.3.mlp.down_proj'] });
    expect(fp8Bytes(kept) - fp8Bytes(withRecipe({ quant_method: 'fbgemm_fp8' }))).toBe(2 * 64 * 128);
    // Another format ignores the FP8 recipe.
    expect(bytesIn(kept, 'awq-4bit')).toBe(bytesIn(bf16, 'awq-4bit'));
  });

  it('gives Llama 3.1 405B FP8 its published mix: every attention projection and the first and last MLPs in BF16', () => {
    const architecture = recorded('meta-llama__Llama-3.1-405B-Instruct-FP8.json');
    // Attention per layer: q and o 16,384 x 16,384, k and v 1,024 x 16,384 = 570,425,344 values x 126 layers;
    // two MLPs of 3 x 16,384 x 53,248 = 5,234,491,392 values; each one byte more than in FP8.
    const extra = 570_425_344 * 126 + 5_234_491_392;
    expect(fp8Bytes(architecture) - fp8Bytes(recorded('meta-llama__Llama-3.1-405B.json'))).toBe(extra);
  });
});
