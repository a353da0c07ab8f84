/**
 * Training-time memory: trainable-parameter counts for LoRA adapters, the optimizer and gradient state kept for
 * them, and the activations saved for the backward pass.
 */
import { layerCounts } from '../architecture/assemble';
import type { ModelArchitecture, TensorRole } from '../architecture/types';

/** Linear layers LoRA can adapt, by the names PEFT uses for Llama-style models. */
export const LORA_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;
export type LoraTarget = (typeof LORA_TARGETS)[number];

/** Which weight matrices each target name adapts: the MLP names reach routed and shared experts too. */
const TARGET_ROLES: Record<LoraTarget, readonly TensorRole[]> = {
  q_proj: ['attn_q'],
  k_proj: ['attn_k'],
  v_proj: ['attn_v'],
  o_proj: ['attn_output'],
  gate_proj: ['ffn_gate', 'ffn_gate_exps', 'ffn_gate_shexp'],
  up_proj: ['ffn_up', 'ffn_up_exps', 'ffn_up_shexp'],
  down_proj: ['ffn_down', 'ffn_down_exps', 'ffn_down_shexp'],
};

/**
 * Mixed-precision AdamW per trainable parameter (ZeRO, arXiv 1910.02054, section 3.1): 2 bytes of 16-bit
 * weights, 2 of 16-bit gradients, and 12 of optimizer state (an fp32 master copy plus fp32 momentum and variance).
 * Setups that keep fp32 gradients use 18 bytes; we use the paper's 16.
 */
export const FULL_FINE_TUNE_BYTES = { weights: 2, gradients: 2, optimizer: 12 } as const;

/**
 * LoRA and QLoRA adapters are small, so PEFT keeps them in fp32: 4 bytes of weights, 4 of gradients and 8 of
 * AdamW moments per adapter parameter.
 */
export const ADAPTER_BYTES = { weights: 4, gradients: 4, optimizer: 8 } as const;

/**
 * Trainable parameters of LoRA adapters: each adapted d_in x d_out matrix gains A (d_in x r) and B (r x d_out),
 * i.e. r x (d_in + d_out) parameters (Hu et al., arXiv 2106.09685). In a mixture-of-experts model the MLP
 * targets are adapted in every expert. Layers without a target (no gate in a plain MLP, no q_proj in a
 * state-space layer) add nothing.
 */
export function loraParameters(architecture: ModelArchitecture, rank: number, targets: readonly LoraTarget[]): number {
  const roles = new Set([...new Set(targets)].flatMap((target) => TARGET_ROLES[target]));
  const counts = layerCounts(architecture);
  return architecture.layerKinds.reduce((sum, kind, index) => {
    const perLayer = kind.tensors.filter((tensor) => roles.has(tensor.role)).reduce((total, tensor) => total + tensor.copies * rank * (tensor.rows + tensor.cols), 0);
    return sum + counts[index]! * perLayer;
  }, 0);
}

/**
 * Gradients each GPU holds whole when LoRA runs under FSDP with gradient accumulation, as LitGPT's finetune/lora.py
 * of October 2023 did on several GPUs (Lit-GPT commit 8641822; Lightning 2.1.0rc0; PyTorch 2.1):
 * - Lightning's FSDPStrategy sets use_orig_params=True (src/lightning/fabric/strategies/fsdp.py, line 177 at tag
 *   2.1.0.rc0), and finetune/lora.py wraps each transformer Block as one FSDP unit (auto_wrap_policy={Block}), so the
 *   frozen weights of a block share one flat parameter with its LoRA matrices. PyTorch's FSDP documentation: with
 *   use_orig_params=True frozen and trainable parameters may be mixed, but gradient memory is then as if nothing
 *   were frozen.
 * - Accumulating steps run inside fabric.no_backward_sync (finetune/lora.py, train loop), which is FSDP's no_sync():
 *   "FSDP will accumulate the full model gradients (instead of gradient shards) until the eventual sync" (the
 *   no_sync docstring, torch/distributed/fsdp/fully_sharded_data_parallel.py).
 * So every GPU keeps an unsharded gradient, in the weights' dtype, of every block that holds an adapted matrix.
 * The embedding, head and final norm sit in the root unit with no trainable parameter and get none.
 * Sources (read 2026-12-02): https://github.com/Lightning-AI/litgpt/blob/8641822/finetune/lora.py,
 * https://github.com/Lightning-AI/pytorch-lightning/blob/2.1.0.rc0/src/lightning/fabric/strategies/fsdp.py,
 * https://docs.pytorch.org/docs/stable/fsdp.html (no_sync and the use_orig_params note on frozen parameters).
 */
export function fsdpNoSyncGradientBytes(architecture: ModelArchitecture, targets: readonly LoraTarget[], bytesPerElement: number): number {
  const roles = new Set([...new Set(targets)].flatMap((target) => TARGET_ROLES[target]));
  const counts = layerCounts(architecture);
  return architecture.layerKinds.reduce((sum, kind, index) => {
    if (!kind.tensors.some((tensor) => roles.has(tensor.role))) return sum;
    const perLayer = kind.tensors.reduce((total, tensor) => total + tensor.rows * tensor.cols * tensor.copies, kind.vectorParameters);
    return sum + counts[index]! * perLayer * bytesPerElement;
  }, 0);
}
