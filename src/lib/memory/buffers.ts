/**
 * Working memory besides weights and caches: what each runtime reserves to compute a step, and what training keeps
 * for the backward pass.
 *
 * Inference, per runtime:
 * - llama.cpp reserves its compute buffer for the worst graph, a micro-batch of prompt tokens (src/llama-context.cpp
 *   graph_reserve): logits for every token of the micro-batch in F32 (n_vocab x n_ubatch x 4 bytes, about
 *   250 MiB for a 128K vocabulary), or the widest layer's F32 intermediates when larger, plus the attention mask
 *   over the cache (F16 with flash attention, on by default where supported). In system RAM it keeps the logits
 *   of each sequence's next token and a host compute buffer ((n_embd + n_kv) x n_ubatch x 4 bytes).
 * - vLLM measures the peak of a profiling step over max_num_batched_tokens tokens and a sampler over max_num_seqs
 *   sequences (vllm/v1/worker/gpu_worker.py determine_available_memory), then subtracts the estimated CUDA-graph
 *   memory (since v0.21) and non-PyTorch allocations before sizing the KV cache.
 * - Transformers runs the whole prompt at once and keeps logits for each sequence's next token in F32.
 *
 * The per-token activation peak is three hidden-width tensors plus the widest sublayer's outputs (the MLP's gate,
 * up and their product), in 16-bit: for Llama 3.1 8B 2 x (3 x 4,096 + 3 x 14,336) = 110,592 bytes, which
 * reproduces vLLM's profiled peak in issue #10517 (2.07 GiB over 20,000 tokens; 2.99 GiB over 29,000).
 */
import { LOOKUP_ROLES, type LayerKind, type ModelArchitecture, type TensorRole } from '../architecture/types';
import type { RuntimeId } from '../runtime/runtime';

/**
 * Estimated CUDA-graph memory vLLM subtracts before sizing the cache since v0.21: the larger of the two published
 * estimates ("Estimated CUDA graph memory: 0.17 GiB total", noonghunna/club-3090#127; "0.36 GiB total",
 * gpustack/runner#251).
 */
export const VLLM_CUDA_GRAPH_BYTES = Math.round(0.36 * 2 ** 30);
/** Non-PyTorch memory vLLM measured while profiling Llama 3.1 8B on one GPU ("non_torch_memory=0.35GiB", issue #10517). */
export const VLLM_NON_TORCH_BYTES = Math.round(0.35 * 2 ** 30);

/**
 * vLLM's scheduler defaults for its OpenAI server (vllm/engine/arg_utils.py get_batch_defaults): 8,192 tokens and
 * 1,024 sequences a step on GPUs of 70 GiB or more other than the A100; 2,048 tokens and 256 sequences otherwise.
 */
export function vllmSchedulerDefaults(gpu: { id: string; memoryBytes: number } | undefined): { maxBatchedTokens: number; maxSequences: number } {
  const large = gpu !== undefined && gpu.memoryBytes >= 70 * 2 ** 30 && !gpu.id.startsWith('a100');
  return large ? { maxBatchedTokens: 8192, maxSequences: 1024 } : { maxBatchedTokens: 2048, maxSequences: 256 };
}

/** Bytes of 16-bit activations one token holds at the model's widest point. */
export function activationBytesPerToken(architecture: ModelArchitecture): number {
  const widest = Math.max(...architecture.layerKinds.map((kind) => kind.peakValuesPerToken));
  return 2 * (3 * architecture.hiddenSize + widest);
}

export interface BufferSettings {
  runtime: RuntimeId;
  contextTokens: number;
  sequences: number;
  ubatch: number;
  maxBatchedTokens: number;
  maxSequences: number;
  /** KV cells of the whole cache (llama.cpp's mask spans them). */
  cacheCells: number;
  tensorParallel: number;
  /** llama.cpp with flash attention (its default); without it the attention scores are materialised. */
  flashAttention: boolean;
}

export interface InferenceBuffers {
  /** On the GPU holding the output layer (all of it on one GPU). */
  outputGpuBytes: number;
  /** On each other GPU of a split. */
  otherGpuBytes: number;
  /** In system RAM. */
  hostBytes: number;
}

export function inferenceBuffers(architecture: ModelArchitecture, settings: BufferSettings): InferenceBuffers {
  const vocab = architecture.vocabSize;
  const hidden = architecture.hiddenSize;
  switch (settings.runtime) {
    case 'llama.cpp': {
      const tokens = Math.min(settings.ubatch, settings.contextTokens * settings.sequences);
      const layerWork = tokens * 2 * activationBytesPerToken(architecture);
      // The mask over the cache: F32, cast to F16 for flash attention (llama-graph.cpp build_attn_inp_kv).
      const mask = settings.cacheCells * tokens * (settings.flashAttention ? 2 : 4);
      // Without flash attention each layer multiplies K by Q into F32 scores, one per cache cell, token and query
      // head, and softmaxes them in place (build_attn_mha: ggml_mul_mat(k, q), ggml_soft_max_ext); beside them sit the
      // F32 mask and the three hidden-width tensors of the layer's input. Llama 2 7B at 4,096 cells and 512 tokens:
      // 256 MiB of scores + 8 MiB of mask + 24 MiB = 288 MiB.
      const heads = Math.max(0, ...architecture.layerKinds.map((kind) => kind.heads?.query ?? 0));
      const attentionWork = settings.flashAttention ? 0 : settings.cacheCells * tokens * heads * 4 + mask + 3 * hidden * tokens * 4;
      const layerPeak = Math.max(layerWork + mask, attentionWork);
      // The output phase holds the F32 logits of the micro-batch and its F32 hidden states: Llama 3 8B at 512 tokens,
      // 128,256 x 512 x 4 + 4,096 x 512 x 4 = 258.5 MiB, the "compute buffer size = 258.50 MiB" of its logs.
      const outputPhase = (vocab + hidden) * tokens * 4;
      return {
        outputGpuBytes: Math.max(outputPhase, layerPeak),
        otherGpuBytes: layerPeak,
        hostBytes: vocab * settings.sequences * 4 + (hidden + settings.cacheCells) * tokens * 4,
      };
    }
    case 'vllm': {
      const peak = settings.maxBatchedTokens * activationBytesPerToken(architecture) + settings.maxSequences * vocab * 4;
      const perGpu = Math.ceil(peak / settings.tensorParallel) + VLLM_CUDA_GRAPH_BYTES + VLLM_NON_TORCH_BYTES;
      return { outputGpuBytes: perGpu, otherGpuBytes: perGpu, hostBytes: 0 };
    }
    case 'transformers': {
      const bytes = settings.contextTokens * settings.sequences * activationBytesPerToken(architecture) + settings.sequences * vocab * 4;
      return { outputGpuBytes: bytes, otherGpuBytes: bytes, hostBytes: 0 };
    }
  }
}

export interface TrainingActivationInput {
  sequenceTokens: number;
  batch: number;
  gradientCheckpointing: boolean;
  /**
   * QLoRA with bitsandbytes: each 4-bit matrix is dequantized to 16-bit as it is used (one matrix and its gradient
   * at a time), and each 4-bit matmul keeps its input for the backward pass even though its weight is frozen.
   */
  dequantizes: boolean;
}

/** Projections that read the same input tensor, which autograd then keeps once. */
const SHARED_INPUT: Partial<Record<TensorRole, string>> = {
  attn_q: 'attention input',
  attn_k: 'attention input',
  attn_v: 'attention input',
  attn_q_a: 'attention input',
  attn_kv_a: 'attention input',
  ffn_gate: 'mlp input',
  ffn_up: 'mlp input',
  ffn_gate_shexp: 'mlp input',
  ffn_up_shexp: 'mlp input',
  ffn_gate_exps: 'expert input',
  ffn_up_exps: 'expert input',
};

/**
 * Values per token a layer's 4-bit matmuls keep for backward under bitsandbytes: MatMul4Bit.forward stores its
 * input A whenever the input needs a gradient (`ctx.tensors = (A, B)`, bitsandbytes autograd/_functions.py), which
 * it does in every layer but the first once adapters train. A 16-bit frozen nn.Linear keeps no input. Projections
 * sharing an input keep it once.
 */
export function quantizedInputValuesPerToken(kind: LayerKind): number {
  const seen = new Set<string>();
  let values = 0;
  for (const tensor of kind.tensors) {
    if (LOOKUP_ROLES.has(tensor.role) || tensor.role === 'ffn_gate_inp') continue;
    const group = SHARED_INPUT[tensor.role] ?? tensor.role;
    if (seen.has(group)) continue;
    seen.add(group);
    values += tensor.cols * tensor.activeCopies;
  }
  return values;
}

/**
 * Bytes per token per vocabulary entry for the loss, in Transformers: the 16-bit logits, their float32 copy
 * (ForCausalLMLoss upcasts before cross-entropy, loss/loss_utils.py), the float32 log-softmax cross-entropy saves,
 * and the float32 gradient with its 16-bit cast on the way back: 2 + 4 + 4 + 4 + 2.
 */
export const LOSS_BYTES_PER_LOGIT = 16;

/**
 * Activations saved for the backward pass, after Korthikanti et al. (arXiv 2205.05198, section 4.1): a transformer
 * layer stores 34·s·b·h bytes in 16-bit without recomputation when attention scores are not materialised (flash
 * attention removes the 5·a·s²·b term). With full activation checkpointing only each layer's input (2·s·b·h bytes)
 * is kept, plus one layer's full set while it is recomputed. The loss over the vocabulary comes on top
 * (LOSS_BYTES_PER_LOGIT per token and entry), and QLoRA's dequantized matrix and its gradient. The paper's layer has
 * a 4h MLP; wider gated MLPs store more, so this is a floor rather than a ceiling.
 */
export function trainingActivationBytes(architecture: ModelArchitecture, input: TrainingActivationInput): number {
  const tokens = input.sequenceTokens * input.batch;
  const hidden = architecture.hiddenSize;
  const layers = architecture.layerOrder.length;
  const perLayerFull = 34 * tokens * hidden;
  const saved = input.gradientCheckpointing ? layers * 2 * tokens * hidden + perLayerFull : layers * perLayerFull;
  const loss = LOSS_BYTES_PER_LOGIT * tokens * architecture.vocabSize;
  const largest = Math.max(...architecture.layerKinds.flatMap((kind) => kind.tensors.map((tensor) => tensor.rows * tensor.cols)));
  const dequantized = input.dequantizes ? 2 * 2 * largest : 0;
  // bitsandbytes' saved inputs: every layer's without checkpointing, the recomputed layer's with it.
  const quantizedInputs = input.dequantizes ? architecture.layerOrder.map((index) => quantizedInputValuesPerToken(architecture.layerKinds[index]!)) : [];
  const keptInputs = quantizedInputs.length === 0 ? 0 : 2 * tokens * (input.gradientCheckpointing ? Math.max(...quantizedInputs) : quantizedInputs.reduce((sum, values) => sum + values, 0));
  return saved + loss + dequantized + keptInputs;
}
