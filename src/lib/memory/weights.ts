/**
 * Bytes of a model's weights in a format, and the bytes one decoding step reads: every weight but the input
 * embedding (a lookup of one row per token) and the experts a token is not sent to.
 */
import { countParameters } from '../architecture/count';
import type { ModelArchitecture } from '../architecture/types';
import { weightsBytesAt, type Precision } from './precisions';

export interface WeightBytes {
  totalBytes: number;
  readPerTokenBytes: number;
}

/**
 * Formats that keep the embedding and head in 16-bit (GPTQ, AWQ, bitsandbytes, FP8) store those at 2 bytes;
 * GGUF whole-file figures already include whatever type llama.cpp gave them. `statedParameters` (a custom
 * architecture's stated total) scales the counts in proportion.
 */
export function weightBytes(architecture: ModelArchitecture, precision: Precision, statedParameters?: number): WeightBytes {
  const counted = countParameters(architecture);
  const scale = statedParameters === undefined ? 1 : statedParameters / counted.total;
  const outer = (counted.embedding + counted.head) * scale;
  // The head a token reads: its own matrix, or the embedding when tied.
  const headRead = (counted.head > 0 ? counted.head : counted.embedding) * scale;
  const outerBits = precision.appliesToEmbeddings ? precision.bitsPerValue : 16;
  return {
    totalBytes: weightsBytesAt(counted.total * scale - outer, precision.bitsPerValue) + weightsBytesAt(outer, outerBits),
    readPerTokenBytes: weightsBytesAt(counted.active * scale - headRead, precision.bitsPerValue) + weightsBytesAt(headRead, outerBits),
  };
}
