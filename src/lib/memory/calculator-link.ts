/**
 * The memory calculator's address for one setting, as the tools and the guide link to it: a model, a weight
 * format, a context and, when there is one, the GPU and how many. The finder's "Size it in the calculator" link and
 * the shortlist's links are built here, so they stay readable by the calculator (src/lib/memory/url-state.ts).
 */
export interface CalculatorLink {
  modelId: string;
  precision?: string;
  contextTokens: number;
  /** A catalog GPU id, or 'none' to ask for the memory alone; left out, the calculator picks its default card. */
  gpuId?: string;
  gpuCount?: number;
}

/** The query string (without "?"): model, precision, context, gpu and gpus, in that order. */
export function memoryCalculatorQuery(link: CalculatorLink): string {
  const params = new URLSearchParams({ model: link.modelId });
  if (link.precision) params.set('precision', link.precision);
  params.set('context', String(link.contextTokens));
  if (link.gpuId) params.set('gpu', link.gpuId);
  if (link.gpuId && link.gpuId !== 'none' && link.gpuCount !== undefined) params.set('gpus', String(link.gpuCount));
  return params.toString();
}
