/**
 * The memory calculator's starting answer, worked out when the site is built: the page opens on it, so the phone
 * that hydrates the island does not run the engine (and compile it) before the reader has asked anything. The
 * island uses it only while the inputs are exactly the defaults; any change runs the engine as usual.
 */
import type { SpeedCalibration } from '../runtime/speed';
import { answerMemoryRequest, type MemoryAnswer } from './answer';
import type { GpuSpec } from './placement';
import { MEMORY_DEFAULTS, parseMemoryRequest, type MemoryCatalog, type RawRequest } from './request';
import { encodeConfigurations } from './url-state';

export interface StartingAnswer {
  /** The address query the answer belongs to: the defaults, encoded as the page encodes its inputs. */
  key: string;
  answer: MemoryAnswer;
}

export function startingAnswer(catalog: MemoryCatalog & { gpus: readonly GpuSpec[] }, calibration: SpeedCalibration): StartingAnswer | null {
  const parsed = parseMemoryRequest(MEMORY_DEFAULTS, catalog);
  if (!parsed.ok) return null;
  return { key: encodeConfigurations([MEMORY_DEFAULTS]), answer: answerMemoryRequest(parsed.request, catalog.gpus, calibration) };
}

/** The stored answer when the inputs are the ones it was built for, else undefined. */
export function storedAnswerFor(configs: readonly RawRequest[], starting: StartingAnswer | null): MemoryAnswer | undefined {
  return starting && configs.length === 1 && encodeConfigurations(configs) === starting.key ? starting.answer : undefined;
}
