/**
 * The shortlist page's selection (src/lib/catalog/shortlist.ts over content/shortlist.json). Each pick is checked
 * through a different path than the one that chose it: its calculator address is parsed and answered as the
 * calculator page would, so a pick that does not fit, or a link that asks for another setting, fails here.
 */
import { describe, expect, it } from 'vitest';
import { memoryCalculatorQuery } from '../../src/lib/memory/calculator-link';
import { answerMemoryRequest } from '../../src/lib/memory/answer';
import { parseMemoryRequest } from '../../src/lib/memory/request';
import { decodeConfigurations } from '../../src/lib/memory/url-state';
import { toGpuSpecs } from '../../src/lib/memory/placement';
import { DECODE_CALIBRATION } from '../../src/lib/runtime/decode-measurements';
import { SHORTLIST } from '../../src/lib/catalog/shortlist-data';
import { meetsNeed, namedModelIds, needPicks, shortlistSchema, tierPicks, type Shortlist, type ShortlistModel } from '../../src/lib/catalog/shortlist';
import { loadGpus, loadModels } from './support/catalog';

const models = loadModels().map(({ model }) => model);
const gpus = toGpuSpecs(loadGpus().map(({ gpu }) => gpu));
const byId = (id: string) => models.find((model) => model.id === id)!;
const catalog = { models, gpus };
const GIB = 2 ** 30;

/** What the calculator page answers for an address: the placement on the GPU, or the total without one. */
function calculatorAnswer(query: string) {
  const parsed = parseMemoryRequest(decodeConfigurations(query)[0]!, catalog);
  if (!parsed.ok) throw new Error(`${query}: ${JSON.stringify(parsed.errors)}`);
  return { request: parsed.request, answer: answerMemoryRequest(parsed.request, gpus, DECODE_CALIBRATION) };
}

// Placing every model on every tier is the costly step, so the real catalog's lists are worked out once.
const cached = new Map<string, ReturnType<typeof tierPicks>>();
function picksOf(tierId: string, shortlist: Shortlist = SHORTLIST, catalogModels: readonly ShortlistModel[] = models) {
  if (shortlist !== SHORTLIST || catalogModels !== models) return tierPicks(catalogModels, tierId, shortlist, gpus);
  if (!cached.has(tierId)) cached.set(tierId, tierPicks(models, tierId, SHORTLIST, gpus));
  return cached.get(tierId)!;
}

describe('the calculator address', () => {
  it('writes model, precision, context, gpu and gpus in that order, as the finder always has', () => {
    expect(memoryCalculatorQuery({ modelId: 'qwen3-8b', precision: 'q4_k_m', contextTokens: 8192, gpuId: 'rtx-4090', gpuCount: 2 })).toBe(
      'model=qwen3-8b&precision=q4_k_m&context=8192&gpu=rtx-4090&gpus=2',
    );
  });
  it('leaves out what it is not given, and the count when there is no GPU', () => {
    expect(memoryCalculatorQuery({ modelId: 'qwen3-8b', contextTokens: 4096 })).toBe('model=qwen3-8b&context=4096');
    expect(memoryCalculatorQuery({ modelId: 'qwen3-8b', precision: 'bf16', contextTokens: 4096, gpuId: 'none', gpuCount: 1 })).toBe('model=qwen3-8b&precision=bf16&context=4096&gpu=none');
  });
});

describe('the shortlist data', () => {
  it('names only catalog models and catalog GPUs, and tiers that exist', () => {
    const ids = new Set(models.map((model) => model.id));
    expect(namedModelIds(SHORTLIST).filter((id) => !ids.has(id))).toEqual([]);
    const gpuIds = new Set(gpus.map((gpu) => gpu.id));
    for (const tier of SHORTLIST.tiers) {
      for (const gpu of [tier.gpu, tier.smallerGpu]) if (gpu) expect(gpuIds.has(gpu), `${tier.id}: ${gpu}`).toBe(true);
      if (tier.below) expect(SHORTLIST.tiers.map((other) => other.id)).toContain(tier.below);
    }
  });
  it('covers the five tiers and six needs the guide promises', () => {
    expect(SHORTLIST.tiers.map((tier) => tier.id)).toEqual(['laptop', 'card-24', 'gpu-80', 'mac-128', 'server']);
    expect(SHORTLIST.needs.map((need) => need.id)).toEqual(['chat', 'code', 'reasoning', 'multilingual', 'vision', 'fully-open']);
  });
  it('refuses a tier with both a GPU and a memory budget, naming the problem', () => {
    const bad = { tiers: [{ id: 'x', label: 'X', gpu: 'rtx-4090', memoryGiB: 8 }], needs: [{ id: 'chat', label: 'Chat' }] };
    expect(shortlistSchema.safeParse(bad).success).toBe(false);
  });
});

describe.each(SHORTLIST.tiers.map((tier) => [tier.id, tier] as const))('tier %s', (tierId, tier) => {
  const picks = picksOf(tierId);

  it('lists at least one model', () => {
    expect(picks.length).toBeGreaterThan(0);
  });

  it('lists only models that fit at Q4_K_M and 8,192 tokens (or the model\'s limit), as the linked calculator shows', () => {
    for (const pick of picks) {
      const { request, answer } = calculatorAnswer(pick.calculatorQuery);
      expect(request.modelId).toBe(pick.model.id);
      expect(request.input.weightPrecision).toBe('q4_k_m');
      expect(request.input.contextTokens).toBe(Math.min(8192, pick.model.architecture.contextLength));
      if (tier.memoryGiB !== undefined) {
        expect(answer.onGpu).toBeUndefined();
        expect(answer.breakdown.totalBytes).toBe(pick.neededBytes);
        expect(pick.neededBytes).toBeLessThanOrEqual(tier.memoryGiB * GIB);
      } else {
        expect(answer.onGpu?.gpu.id).toBe(tier.gpu);
        expect(request.gpuCount).toBe(pick.gpuCount);
        expect(pick.gpuCount).toBeLessThanOrEqual(tier.maxGpus);
        expect(answer.onGpu?.placement.fits, pick.model.id).toBe(true);
        expect(answer.onGpu?.placement.bytesPerGpu).toBe(pick.neededBytes);
      }
    }
  });

  it('lists newest first', () => {
    const released = picks.map((pick) => pick.model.released);
    expect(released).toEqual([...released].sort().reverse());
  });

  it('lists only current models (released in the newest catalog year or the one before)', () => {
    const newest = Math.max(...models.map((model) => Number(model.released.slice(0, 4))));
    for (const pick of picks) expect(Number(pick.model.released.slice(0, 4))).toBeGreaterThanOrEqual(newest - 1);
  });

  it('leaves out what already fits the tier below', () => {
    if (!tier.below) return;
    const belowIds = new Set(picksOf(tier.below).map((pick) => pick.model.id));
    for (const pick of picks) expect(belowIds.has(pick.model.id), pick.model.id).toBe(false);
  });
});

describe('selection', () => {
  // Arithmetic beside the engine: Qwen3 32B holds 32.8 billion parameters; at Q4_K_M's 4.5 bits or more a value the
  // weights alone take over 17 GiB, more than the laptop budget of 8 GiB and less than a 24 GiB card.
  it('puts a 32B model on the 24 GB card, not on the laptop and not on the 80 GB GPU', () => {
    expect(picksOf('laptop').map((pick) => pick.model.id)).not.toContain('qwen3-32b');
    expect(picksOf('card-24').map((pick) => pick.model.id)).toContain('qwen3-32b');
    expect(picksOf('gpu-80').map((pick) => pick.model.id)).not.toContain('qwen3-32b');
  });

  it('never lists on the 24 GB card a model that needs more than one card, such as DeepSeek-R1 (671B)', () => {
    expect(picksOf('card-24').map((pick) => pick.model.id)).not.toContain('deepseek-r1');
    expect(picksOf('server').find((pick) => pick.model.id === 'deepseek-r1')?.gpuCount).toBeGreaterThan(1);
  });

  it('leaves out a base model with no instruction-tuned sibling', () => {
    // Nemotron-H 56B is a 2025 base checkpoint with no variants; it would fit one 80 GB GPU.
    expect(byId('nemotron-h-56b-base-8k').variants).toEqual([]);
    expect(picksOf('gpu-80').map((pick) => pick.model.id)).not.toContain('nemotron-h-56b-base-8k');
  });

  it('drops a model when a newer one of its family and kind fits the same tier, and orders by release', () => {
    const qwen = byId('qwen3-8b');
    const newer = { ...qwen, id: 'qwen3-8b-next', name: 'Qwen3 8B next', released: '2025-10' };
    const older = { ...qwen, id: 'qwen3-8b-old', name: 'Qwen3 8B old', family: 'Other', released: '2025-01' };
    const ids = picksOf('laptop', SHORTLIST, [qwen, newer, older]).map((pick) => pick.model.id);
    expect(ids).toEqual(['qwen3-8b-next', 'qwen3-8b-old']);
  });

  it('counts a model as current by the newest year in the catalog it is given', () => {
    const qwen = byId('qwen3-8b');
    const future = { ...qwen, id: 'future', name: 'Future', family: 'Future', released: '2028-01' };
    expect(picksOf('laptop', SHORTLIST, [qwen, future]).map((pick) => pick.model.id)).toEqual(['future']);
  });

  it('marks which 24 GB picks also fit the 16 GB card', () => {
    const picks = picksOf('card-24');
    // gpt-oss-20b: 20.9 billion parameters, 4.5+ bits each, about 11-12 GiB of weights: under 16 GiB.
    expect(picks.find((pick) => pick.model.id === 'gpt-oss-20b')?.fitsSmallerGpu).toBe(true);
    // Qwen3 32B's weights alone pass 17 GiB (above): not on 16 GiB.
    expect(picks.find((pick) => pick.model.id === 'qwen3-32b')?.fitsSmallerGpu).toBe(false);
  });
});

describe('needs', () => {
  const need = (id: string) => SHORTLIST.needs.find((candidate) => candidate.id === id)!;

  it.each([
    ['code', 'qwen3-coder-30b-a3b-instruct', true, 'its kind is code'],
    ['code', 'qwen3-8b', false, 'an instruct model'],
    ['fully-open', 'olmo-3.1-32b-instruct', true, 'data, code, weights and evaluation all released'],
    ['fully-open', 'qwen3-8b', false, 'weights only'],
    ['vision', 'gemma-3-4b-it', true, 'its config.json has a vision_config'],
    ['vision', 'llama-4-maverick-17b-128e-instruct', true, 'listed with Meta\'s card as its source (trimmed config)'],
    ['vision', 'qwen3-8b', false, 'text only'],
    ['multilingual', 'qwen3-8b', true, '119 languages in the catalog'],
    ['multilingual', 'smollm3-3b', false, 'six languages'],
    ['multilingual', 'qwen3.5-27b', true, 'listed with the Qwen3.5 README as its source'],
    ['reasoning', 'gpt-oss-20b', true, 'listed: reasoning effort'],
    ['reasoning', 'kimi-k2-instruct', false, 'no thinking mode'],
    ['chat', 'gemma-4-26b-a4b', true, 'a base entry with an instruction-tuned variant'],
  ] as const)('%s: %s is %s (%s)', (needId, modelId, expected, _why) => {
    expect(meetsNeed(byId(modelId), need(needId))).toBe(expected);
  });

  // Generous time: each need places every model on every tier again, and the test machine is shared.
  it.each(SHORTLIST.needs.map((entry) => [entry.id]))('%s: picks come from the tier lists, newest first, at most two a tier', { timeout: 30_000 }, (needId) => {
    for (const { tier, picks } of needPicks(models, needId, SHORTLIST, gpus)) {
      const tierIds = picksOf(tier.id).map((pick) => pick.model.id);
      const ids = picks.map((pick) => pick.model.id);
      expect(ids.length).toBeLessThanOrEqual(2);
      expect(ids).toEqual(tierIds.filter((id) => ids.includes(id)));
      for (const pick of picks) expect(meetsNeed(pick.model, need(needId))).toBe(true);
    }
  });
});
