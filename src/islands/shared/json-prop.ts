/**
 * Large island props travel as one JSON string. Astro serialises an object prop value by value, each wrapped with
 * its type, and revives it in the browser one value at a time: for the catalogs the tools carry (about 170 KB)
 * that revival was the largest single piece of their hydration on a phone profile. A string prop is revived as
 * one value and parsed by the browser's own JSON parser, and its text is smaller too.
 */
import { useMemo } from 'preact/hooks';

/** What a component page writes: `modelsJson={toJsonProp(models)}`. */
export const toJsonProp = (value: unknown): string => JSON.stringify(value);

/** What the island reads back, parsed once per mount. */
export function useJsonProp<T>(text: string): T {
  return useMemo(() => JSON.parse(text) as T, [text]);
}
