/**
 * Schemas for the model and GPU catalogs (content/models/*.json, content/gpus/*.json). Astro validates every
 * entry against them at build time, so a bad value fails the build with the file and the field named; the unit
 * tests use the same schemas directly. Objects are strict: a misspelt key is an error, not a silently missing
 * value.
 *
 * A model is described once: by its own config.json, copied verbatim with where it was read (`config`,
 * `configSource`), or, for entries written before the adapters existed, by a block of shapes read from it
 * (`shapes`). Either way the schema derives the architecture and the exact parameter counts from that one
 * description; no count is typed by hand.
 */
import { z } from 'astro/zod';
import { ConfigError, architectureFromConfig } from '../architecture/config/index';
import { countParameters } from '../architecture/count';
import { architectureFromShapes } from '../architecture/legacy';
import type { ModelArchitecture } from '../architecture/types';
import { webUrl } from '../content/integrity';

const positiveInteger = z.number().int().positive();
/** The smallest model this catalog could hold; a smaller count is a typing slip (a value of 1, or 7 for 7B). */
export const MIN_MODEL_PARAMETERS = 1_000_000;
const parameterCount = z.number().int().min(MIN_MODEL_PARAMETERS, `must be a whole parameter count of at least ${MIN_MODEL_PARAMETERS.toLocaleString('en-US')}`);
const nonNegativeInteger = z.number().int().nonnegative();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-22');
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month like 2023-07');

/** Where a verbatim config.json was read: the official file, and the copy actually read when it is not the same. */
const configSourceSchema = z.strictObject({
  url: webUrl,
  readFrom: z.string().min(1),
  read: isoDate,
  /** False when the copy was trimmed or reformatted; the model page then says so. */
  verbatim: z.boolean(),
  note: z.string().optional(),
});

export const sourceSchema = z.strictObject({
  url: webUrl,
  read: isoDate,
  for: z.string().min(1),
});

export const modelKinds = ['base', 'instruct', 'chat', 'code', 'domain-fine-tune', 'preference-tuned'] as const;
export const attentionKinds = ['mha', 'gqa', 'mqa', 'mla'] as const;
export const opennessLevels = ['open', 'partial', 'closed'] as const;

const slidingWindowSchema = z.strictObject({
  /** Tokens each sliding-window layer attends to. */
  size: positiveInteger,
  /** How many of the model's layers use the window (the rest attend to the whole context). */
  layers: positiveInteger,
  note: z.string().optional(),
});

const moeSchema = z.strictObject({
  experts: positiveInteger,
  expertsPerToken: positiveInteger,
  expertIntermediateSize: positiveInteger,
  sharedExperts: nonNegativeInteger.default(0),
  /** Total width of the shared expert(s) together. */
  sharedExpertIntermediateSize: nonNegativeInteger.default(0),
  /** Leading layers that keep a dense MLP of width `intermediateSize`. */
  denseLayers: nonNegativeInteger.default(0),
  routerBias: z.boolean().default(false),
  expertBias: z.boolean().default(false),
});

const mlaSchema = z.strictObject({
  qLoraRank: positiveInteger.nullable(),
  kvLoraRank: positiveInteger,
  qkNopeHeadDim: positiveInteger,
  qkRopeHeadDim: positiveInteger,
  vHeadDim: positiveInteger,
});

export const shapesSchema = z
  .strictObject({
    modelType: z.string().min(1),
    layers: positiveInteger,
    hiddenSize: positiveInteger,
    intermediateSize: positiveInteger,
    attentionHeads: positiveInteger,
    kvHeads: positiveInteger,
    headDim: positiveInteger,
    vocabSize: positiveInteger,
    contextLength: positiveInteger,
    tiedEmbeddings: z.boolean(),
    attention: z.enum(attentionKinds),
    mlp: z.enum(['gated', 'standard']),
    norm: z.enum(['rmsnorm', 'layernorm', 'nonparametric']),
    normsPerLayer: nonNegativeInteger,
    attentionBias: z.boolean().default(false),
    attentionOutputBias: z.boolean().default(false),
    mlpBias: z.boolean().default(false),
    attentionSinks: z.boolean().default(false),
    qkNorm: z.boolean().default(false),
    positionEmbeddings: z.enum(['learned']).optional(),
    slidingWindow: slidingWindowSchema.optional(),
    moe: moeSchema.optional(),
    mla: mlaSchema.optional(),
  })
  .superRefine((arch, context) => {
    const problem = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    if (arch.kvHeads > arch.attentionHeads) problem('kvHeads', 'kvHeads cannot exceed attentionHeads');
    if (arch.attentionHeads % arch.kvHeads !== 0) problem('kvHeads', 'attentionHeads must be a multiple of kvHeads');
    const expected =
      arch.attention === 'mla' ? 'mla' : arch.kvHeads === 1 ? 'mqa' : arch.kvHeads === arch.attentionHeads ? 'mha' : 'gqa';
    if (arch.attention !== expected) problem('attention', `attention is "${arch.attention}" but the head counts make it "${expected}"`);
    if ((arch.attention === 'mla') !== (arch.mla !== undefined)) problem('mla', 'an mla block is required exactly when attention is "mla"');
    if (arch.slidingWindow && arch.slidingWindow.layers > arch.layers) problem('slidingWindow', 'slidingWindow.layers exceeds layers');
    if (arch.moe) {
      if (arch.moe.expertsPerToken > arch.moe.experts) problem('moe', 'expertsPerToken exceeds experts');
      if (arch.moe.denseLayers >= arch.layers) problem('moe', 'denseLayers must leave at least one MoE layer');
    }
  });

export const modelSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'Use lower-case letters, digits, dots and dashes'),
    name: z.string().min(1),
    family: z.string().min(1),
    organization: z.string().min(1),
    kind: z.enum(modelKinds),
    baseModel: z.string().optional(),
    baseModelName: z.string().optional(),
    huggingFaceId: z.string().regex(/^[\w.-]+\/[\w.-]+$/).optional(),
    statedSize: z.string().min(1),
    /** The vendor's own active-parameter figure, with what it counts (embedding included or not). */
    reportedActiveParameters: z.strictObject({ value: parameterCount, convention: z.string().min(1), url: webUrl }).optional(),
    reportedParameters: z
      .strictObject({
        value: parameterCount,
        as: z.string().min(1),
        url: webUrl,
        checkpointBytes: positiveInteger.optional(),
        checkpointDtype: z.string().optional(),
      })
      .optional(),
    shapes: shapesSchema.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    /** A tied model whose checkpoint still stores lm_head.weight: what shows it, and where. */
    storesTiedHead: z.strictObject({ evidence: z.string().min(1), url: webUrl }).optional(),
    configSource: configSourceSchema.optional(),
    license: z.strictObject({
      name: z.string().min(1),
      spdx: z.string().optional(),
      osiApproved: z.boolean(),
      commercialUse: z.enum(['yes', 'restricted', 'no']),
      url: webUrl,
    }),
    openness: z.strictObject({
      weights: z.enum(['open', 'gated', 'closed']),
      trainingData: z.enum(opennessLevels),
      trainingCode: z.enum(opennessLevels),
      evalCode: z.enum(opennessLevels),
      trainingLogs: z.enum(opennessLevels),
    }),
    released: yearMonth,
    languages: z.array(z.string().regex(/^[a-z]{2}$/, 'Use ISO 639-1 codes such as "en"')),
    strengths: z.array(z.string().min(1)).min(1),
    challenges: z.array(z.string().min(1)).min(1),
    variants: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          huggingFaceId: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
          kind: z.enum(modelKinds),
        }),
      )
      .default([]),
    notes: z.string().optional(),
    sources: z.array(sourceSchema).min(1),
  })
  .superRefine((model, context) => {
    if ((model.shapes === undefined) === (model.config === undefined)) {
      context.addIssue({ code: 'custom', path: ['config'], message: 'give the model\'s config.json as `config` (with `configSource`), or a `shapes` block, not both' });
    }
    if (model.config && !model.configSource) context.addIssue({ code: 'custom', path: ['configSource'], message: 'a config needs its configSource: where it was read and when' });
    if (model.kind === 'domain-fine-tune' && !model.baseModel && !model.baseModelName) {
      context.addIssue({ code: 'custom', path: ['baseModel'], message: 'a fine-tune names its baseModel or baseModelName' });
    }
  })
  .transform((model, context) => {
    let architecture: ModelArchitecture;
    try {
      architecture = model.config ? architectureFromConfig(model.config) : architectureFromShapes(model.shapes!);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      context.addIssue({ code: 'custom', path: ['config', ...(error.field?.split('.') ?? [])], message: error.message });
      return z.NEVER;
    }
    if (model.storesTiedHead) {
      if (architecture.output !== null) {
        context.addIssue({ code: 'custom', path: ['storesTiedHead'], message: 'applies only to a model whose config ties the head to the embedding' });
        return z.NEVER;
      }
      architecture = { ...architecture, checkpoint: { ...architecture.checkpoint, storesTiedHead: true } };
    }
    const counted = countParameters(architecture);
    if (counted.total < MIN_MODEL_PARAMETERS) {
      context.addIssue({ code: 'custom', path: [model.config ? 'config' : 'shapes'], message: `describes ${counted.total} parameters; a catalog model has at least ${MIN_MODEL_PARAMETERS.toLocaleString('en-US')}` });
      return z.NEVER;
    }
    return { ...model, architecture, parameters: counted.total, activeParameters: counted.active };
  });

export const gpuSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'Use lower-case letters, digits, dots and dashes'),
  name: z.string().min(1),
  vendor: z.string().min(1),
  kind: z.enum(['consumer', 'datacenter', 'apple-unified']),
  architecture: z.string().min(1),
  released: yearMonth,
  memoryBytes: positiveInteger,
  /**
   * Total memory the driver reports to programs (CUDA's cudaMemGetInfo total, which PyTorch prints as "total
   * capacity" and vLLM as total_gpu_memory): the card's size less what the driver and firmware keep. vLLM and SGLang
   * take their share of this figure. Left out where no published log gives it.
   */
  reportedMemoryBytes: positiveInteger.optional(),
  memoryType: z.string().min(1),
  memoryBandwidthBytesPerSecond: positiveInteger,
  /** Dense FP16/BF16 tensor throughput (no sparsity). */
  fp16Tflops: z.number().positive().optional(),
  fp8Tflops: z.number().positive().optional(),
  int8Tops: z.number().positive().optional(),
  /** Share of memory the GPU may use: 1 for discrete cards, less for unified memory shared with the OS. */
  usableMemoryFraction: z.number().gt(0).lte(1),
  /**
   * Vendor-rated board power in watts (TDP / TGP / max board power) for the variant the file describes; for an
   * Apple machine, the whole computer's published maximum. A source's `for` text names the figure it gives.
   */
  boardPowerWatts: positiveInteger.optional(),
  notes: z.string().optional(),
  sources: z.array(sourceSchema).min(1),
});

export type Source = z.infer<typeof sourceSchema>;
export type ModelKind = (typeof modelKinds)[number];
export type Shapes = z.infer<typeof shapesSchema>;
export type ModelInput = z.input<typeof modelSchema>;
export type Model = z.infer<typeof modelSchema>;
export type Gpu = z.infer<typeof gpuSchema>;
