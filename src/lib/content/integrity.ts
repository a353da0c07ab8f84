/**
 * Checks across the entries of a content file or folder, which a schema (one entry at a time) cannot make: an id
 * is unique, and a catalog entry's id is its file's name (other pages and the calculators link by it). Each
 * problem names the file and the field, and the build stops on the first list of them.
 */
import { z } from 'astro/zod';

/** Links a reader can follow: http(s) only, so a `javascript:` or `data:` address is never built into a page. */
export const webUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) address' });

export interface IdentifiedEntry {
  /** Where the entry was read, as the reader would open it (content/models/x.json, or the list's file). */
  file: string;
  id: unknown;
  /** For entries of a folder: the id the file name gives. */
  fileId?: string;
}

export function idProblems(entries: readonly IdentifiedEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (typeof entry.id !== 'string' || entry.id === '') {
      problems.push(`${entry.file}: id must be a non-empty string`);
      return;
    }
    if (entry.fileId !== undefined && entry.id !== entry.fileId) {
      problems.push(`${entry.file}: id "${entry.id}" must match the file name ("${entry.fileId}")`);
    }
    const first = seen.get(entry.id);
    if (first === undefined) seen.set(entry.id, index);
    else problems.push(`${entry.file}: id "${entry.id}" is used twice (entries ${first + 1} and ${index + 1})`);
  });
  return problems;
}

export function assertUniqueIds(entries: readonly IdentifiedEntry[]): void {
  const problems = idProblems(entries);
  if (problems.length) throw new Error(`Content ids:\n  ${problems.join('\n  ')}`);
}
