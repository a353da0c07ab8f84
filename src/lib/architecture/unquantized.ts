/**
 * Which projections a quantized checkpoint keeps in 16-bit, from its config's quantization_config
 * modules_to_not_convert: the list Transformers' FBGEMM FP8 and FP8 quantizers skip and vLLM's fbgemm_fp8 method
 * leaves unquantized (its ignore list). Meta's Llama 3.1 405B FP8 checkpoint uses it to keep every attention
 * projection and the first and last layers' MLP in BF16, as the Llama 3 paper describes (arXiv 2407.21783,
 * section 6.2: FP8 in the feedforward layers only, none in the first and last Transformer layers).
 * Names follow the Llama layout (model.layers.N.self_attn.q_proj, model.layers.N.mlp.down_proj, "*" for every
 * layer); names outside the decoder layers (lm_head, vision towers) are left to the format's own rule.
 */
import type { KeptProjections, TensorRole } from './types';

const ATTENTION: Record<string, TensorRole> = { q_proj: 'attn_q', k_proj: 'attn_k', v_proj: 'attn_v', o_proj: 'attn_output' };
const MLP: Record<string, TensorRole> = { gate_proj: 'ffn_gate', up_proj: 'ffn_up', down_proj: 'ffn_down' };

function rolesOf(block: string, projection: string | undefined): TensorRole[] {
  const table = block === 'self_attn' ? ATTENTION : MLP;
  if (projection === undefined) return Object.values(table);
  const role = table[projection];
  return role ? [role] : [];
}

/** The projections kept out of quantization, grouped by role; undefined when the list names none inside the layers. */
export function keptProjections(modules: unknown, layerCount: number): KeptProjections[] | undefined {
  if (!Array.isArray(modules)) return undefined;
  const byRole = new Map<TensorRole, Set<number>>();
  for (const name of modules) {
    if (typeof name !== 'string') continue;
    const match = /^model\.layers\.(\d+|\*)\.(self_attn|mlp)(?:\.([a-z_]+))?$/.exec(name);
    if (!match) continue;
    const layers = match[1] === '*' ? Array.from({ length: layerCount }, (_, index) => index) : [Number(match[1])];
    for (const role of rolesOf(match[2]!, match[3])) {
      const set = byRole.get(role) ?? new Set<number>();
      for (const layer of layers) if (layer < layerCount) set.add(layer);
      byRole.set(role, set);
    }
  }
  if (byRole.size === 0) return undefined;
  // Roles kept in the same layers share one entry; a role kept in every layer says 'all'.
  const groups = new Map<string, KeptProjections>();
  for (const [role, set] of byRole) {
    const layers = set.size === layerCount ? 'all' : [...set].sort((a, b) => a - b);
    const key = layers === 'all' ? 'all' : layers.join(',');
    const group = groups.get(key) ?? { layers, roles: [] };
    group.roles.push(role);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Whether the projection of `role` in decoder layer `layer` stays 16-bit. */
export function isKept(kept: readonly KeptProjections[] | undefined, layer: number, role: TensorRole): boolean {
  return kept?.some((group) => group.roles.includes(role) && (group.layers === 'all' || group.layers.includes(layer))) ?? false;
}
