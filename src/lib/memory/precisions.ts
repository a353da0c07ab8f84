import measuredFiles from '../../../content/quantized-files.json';

/**
 * Weight and KV-cache number formats with the bits each stored value costs, scales and block headers included.
 * Every figure names its basis and source.
 */

export interface NumberFormat {
  id: string;
  label: string;
  bitsPerValue: number;
  /** What the figure includes and where it comes from. */
  basis: string;
  source: string;
}

export interface Precision extends NumberFormat {
  /**
   * Whether the embedding and output head are stored at this precision too. GGUF files quantize (or keep at
   * higher precision) every tensor, and their whole-file figures already include that; GPTQ, AWQ, bitsandbytes
   * and FP8 checkpoints quantize only the linear layers inside the transformer blocks and keep the embedding and
   * output head in 16-bit.
   */
  appliesToEmbeddings: boolean;
}

function byId<const T extends readonly NumberFormat[]>(list: T): Record<T[number]['id'], T[number]> {
  return Object.fromEntries(list.map((entry) => [entry.id, entry])) as Record<T[number]['id'], T[number]>;
}

const GGML_BLOCKS = 'https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-common.h';

export interface MeasuredFile {
  precision: string;
  model: string;
  parameters: number;
  fileBytes: number;
  bitsPerWeight: number;
  /** Whether the file is one of those averaged into the format's bits per weight. */
  reference: boolean;
  url: string;
  as: string;
}

export const MEASURED_FILES: readonly MeasuredFile[] = measuredFiles;

/**
 * Whole-file bits per weight of a GGUF format: the mean over the reference models of each model's file size
 * x 8 / parameters. Mixed formats keep some tensors (the output head, parts of attention) at higher precision,
 * so whole files run above the per-block figure: Q4_K_M files hold about 4.84 bits per weight, not 4.5.
 */
export function wholeFileBitsPerWeight(precision: string): number {
  const perModel = new Map<string, number[]>();
  for (const file of MEASURED_FILES) {
    if (file.precision === precision && file.reference) perModel.set(file.model, [...(perModel.get(file.model) ?? []), file.bitsPerWeight]);
  }
  if (perModel.size === 0) throw new Error(`No reference file measured for ${precision}`);
  const means = [...perModel.values()].map((values) => values.reduce((sum, value) => sum + value, 0) / values.length);
  return Number((means.reduce((sum, value) => sum + value, 0) / means.length).toFixed(3));
}

function gguf<const Id extends string>(id: Id, label: string, blockBits: number): Precision & { id: Id } {
  const references = [...new Set(MEASURED_FILES.filter((file) => file.precision === id && file.reference).map((file) => file.model))];
  return {
    id,
    label,
    bitsPerValue: wholeFileBitsPerWeight(id),
    appliesToEmbeddings: true,
    basis: `whole-file average of real ${references.join(' and ')} files; the format's blocks alone hold ${blockBits} bits per weight`,
    source: GGML_BLOCKS,
  };
}
const QLORA = 'https://arxiv.org/abs/2305.14314';

export const WEIGHT_PRECISIONS = byId([
  { id: 'fp32', label: 'FP32', bitsPerValue: 32, appliesToEmbeddings: true, basis: 'IEEE single precision', source: 'https://en.wikipedia.org/wiki/Single-precision_floating-point_format' },
  { id: 'fp16', label: 'FP16', bitsPerValue: 16, appliesToEmbeddings: true, basis: 'IEEE half precision', source: 'https://en.wikipedia.org/wiki/Half-precision_floating-point_format' },
  { id: 'bf16', label: 'BF16', bitsPerValue: 16, appliesToEmbeddings: true, basis: 'bfloat16', source: 'https://en.wikipedia.org/wiki/Bfloat16_floating-point_format' },
  { id: 'fp8', label: 'FP8', bitsPerValue: 8, appliesToEmbeddings: false, basis: 'E4M3 weights with one scale per tensor or channel; embedding and head stay 16-bit', source: 'https://docs.vllm.ai/en/latest/features/quantization/fp8.html' },
  { id: 'int8', label: 'INT8 (bitsandbytes LLM.int8)', bitsPerValue: 8, appliesToEmbeddings: false, basis: 'int8 weights with one fp32 scale per row (under 0.01 bits per weight); embedding and head stay 16-bit', source: 'https://arxiv.org/abs/2208.07339' },
  { id: 'int4', label: 'INT4 (group 128)', bitsPerValue: 4.25, appliesToEmbeddings: false, basis: '4-bit weights with a 16-bit scale and a 16-bit zero point per group of 128: 4 + 32/128 bits', source: 'https://github.com/pytorch/ao/tree/main/torchao/quantization' },
  { id: 'nf4', label: 'NF4 (bitsandbytes, QLoRA)', bitsPerValue: 4.127, appliesToEmbeddings: false, basis: '4-bit NormalFloat in blocks of 64 with double-quantized scales: 0.127 bits of constants per weight (QLoRA, section 3)', source: QLORA },
  { id: 'gptq-4bit', label: 'GPTQ 4-bit (group 128)', bitsPerValue: 4.156, appliesToEmbeddings: false, basis: '4-bit weights with a 16-bit scale and a 4-bit zero point per group of 128: 4 + 20/128 bits', source: 'https://arxiv.org/abs/2210.17323' },
  { id: 'mxfp4', label: 'MXFP4 (experts), 16-bit rest', bitsPerValue: 4.25, appliesToEmbeddings: false, basis: 'OCP microscaling FP4: blocks of 32 4-bit values sharing one 8-bit scale, 4 + 8/32 bits; applied to MoE experts only, as gpt-oss ships (attention, router, embedding and head stay 16-bit)', source: 'https://huggingface.co/openai/gpt-oss-120b/blob/main/config.json' },
  { id: 'awq-4bit', label: 'AWQ 4-bit (group 128)', bitsPerValue: 4.156, appliesToEmbeddings: false, basis: '4-bit weights with a 16-bit scale and a 4-bit zero point per group of 128: 4 + 20/128 bits', source: 'https://arxiv.org/abs/2306.00978' },
  gguf('q8_0', 'GGUF Q8_0', 8.5),
  gguf('q6_k', 'GGUF Q6_K', 6.5625),
  gguf('q5_k_m', 'GGUF Q5_K_M', 5.5),
  gguf('q5_0', 'GGUF Q5_0', 5.5),
  gguf('q4_k_m', 'GGUF Q4_K_M', 4.5),
  gguf('q4_k_s', 'GGUF Q4_K_S', 4.5),
  gguf('q4_0', 'GGUF Q4_0', 4.5),
  gguf('q3_k_m', 'GGUF Q3_K_M', 3.4375),
  gguf('q2_k', 'GGUF Q2_K', 2.625),
  gguf('iq4_xs', 'GGUF IQ4_XS', 4.25),
] as const);

export const KV_PRECISIONS = byId([
  { id: 'fp16', label: 'FP16', bitsPerValue: 16, basis: 'IEEE half precision', source: 'https://en.wikipedia.org/wiki/Half-precision_floating-point_format' },
  { id: 'bf16', label: 'BF16', bitsPerValue: 16, basis: 'bfloat16', source: 'https://en.wikipedia.org/wiki/Bfloat16_floating-point_format' },
  { id: 'fp8', label: 'FP8 (vLLM)', bitsPerValue: 8, basis: 'one byte per cached value', source: 'https://docs.vllm.ai/en/latest/features/quantization/quantized_kvcache.html' },
  { id: 'q8_0', label: 'Q8_0 (llama.cpp)', bitsPerValue: 8.5, basis: 'blocks of 32 int8 values sharing one FP16 scale', source: GGML_BLOCKS },
  { id: 'q4_0', label: 'Q4_0 (llama.cpp)', bitsPerValue: 4.5, basis: 'blocks of 32 4-bit values sharing one FP16 scale', source: GGML_BLOCKS },
] as const);

export type WeightPrecisionId = keyof typeof WEIGHT_PRECISIONS;
export type KvPrecisionId = keyof typeof KV_PRECISIONS;

/** Bytes of weights for a parameter count at a uniform bits-per-weight, rounded up to a whole byte. */
export function weightsBytesAt(parameters: number, bitsPerWeight: number): number {
  return Math.ceil((parameters * bitsPerWeight) / 8);
}

/** Bytes of a model's weights in a format, with the embedding and head at 16-bit where the format keeps them so. */
export function weightsBytesFor(precision: Precision, parameters: number, embeddingParameters: number): number {
  if (precision.appliesToEmbeddings) return weightsBytesAt(parameters, precision.bitsPerValue);
  return weightsBytesAt(parameters - embeddingParameters, precision.bitsPerValue) + embeddingParameters * 2;
}
