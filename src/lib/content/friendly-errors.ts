/**
 * Validates a content file with its schema and, on failure, throws one error that names the file and every bad
 * field by its path ("content/models/x.json: architecture.kvHeads: kvHeads cannot exceed attentionHeads"), so a
 * bad edit is found without reading a schema dump. After Starlight's parseWithFriendlyErrors.
 */
import type { z } from 'astro/zod';

export class ContentError extends Error {
  override name = 'ContentError';
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index > 0 ? '.' : ''}${String(key)}`)).join('') || '(the whole entry)';
}

export function parseWithFriendlyErrors<S extends z.ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`);
  throw new ContentError(`${where}: ${problems.length === 1 ? problems[0] : `\n  ${problems.join('\n  ')}`}`);
}
