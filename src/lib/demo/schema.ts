/** Schema of content/demo-models.json. Adding a pair is a data change only. */
import { z } from 'astro/zod';

const fileSchema = z.strictObject({ file: z.string().min(1), bytes: z.number().int().positive().nullable() });

const modelSchema = z.strictObject({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  revision: z.string().min(1),
  hasChatTemplate: z.boolean(),
  files: z.partialRecord(z.enum(['fp32', 'fp16', 'q8', 'q4', 'q4f16']), fileSchema),
  otherFiles: z.array(fileSchema),
  sources: z.array(z.strictObject({ url: z.url(), for: z.string() })),
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
