/**
 * Training-time memory: trainable-parameter counts for LoRA adapters, the optimizer and gradient state kept for
 * them, and the activations saved for the backward pass.
 */
import type { ParameterShapes } from '../catalog/parameters';

/** Linear layers LoRA can adapt, by the names PEFT uses for Llama-style models. */
export const LORA_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;
export type LoraTarget = (typeof LORA_TARGETS)[number];

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

/** [input, output] width of a target linear layer in one decoder layer. */
function targetShape(shapes: ParameterShapes, target: LoraTarget): [number, number] {
  const hidden = shapes.hiddenSize;
  const queryWidth = shapes.attentionHeads * shapes.headDim;
  const keyValueWidth = shapes.kvHeads * shapes.headDim;
  const mlpWidth = shapes.moe ? shapes.moe.expertIntermediateSize : shapes.intermediateSize;
  switch (target) {
    case 'q_proj':
      return [hidden, queryWidth];
    case 'k_proj':
    case 'v_proj':
      return [hidden, keyValueWidth];
    case 'o_proj':
      return [queryWidth, hidden];
    case 'gate_proj':
    case 'up_proj':
      return [hidden, mlpWidth];
    case 'down_proj':
      return [mlpWidth, hidden];
  }
}

/**
 * Trainable parameters of LoRA adapters: each adapted d_in x d_out matrix gains A (d_in x r) and B (r x d_out),
 * i.e. r x (d_in + d_out) parameters (Hu et al., arXiv 2106.09685). In a mixture-of-experts model the MLP
 * targets are adapted in every expert. Plain MLPs have no gate_proj, so it is skipped there.
 */
export function loraParameters(shapes: ParameterShapes, rank: number, targets: readonly LoraTarget[]): number {
  let perLayer = 0;
  for (const target of new Set(targets)) {
    if (target === 'gate_proj' && shapes.mlp === 'standard') continue;
    const [inputs, outputs] = targetShape(shapes, target);
    const isMlpTarget = target === 'gate_proj' || target === 'up_proj' || target === 'down_proj';
    const copies = shapes.moe && isMlpTarget ? shapes.moe.experts : 1;
    perLayer += copies * rank * (inputs + outputs);
  }
  return shapes.layers * perLayer;
}

export interface TrainingActivationInput {
  sequenceTokens: number;
  batch: number;
  gradientCheckpointing: boolean;
}

/**
 * Activations saved for the backward pass, in bytes, after Korthikanti et al. (arXiv 2205.05198, section 4.1):
 * a transformer layer stores 34·s·b·h bytes in 16-bit without recomputation when attention scores are not
 * materialised (flash attention removes the 5·a·s²·b term). With full activation checkpointing only each layer's
 * input (2·s·b·h bytes) is kept, plus one layer's full set while it is recomputed. The fp32 logits for the loss
 * (4·s·b·vocab bytes) come on top in both cases. The paper's layer has a 4h MLP; wider gated MLPs store somewhat
 * more, so this is a floor rather than a ceiling.
 */
export function trainingActivationBytes(shapes: ParameterShapes, input: TrainingActivationInput): number {
  const tokens = input.sequenceTokens * input.batch;
  const perLayerFull = 34 * tokens * shapes.hiddenSize;
  const layers = input.gradientCheckpointing
    ? shapes.layers * 2 * tokens * shapes.hiddenSize + perLayerFull
    : shapes.layers * perLayerFull;
  const logits = 4 * tokens * shapes.vocabSize;
  return layers + logits;
}
