/** Reader-facing labels for catalog values, shared by the table, the model pages and the finder. */
import type { AttentionKind } from '../architecture/summary';
import type { Model, ModelKind } from './schema';

export const KIND_LABELS: Record<ModelKind, string> = {
  base: 'Base',
  instruct: 'Instruction-tuned',
  chat: 'Chat',
  code: 'Code',
  'domain-fine-tune': 'Domain fine-tune',
  'preference-tuned': 'Preference-tuned',
};

export const ATTENTION_LABELS: Record<AttentionKind, string> = {
  mha: 'Multi-head (MHA)',
  gqa: 'Grouped-query (GQA)',
  mqa: 'Multi-query (MQA)',
  mla: 'Multi-head latent (MLA)',
  hybrid: 'Hybrid (attention + linear or state-space)',
  recurrent: 'State-space only (no attention)',
};

export type OpennessTier = 'fully-open' | 'open-weights' | 'gated-weights' | 'closed';

export const OPENNESS_LABELS: Record<OpennessTier, string> = {
  'fully-open': 'Fully open',
  'open-weights': 'Open weights',
  'gated-weights': 'Gated weights',
  closed: 'Closed',
};

/**
 * Fully open means weights, training data, training code and evaluation code are all released openly (the
 * artifacts the OSI's Open Source AI Definition asks for); otherwise the tier is set by how the weights are offered.
 */
export function opennessTier(openness: Model['openness']): OpennessTier {
  if (openness.weights === 'closed') return 'closed';
  const everythingOpen =
    openness.weights === 'open' &&
    openness.trainingData === 'open' &&
    openness.trainingCode === 'open' &&
    openness.evalCode === 'open';
  if (everythingOpen) return 'fully-open';
  return openness.weights === 'open' ? 'open-weights' : 'gated-weights';
}

/** What a reader asks of openness: anything, weights without a gate, or everything released. */
export type OpennessNeed = 'any' | 'open-weights' | 'fully-open';

/** Whether a tier meets a need: fully open meets "open weights" too. */
export function opennessMeets(tier: OpennessTier, need: OpennessNeed): boolean {
  if (need === 'fully-open') return tier === 'fully-open';
  if (need === 'open-weights') return tier === 'fully-open' || tier === 'open-weights';
  return true;
}

export type LicenseNeed = 'any' | 'commercial' | 'osi';

export const LICENSE_NEED_LABELS: Record<LicenseNeed, string> = {
  any: 'Any licence',
  commercial: 'Commercial use allowed',
  osi: 'OSI-approved licence',
};

/** Whether a licence meets a need; "restricted" commercial use (e.g. user caps, use policies) still allows it. */
export function licenseMeets(license: Pick<Model['license'], 'osiApproved' | 'commercialUse'>, need: LicenseNeed): boolean {
  if (need === 'osi') return license.osiApproved;
  if (need === 'commercial') return license.commercialUse !== 'no';
  return true;
}

export function licenseSummary(license: Model['license']): string {
  const name = license.spdx ?? license.name;
  if (license.osiApproved) return `${name} (OSI-approved)`;
  const use = { yes: 'commercial use allowed', restricted: 'commercial use with conditions', no: 'no commercial use' };
  return `${name} (${use[license.commercialUse]})`;
}
