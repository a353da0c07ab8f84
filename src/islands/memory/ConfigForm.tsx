/** One configuration's inputs. Every control is labelled and shows its own error right below it. */
import type { ComponentChildren } from 'preact';
import type { ReadonlySignal } from '@preact/signals';
import type { Model } from '../../lib/catalog/schema';
import { summarize } from '../../lib/architecture/summary';
import type { GpuSpec } from '../../lib/memory/placement';
import type { Mode } from '../../lib/memory/estimate';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from '../../lib/memory/precisions';
import { LORA_TARGETS } from '../../lib/memory/training';
import { CUSTOM_GPU_ID, MEMORY_DEFAULTS, memoryFieldLabel, type Field, type FieldError, type RawRequest } from '../../lib/memory/request';
import { RUNTIME_ALIASES, RUNTIME_DEFAULTS, RUNTIME_IDS, RUNTIME_LABELS, defaultRuntime, type RuntimeId } from '../../lib/runtime/runtime';
import type { WeightPrecisionId } from '../../lib/memory/precisions';
import HubModelField, { HUB_PREFIX } from './HubModelField';
import { gpuOptionLabel } from '../../lib/format/gpu-memory';

export type CalculatorModel = Pick<Model, 'id' | 'name' | 'family' | 'parameters' | 'activeParameters' | 'architecture'>;
export type CalculatorGpu = GpuSpec;

interface Props {
  idPrefix: string;
  raw: RawRequest;
  errors: FieldError[];
  models: CalculatorModel[];
  gpus: CalculatorGpu[];
  /** True until the island has read the page address (shared/address.ts). */
  disabled: ReadonlySignal<boolean>;
  onChange: (patch: RawRequest) => void;
  /** A model read from the Hub or a pasted config, for this configuration. */
  onHubModel: (model: CalculatorModel) => void;
}

/** Label, control, and either a hint or the field's error. Module-level so inputs keep focus across renders. */
function FieldRow({ inputId, label, hint, error, children }: { inputId: string; label: string; hint?: string; error?: string; children: ComponentChildren }) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={inputId}>{label}</label>
      {children}
      {hint && !error && (
        <p class="hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${inputId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export const MODE_LABELS: Record<Mode, string> = { inference: 'Inference', full: 'Full fine-tune', lora: 'LoRA fine-tune', qlora: 'QLoRA fine-tune' };

export default function ConfigForm({ idPrefix, raw, errors, models, gpus, disabled, onChange, onHubModel }: Props) {
  const errorFor = (field: Field) => errors.find((error) => error.field === field)?.message;
  const id = (field: Field) => `${idPrefix}-${field}`;
  const label = (field: Field) => memoryFieldLabel(field, mode as Mode);
  const custom = !raw.model;
  const hub = (raw.model ?? '').startsWith(HUB_PREFIX);
  const mode = raw.mode ?? 'inference';
  const training = mode !== 'inference';
  const model = models.find((candidate) => candidate.id === raw.model);
  const windows = model ? summarize(model.architecture).windows : [];
  const moe = model ? model.architecture.layerKinds.some((kind) => kind.mlp?.kind === 'moe') : false;
  const typedRuntime = (raw.runtime ?? '').toLowerCase();
  const precision = (raw.precision ?? 'bf16') as WeightPrecisionId;
  const runtime: RuntimeId | undefined =
    typedRuntime === '' || typedRuntime === 'auto'
      ? precision in WEIGHT_PRECISIONS
        ? defaultRuntime(mode as Mode, precision)
        : undefined
      : (RUNTIME_IDS as readonly string[]).includes(typedRuntime)
        ? (typedRuntime as RuntimeId)
        : RUNTIME_ALIASES[typedRuntime];
  const severalGpus = Number(raw.gpus ?? '1') > 1;
  const runtimeFields: readonly Field[] = ['split', 'ubatch', 'gpu-layers', 'cpu-moe', 'n-cpu-moe', 'ram-bandwidth-gbs', 'gpu-memory-utilization', 'max-num-batched-tokens'];
  const runtimeTouched = runtimeFields.some((field) => (raw[field] !== undefined && raw[field] !== MEMORY_DEFAULTS[field]) || errorFor(field));

  const describedBy = (field: Field, hint?: boolean) =>
    errorFor(field) ? `${id(field)}-error` : hint ? `${id(field)}-hint` : undefined;
  const text = (field: Field, options: { inputMode?: 'numeric' | 'decimal'; hint?: boolean } = {}) => ({
    id: id(field),
    name: field,
    value: raw[field] ?? '',
    inputMode: options.inputMode ?? 'numeric',
    autoComplete: 'off',
    'aria-invalid': errorFor(field) ? true : undefined,
    'aria-describedby': describedBy(field, options.hint),
    onInput: (event: Event) => onChange({ [field]: (event.currentTarget as HTMLInputElement).value }),
  });
  const select = (field: Field) => ({
    id: id(field),
    name: field,
    value: raw[field] ?? '',
    'aria-invalid': errorFor(field) ? true : undefined,
    'aria-describedby': describedBy(field),
    onChange: (event: Event) => onChange({ [field]: (event.currentTarget as HTMLSelectElement).value }),
  });

  /** Choosing "Custom" starts from the shapes of the model that was selected, so there is something to edit. */
  const chooseModel = (value: string): RawRequest => {
    if (value !== '' || !model || hub) return { model: value };
    const summary = summarize(model.architecture);
    return {
      model: '',
      params: String(model.parameters),
      layers: String(summary.layers),
      hidden: String(summary.hiddenSize),
      heads: String(summary.heads?.query ?? ''),
      'kv-heads': String(summary.heads?.kv ?? ''),
      'head-dim': String(summary.heads?.dim ?? ''),
      vocab: String(summary.vocabSize),
    };
  };
  /** "Your own GPU" starts from the figures of the GPU that was selected, so there is something to edit. */
  const chooseGpu = (value: string): RawRequest => {
    if (value !== CUSTOM_GPU_ID) return { gpu: value };
    const previous = gpus.find((gpu) => gpu.id === raw.gpu);
    return {
      gpu: value,
      'gpu-memory-gib': raw['gpu-memory-gib'] ?? (previous ? String(Math.round((previous.memoryBytes / 2 ** 30) * 10) / 10) : '24'),
      'gpu-bandwidth-gbs': raw['gpu-bandwidth-gbs'] ?? (previous ? String(Math.round(previous.memoryBandwidthBytesPerSecond / 1e9)) : '1000'),
    };
  };
  const selectedTargets = (raw.targets ?? LORA_TARGETS.join(',')).split(',').filter(Boolean);
  const toggleTarget = (target: string, on: boolean) => {
    const next = LORA_TARGETS.filter((name) => (name === target ? on : selectedTargets.includes(name)));
    onChange({ targets: next.join(',') });
  };

  return (
    <fieldset class="config-form" disabled={disabled}>
      <legend class="sr-only">Inputs</legend>
      <FieldRow inputId={id('model')} error={errorFor('model')} label={label('model')}>
        <select {...select('model')} value={hub ? HUB_PREFIX : (raw.model ?? '')} onChange={(event) => onChange(chooseModel(event.currentTarget.value))}>
          {models
            .filter((entry) => !entry.id.startsWith(HUB_PREFIX))
            .map((entry) => (
              <option value={entry.id}>{entry.name}</option>
            ))}
          <option value={HUB_PREFIX}>Any Hugging Face model…</option>
          <option value="">Custom architecture…</option>
        </select>
      </FieldRow>
      {hub && (
        <HubModelField
          idPrefix={idPrefix}
          value={raw.model ?? ''}
          loaded={Boolean(model)}
          onLoaded={(loaded) => {
            onHubModel(loaded);
            onChange({ model: loaded.id });
          }}
        />
      )}
      {custom && (
        <div class="custom-grid">
          <FieldRow inputId={id('params')} error={errorFor('params')} label={label('params')}><input {...text('params')} /></FieldRow>
          <FieldRow inputId={id('layers')} error={errorFor('layers')} label={label('layers')}><input {...text('layers')} /></FieldRow>
          <FieldRow inputId={id('hidden')} error={errorFor('hidden')} label={label('hidden')}><input {...text('hidden')} /></FieldRow>
          <FieldRow inputId={id('heads')} error={errorFor('heads')} label={label('heads')}><input {...text('heads')} /></FieldRow>
          <FieldRow inputId={id('kv-heads')} error={errorFor('kv-heads')} label={label('kv-heads')}><input {...text('kv-heads')} /></FieldRow>
          <FieldRow inputId={id('head-dim')} error={errorFor('head-dim')} label={label('head-dim')} hint="Blank: hidden ÷ heads">
            <input {...text('head-dim', { hint: true })} />
          </FieldRow>
          <FieldRow inputId={id('vocab')} error={errorFor('vocab')} label={label('vocab')}><input {...text('vocab')} /></FieldRow>
        </div>
      )}
      <FieldRow inputId={id('mode')} error={errorFor('mode')} label={label('mode')}>
        <select {...select('mode')}>
          {Object.entries(MODE_LABELS).map(([value, label]) => (
            <option value={value}>{label}</option>
          ))}
        </select>
      </FieldRow>
      <FieldRow inputId={id('precision')} error={errorFor('precision')}
        label={label('precision')}
        hint={mode === 'full' ? 'Full fine-tuning keeps BF16 weights with FP32 master copies.' : mode === 'qlora' ? 'QLoRA keeps the base model in NF4.' : undefined}
      >
        <select {...select('precision')} disabled={mode === 'full' || mode === 'qlora'} aria-describedby={describedBy('precision', training && mode !== 'lora')}>
          {Object.values(WEIGHT_PRECISIONS).map((precision) => (
            <option value={precision.id}>
              {precision.label} ({precision.bitsPerValue} bits)
            </option>
          ))}
        </select>
      </FieldRow>
      {!training && (
        <FieldRow inputId={id('kv-precision')} error={errorFor('kv-precision')} label={label('kv-precision')}>
          <select {...select('kv-precision')}>
            {Object.values(KV_PRECISIONS).map((precision) => (
              <option value={precision.id}>{precision.label}</option>
            ))}
          </select>
        </FieldRow>
      )}
      {!training && (
        <FieldRow inputId={id('runtime')} error={errorFor('runtime')} label={label('runtime')} hint={runtime ? `Counts what ${RUNTIME_LABELS[runtime]} allocates.` : undefined}>
          <select {...select('runtime')} aria-describedby={describedBy('runtime', Boolean(runtime))}>
            <option value="">Usual for the format{runtime && (raw.runtime ?? '') === '' ? ` (${RUNTIME_LABELS[runtime].split(' (')[0]})` : ''}</option>
            {RUNTIME_IDS.map((value) => (
              <option value={value}>{RUNTIME_LABELS[value]}</option>
            ))}
          </select>
        </FieldRow>
      )}
      {!training && runtime && runtime !== 'transformers' && (
        <details class="runtime-settings" open={runtimeTouched}>
          <summary>{runtime === 'vllm' ? 'vLLM settings' : 'llama.cpp settings'}</summary>
          <div class="custom-grid">
            {runtime === 'llama.cpp' && severalGpus && (
              <FieldRow inputId={id('split')} error={errorFor('split')} label={label('split')}>
                <select {...select('split')}>
                  <option value="">By layer (default)</option>
                  <option value="tensor">By tensor (--split-mode row)</option>
                </select>
              </FieldRow>
            )}
            {runtime === 'llama.cpp' && (
              <>
                <FieldRow inputId={id('ubatch')} error={errorFor('ubatch')} label={label('ubatch')} hint={`-ub; ${RUNTIME_DEFAULTS.ubatch} by default`}>
                  <input {...text('ubatch', { hint: true })} />
                </FieldRow>
                <FieldRow inputId={id('gpu-layers')} error={errorFor('gpu-layers')} label={label('gpu-layers')} hint="-ngl; blank for all">
                  <input {...text('gpu-layers', { hint: true })} />
                </FieldRow>
                {moe && (
                  <FieldRow inputId={id('n-cpu-moe')} error={errorFor('n-cpu-moe')} label={label('n-cpu-moe')} hint="--n-cpu-moe: the first N layers">
                    <input {...text('n-cpu-moe', { hint: true })} />
                  </FieldRow>
                )}
                <FieldRow inputId={id('ram-bandwidth-gbs')} error={errorFor('ram-bandwidth-gbs')} label={label('ram-bandwidth-gbs')} hint="For offloaded layers; 89.6 is dual-channel DDR5-5600">
                  <input {...text('ram-bandwidth-gbs', { inputMode: 'decimal', hint: true })} />
                </FieldRow>
              </>
            )}
            {runtime === 'vllm' && (
              <>
                <FieldRow inputId={id('gpu-memory-utilization')} error={errorFor('gpu-memory-utilization')} label={label('gpu-memory-utilization')} hint={`Share of each GPU vLLM takes; ${RUNTIME_DEFAULTS.gpuMemoryUtilization} by default`}>
                  <input {...text('gpu-memory-utilization', { inputMode: 'decimal', hint: true })} />
                </FieldRow>
                <FieldRow inputId={id('max-num-batched-tokens')} error={errorFor('max-num-batched-tokens')} label={label('max-num-batched-tokens')} hint="Blank: vLLM's default for the GPU">
                  <input {...text('max-num-batched-tokens', { hint: true })} />
                </FieldRow>
              </>
            )}
          </div>
          {runtime === 'llama.cpp' && moe && (
            <label class="check">
              <input type="checkbox" checked={raw['cpu-moe'] === 'true'} onChange={(event) => onChange({ 'cpu-moe': String(event.currentTarget.checked) })} />
              Keep every layer's experts in system RAM (--cpu-moe)
            </label>
          )}
        </details>
      )}
      <div class="pair">
        <FieldRow inputId={id('context')} error={errorFor('context')} label={label('context')}>
          <input {...text('context')} />
        </FieldRow>
        <FieldRow inputId={id('batch')} error={errorFor('batch')} label={label('batch')}>
          <input {...text('batch')} />
        </FieldRow>
      </div>
      {(mode === 'lora' || mode === 'qlora') && (
        <>
          <FieldRow inputId={id('rank')} error={errorFor('rank')} label={label('rank')}><input {...text('rank')} /></FieldRow>
          <fieldset class="targets" aria-describedby={errorFor('targets') ? `${id('targets')}-error` : undefined}>
            <legend>{label('targets')}</legend>
            {LORA_TARGETS.map((target) => (
              <label class="check">
                <input type="checkbox" checked={selectedTargets.includes(target)} onChange={(event) => toggleTarget(target, event.currentTarget.checked)} />
                {target}
              </label>
            ))}
            {errorFor('targets') && <p class="error" id={`${id('targets')}-error`}>{errorFor('targets')}</p>}
          </fieldset>
        </>
      )}
      {training && (
        <label class="check">
          <input type="checkbox" checked={raw.checkpointing !== 'false'} onChange={(event) => onChange({ checkpointing: String(event.currentTarget.checked) })} />
          Gradient checkpointing
        </label>
      )}
      {!training && windows.length > 0 && (
        <label class="check">
          <input type="checkbox" checked={raw.swa !== 'false'} onChange={(event) => onChange({ swa: String(event.currentTarget.checked) })} />
          Windowed layers keep only their {windows.map((window) => window.tokens.toLocaleString('en-US')).join(' or ')}-token window
        </label>
      )}
      <div class="pair gpu-pair">
        <FieldRow inputId={id('gpu')} error={errorFor('gpu')} label={label('gpu')}>
          <select {...select('gpu')} onChange={(event) => onChange(chooseGpu(event.currentTarget.value))}>
            <option value="">No GPU chosen</option>
            {gpus.map((gpu) => (
              <option value={gpu.id}>{gpuOptionLabel(gpu)}</option>
            ))}
            <option value={CUSTOM_GPU_ID}>Your own GPU…</option>
          </select>
        </FieldRow>
        <FieldRow inputId={id('gpus')} error={errorFor('gpus')} label={label('gpus')}>
          <input {...text('gpus')} />
        </FieldRow>
      </div>
      {raw.gpu === CUSTOM_GPU_ID && (
        <div class="pair">
          <FieldRow inputId={id('gpu-memory-gib')} error={errorFor('gpu-memory-gib')} label={label('gpu-memory-gib')} hint="The number the card is sold with: a “24 GB” card holds 24 GiB.">
            <input {...text('gpu-memory-gib', { inputMode: 'decimal', hint: true })} />
          </FieldRow>
          <FieldRow inputId={id('gpu-bandwidth-gbs')} error={errorFor('gpu-bandwidth-gbs')} label={label('gpu-bandwidth-gbs')}>
            <input {...text('gpu-bandwidth-gbs', { inputMode: 'decimal' })} />
          </FieldRow>
        </div>
      )}
      <FieldRow inputId={id('overhead-gib')} error={errorFor('overhead-gib')} label={label('overhead-gib')} hint="CUDA context and library workspaces; see “Runtime overhead” below.">
        <input {...text('overhead-gib', { inputMode: 'decimal', hint: true })} />
      </FieldRow>
    </fieldset>
  );
}
