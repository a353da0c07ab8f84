/**
 * Exact parameter counts of an architecture: every term is a tensor of the checkpoint, so totals can be checked
 * against the count the Hub reads from safetensors metadata.
 *
 * Active parameters are the weights one token reads: attention, the routed experts it is sent to, shared experts,
 * dense MLPs, norms and the output head, but not the input embedding (a lookup of one row). That is how OpenAI
 * counts gpt-oss's active parameters (model card, table 1) and what bounds decoding speed; DeepSeek's "37B
 * activated" counts the embedding too, and model pages say which convention a vendor's figure follows.
 */
import { layerCounts } from './assemble';
import { LOOKUP_ROLES, type LayerKind, type ModelArchitecture, type Tensor } from './types';

export interface ParameterCount {
  /** Every weight the text model runs: all experts, the embedding and the head. */
  total: number;
  /** Weights one token reads (see above). */
  active: number;
  /** The input embedding matrix. */
  embedding: number;
  /** The output head when it is its own matrix; 0 when tied to the embedding. */
  head: number;
  /** Checkpoint parts the text model does not run (multi-token prediction, vision or audio encoders). */
  extras: number;
}

export function tensorParameters(tensor: Tensor): number {
  return tensor.rows * tensor.cols * tensor.copies;
}

function activeTensorParameters(tensor: Tensor): number {
  return LOOKUP_ROLES.has(tensor.role) ? 0 : tensor.rows * tensor.cols * tensor.activeCopies;
}

export function layerParameters(kind: LayerKind): { total: number; active: number } {
  return {
    total: kind.tensors.reduce((sum, tensor) => sum + tensorParameters(tensor), kind.vectorParameters),
    active: kind.tensors.reduce((sum, tensor) => sum + activeTensorParameters(tensor), kind.vectorParameters),
  };
}

export function countParameters(architecture: ModelArchitecture): ParameterCount {
  const counts = layerCounts(architecture);
  let total = 0;
  let active = 0;
  architecture.layerKinds.forEach((kind, index) => {
    const layer = layerParameters(kind);
    total += counts[index]! * layer.total;
    active += counts[index]! * layer.active;
  });
  const embedding = architecture.embedding.rows * architecture.embedding.cols;
  const head = architecture.output ? architecture.output.rows * architecture.output.cols : 0;
  const top = architecture.topTensors.reduce((sum, tensor) => sum + tensorParameters(tensor), architecture.topVectorParameters);
  const topActive = architecture.topTensors.reduce((sum, tensor) => sum + activeTensorParameters(tensor), architecture.topVectorParameters);
  // A tied head is the embedding matrix, read in full for every token's logits.
  const headRead = architecture.output ? head : embedding;
  return {
    total: total + embedding + head + top,
    active: active + headRead + topActive,
    embedding,
    head,
    extras: architecture.extras.reduce((sum, part) => sum + (part.parameters ?? 0), 0),
  };
}
