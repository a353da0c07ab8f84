/**
 * The memory calculator: up to three configurations side by side, every input in the address bar. The engine
 * does all the math; this file keeps the raw text of each field, shows each field's own error beside it, and
 * keeps the last good result on screen while an input is being fixed.
 * The result, the errors and the address follow the committed inputs (see shared/committed.ts).
 */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { answerMemoryRequest, type MemoryAnswer } from '../lib/memory/answer';
import type { SpeedCalibration } from '../lib/runtime/speed';
import { MEMORY_DEFAULTS, parseMemoryRequest, type FieldError, type MemoryRequest, type RawRequest } from '../lib/memory/request';
import { MAX_CONFIGURATIONS, decodeConfigurations, encodeConfigurations } from '../lib/memory/url-state';
import ConfigForm, { type CalculatorModel, type CalculatorGpu } from './memory/ConfigForm';
import { HUB_PREFIX } from './memory/HubModelField';
import ResultView from './memory/ResultView';
import { costQueryFor } from '../lib/cost/link';
import { storedAnswerFor, type StartingAnswer } from '../lib/memory/starting';
import ComparisonTable from './memory/ComparisonTable';
import { useCommitted } from './shared/committed';
import { useJsonProp } from './shared/json-prop';
import { keepResultsInView } from './shared/results-in-view';
import { useAddressState } from './shared/address';

interface Props {
  /** The catalog as JSON text (see shared/json-prop.ts). */
  modelsJson: string;
  gpus: CalculatorGpu[];
  /** What published decode runs say of speed, summarised at build time. */
  calibration: SpeedCalibration;
  /** The site's base path, for the link to the cost calculator. */
  base: string;
  /** The answer for the default inputs, worked out at build time (lib/memory/starting.ts), as JSON text. */
  startingJson: string;
}

export interface Evaluated {
  raw: RawRequest;
  errors: FieldError[];
  /** The latest valid request and its answer; on an error, the one before it. */
  request?: MemoryRequest;
  answer?: MemoryAnswer;
  stale: boolean;
  /** A Hugging Face model whose config.json has not been read yet. */
  pending?: boolean;
}

export default function MemoryCalculator({ modelsJson, gpus, calibration, base, startingJson }: Props) {
  const models = useJsonProp<CalculatorModel[]>(modelsJson);
  const starting = useJsonProp<StartingAnswer | null>(startingJson);
  const costCatalog = { modelIds: new Set(models.map((model) => model.id)), gpuIds: new Set(gpus.map((gpu) => gpu.id)) };
  const { live: configs, committed, set, commit } = useCommitted<RawRequest[]>([{ ...MEMORY_DEFAULTS }]);
  const hubModels = useSignal<CalculatorModel[]>([]);
  const addHubModel = (model: CalculatorModel) => {
    hubModels.value = [...hubModels.value.filter((entry) => entry.id !== model.id), model];
  };
  const lastGood = useRef<Array<{ request: MemoryRequest; answer: MemoryAnswer } | undefined>>([]);
  const waiting = useAddressState(
    (search) => {
      // The server rendered the defaults; a link with a bad field must not keep showing their result as its own.
      lastGood.current = [];
      set(decodeConfigurations(search), true);
    },
    () => encodeConfigurations(committed.value),
  );

  const catalog = { models: [...models, ...hubModels.value], gpus };
  const evaluated: Evaluated[] = committed.value.map((raw, index) => {
    // A Hub model waits for its config.json: no error, just the question.
    if (raw.model?.startsWith(HUB_PREFIX) && !catalog.models.some((model) => model.id === raw.model)) return { raw, errors: [], stale: false, pending: true };
    const parsed = parseMemoryRequest(raw, catalog);
    if (parsed.ok) {
      const answer = storedAnswerFor(committed.value, starting) ?? answerMemoryRequest(parsed.request, gpus, calibration);
      lastGood.current[index] = { request: parsed.request, answer };
      return { raw, errors: [], request: parsed.request, answer, stale: false };
    }
    const previous = lastGood.current[index];
    return { raw, errors: parsed.errors, request: previous?.request, answer: previous?.answer, stale: true };
  });

  const update = (index: number, patch: RawRequest) => {
    set(configs.value.map((config, position) => (position === index ? { ...config, ...patch } : config)));
  };
  const addConfiguration = () => {
    commit();
    const list = configs.value;
    if (list.length >= MAX_CONFIGURATIONS) return;
    set([...list, { ...list[list.length - 1]! }], true);
    lastGood.current.push(lastGood.current[list.length - 1]);
  };
  const removeConfiguration = (index: number) => {
    commit();
    set(configs.value.filter((_, position) => position !== index), true);
    lastGood.current.splice(index, 1);
  };
  const compared = evaluated.length > 1;

  return (
    // A change event means a committed value: a choice made, or a text field left or entered.
    <div class="memory-calculator olg-tool not-content" onChange={commit} onFocusIn={keepResultsInView}>
      {compared && <ComparisonTable evaluated={evaluated} models={catalog.models} />}
      <div class={`configurations count-${evaluated.length}`}>
        {evaluated.map((item, index) => (
          <section class="configuration" aria-labelledby={`config-${index}-title`}>
            <div class="configuration-head">
              <h2 id={`config-${index}-title`}>{compared ? `Configuration ${index + 1}` : 'Your setup'}</h2>
              {compared && (
                <button type="button" class="link-button" onClick={() => removeConfiguration(index)} disabled={waiting}>
                  Remove<span class="sr-only"> configuration {index + 1}</span>
                </button>
              )}
            </div>
            <ConfigForm
              idPrefix={`c${index}`}
              raw={configs.value[index] ?? item.raw}
              errors={item.errors}
              models={catalog.models}
              gpus={gpus}
              disabled={waiting}
              onChange={(patch) => update(index, patch)}
              onHubModel={addHubModel}
            />
            <ResultView evaluated={item} gpus={gpus} idPrefix={`c${index}`} waiting={waiting} costHref={costHrefFor(item, costCatalog, base)} />
          </section>
        ))}
      </div>
      {evaluated.length < MAX_CONFIGURATIONS && (
        <button type="button" class="add-configuration" onClick={addConfiguration} disabled={waiting}>
          Compare with another configuration
        </button>
      )}
    </div>
  );
}

/** The cost calculator with this configuration's model, format, GPU and runtime, for inference on catalog entries. */
function costHrefFor(item: Evaluated, catalog: Parameters<typeof costQueryFor>[1], base: string): string | undefined {
  const { request, answer } = item;
  if (!request || !answer || request.input.mode !== 'inference') return undefined;
  const query = costQueryFor({ modelId: request.modelId, gpuId: request.gpuId, precision: request.input.weightPrecision, runtime: answer.breakdown.runtime }, catalog);
  return query ? `${base}calculators/cost/?${query.toString()}` : undefined;
}
