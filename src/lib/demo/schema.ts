/** Schema of content/demo-models.json. Adding a pair is a data change only. */
import { z } from 'astro/zod';
import { webUrl } from '../content/integrity';

/** `bytes` is null when no source gives the size. */
const fileSchema = z.strictObject({ file: z.string().min(1), bytes: z.number().int().positive().nullable() });

/**
 * An ONNX graph, with its weights in `data` files when the export keeps them outside the graph. Transformers.js
 * fetches those by name (`model_q4.onnx_data`, then `model_q4.onnx_data_1`...), so the names must follow suit.
 */
const weightsSchema = fileSchema
  .extend({ data: z.array(fileSchema).min(1).optional() })
  .refine(
    (entry) => (entry.data ?? []).every((chunk, index) => chunk.file === `${entry.file}_data${index === 0 ? '' : `_${index}`}`),
    { message: 'external data files must be named <graph>_data, <graph>_data_1, ... in order', path: ['data'] },
  );

const modelSchema = z.strictObject({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  revision: z.string().min(1),
  /** null: not verified either way (the demo sends a base model raw text, so it does not depend on it). */
  hasChatTemplate: z.boolean().nullable(),
  files: z.partialRecord(z.enum(['fp32', 'fp16', 'q8', 'q4', 'q4f16']), weightsSchema),
  otherFiles: z.array(fileSchema),
  sources: z.array(z.strictObject({ url: webUrl, for: z.string() })),
});

export const demoRegistrySchema = z.strictObject({
  pairs: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        label: z.string().min(1),
        catalogModel: z.string().optional(),
        license: z.string().min(1),
        base: modelSchema,
        instruct: modelSchema,
      }),
    )
    .min(1),
});

export type DemoRegistry = z.infer<typeof demoRegistrySchema>;
export type DemoPair = DemoRegistry['pairs'][number];
export type DemoModel = DemoPair['base'];
