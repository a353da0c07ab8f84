/**
 * Base vs instruct, side by side: the same prompt goes raw to the base model and through the chat template to its
 * instruct sibling, each in its own worker. No model code loads until the reader presses "Load models".
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { chooseDtype, downloadPlan, externalDataChunks, modelSourceDescription, type DemoPair } from '../lib/demo/registry';
import { detectDevice, type DeviceSupport } from '../demo/device';
import { resolveDevice as resolveDeviceFor } from '../lib/demo/device';
import type { DemoDevice, ModelSource, WorkerEvent, WorkerRequest } from '../demo/protocol';
import { OutputPanel, ROLES, type Panel, type Role } from './demo/OutputPanel';
import { formatBytes } from '../lib/format/bytes';

interface Props {
  pairs: DemoPair[];
  source: ModelSource;
}


const PRESETS = [
  { label: 'A question', prompt: 'What is the capital of France?' },
  { label: 'An instruction', prompt: 'Write a haiku about the sea.' },
  { label: 'A translation', prompt: 'Translate into French: Where is the train station?' },
  { label: 'A list to continue', prompt: 'Things to pack for a beach trip:\n1. Sunscreen\n2. Towel\n3.' },
  { label: 'A greeting', prompt: 'Hello! How are you today?' },
];

const idle = (): Panel => ({ status: 'idle', files: {} });

export default function Demo({ pairs, source }: Props) {
  const pairId = useSignal(pairs[0]!.id);
  const choice = useSignal<'auto' | DemoDevice>('auto');
  const support = useSignal<DeviceSupport | null>(null);
  const device = useSignal<{ device: DemoDevice; why: string } | null>(null);
  const panels = useSignal<Record<Role, Panel>>({ base: idle(), instruct: idle() });
  const prompt = useSignal(PRESETS[0]!.prompt);
  const maxNewTokens = useSignal('48');
  const temperature = useSignal('0');
  const showTemplate = useSignal(false);
  const notice = useSignal('');
  const workers = useRef<Partial<Record<Role, Worker>>>({});
  /** Streamed text not yet shown: applied once per frame rather than re-rendering on every token. */
  const pending = useRef<Record<Role, string>>({ base: '', instruct: '' });
  /**
   * Text streamed so far in each panel. Rendered as a signal bound straight to its text node, so a frame's new text
   * updates that one node instead of re-rendering the island: the models share the CPU with the page while they run.
   */
  const streamed: Record<Role, Signal<string>> = { base: useSignal(''), instruct: useSignal('') };
  const frame = useRef(0);
  const ready = useSignal(false);

  const pair = pairs.find((entry) => entry.id === pairId.value) ?? pairs[0]!;
  useEffect(() => {
    ready.value = true;
    void detectDevice().then((found) => (support.value = found));
    return () => ROLES.forEach((role) => workers.current[role]?.terminate());
  }, []);

  const update = (role: Role, change: Partial<Panel> | ((panel: Panel) => Partial<Panel>)) => {
    const current = panels.value[role];
    panels.value = { ...panels.value, [role]: { ...current, ...(typeof change === 'function' ? change(current) : change) } };
  };

  const resolveDevice = () => resolveDeviceFor(choice.value, support.value);

  const onEvent = (role: Role, event: WorkerEvent) => {
    switch (event.type) {
      case 'progress': {
        const data = event.data as { status?: string; file?: string; loaded?: number; total?: number };
        if (data.file && typeof data.loaded === 'number' && typeof data.total === 'number') {
          update(role, (panel) => ({ files: { ...panel.files, [data.file!]: { loaded: data.loaded!, total: data.total! } } }));
        }
        break;
      }
      case 'ready':
        update(role, { status: 'ready', dtype: event.dtype, contextTokens: event.contextTokens });
        break;
      case 'prompt':
        update(role, { prompt: { text: event.text, tokens: event.tokens } });
        break;
      case 'token':
        pending.current[role] += event.text;
        frame.current ||= requestAnimationFrame(flush);
        break;
      case 'done':
        flush();
        update(role, { status: 'ready', stats: event.stats });
        break;
      case 'error':
        // Whatever streamed before a failure stays on screen.
        flush();
        if (event.reload) {
          // Transformers.js chains session creation on one promise per worker, so a failed load poisons later
          // loads in that worker, and a runtime failure (out of memory, device lost) leaves its session unusable:
          // Retry starts from a new worker. Only a failed download needs the files fetched again.
          workers.current[role]?.terminate();
          delete workers.current[role];
          const retry = event.phase === 'load' ? 'download' : 'reload';
          update(role, { status: 'error', error: event.message, retry });
        } else {
          update(role, { status: 'ready', error: event.message });
        }
        break;
    }
  };

  function flush() {
    cancelAnimationFrame(frame.current);
    frame.current = 0;
    for (const role of ROLES) {
      const text = pending.current[role];
      if (!text) continue;
      pending.current[role] = '';
      streamed[role].value += text;
    }
  }

  const workerFor = (role: Role): Worker => {
    const existing = workers.current[role];
    if (existing) return existing;
    const worker = new Worker(new URL('../demo/worker.ts', import.meta.url), { type: 'module', name: `${role} model` });
    worker.onmessage = (message: MessageEvent<WorkerEvent>) => onEvent(role, message.data);
    worker.onerror = (error) => {
      error.preventDefault();
      worker.terminate();
      delete workers.current[role];
      flush();
      update(role, { status: 'error', retry: 'reload', error: `The ${role} model's worker stopped unexpectedly${error.message ? `: ${error.message}` : ''}.` });
    };
    workers.current[role] = worker;
    return worker;
  };

  const send = (role: Role, request: WorkerRequest) => workerFor(role).postMessage(request);

  const load = (role: Role, fresh = false) => {
    const chosen = device.value ?? resolveDevice();
    device.value = chosen;
    const model = pair[role];
    update(role, { ...idle(), status: 'loading' });
    streamed[role].value = '';
    const dtype = chooseDtype(model, chosen.device, support.value?.shaderF16 ?? false);
    send(role, {
      type: 'load',
      repo: model.repo,
      revision: model.revision,
      dtype,
      externalDataChunks: externalDataChunks(model, dtype),
      device: chosen.device,
      source,
      fresh,
    });
  };

  const loadAll = () => {
    device.value = resolveDevice();
    ROLES.forEach((role) => load(role));
  };

  const anyGenerating = ROLES.some((role) => panels.value[role].status === 'generating');
  const bothReady = ROLES.every((role) => panels.value[role].status === 'ready');
  const limits = { max: Number(maxNewTokens.value), temperature: Number(temperature.value) };
  const settingsError =
    !Number.isInteger(limits.max) || limits.max < 1 || limits.max > 1024
      ? 'Max new tokens must be a whole number from 1 to 1,024.'
      : !Number.isFinite(limits.temperature) || limits.temperature < 0 || limits.temperature > 2
        ? 'Temperature must be a number from 0 (greedy) to 2.'
        : '';

  const run = () => {
    if (anyGenerating || !bothReady || settingsError || !prompt.value.trim()) return;
    for (const role of ROLES) {
      pending.current[role] = '';
      streamed[role].value = '';
      update(role, { status: 'generating', stats: undefined, error: undefined });
      send(role, { type: 'generate', prompt: prompt.value, chat: role === 'instruct', maxNewTokens: limits.max, temperature: limits.temperature });
    }
  };
  const stop = () => ROLES.forEach((role) => workers.current[role]?.postMessage({ type: 'interrupt' } satisfies WorkerRequest));

  useEffect(() => {
    if (!showTemplate.value || !bothReady) return;
    const timer = setTimeout(() => ROLES.forEach((role) => send(role, { type: 'inspect', prompt: prompt.value, chat: role === 'instruct' })), 200);
    return () => clearTimeout(timer);
  }, [showTemplate.value, prompt.value, bothReady]);

  const clearCache = async () => {
    const removed = 'caches' in window ? await caches.delete('transformers-cache') : false;
    notice.value = removed ? 'Downloaded model files were removed from this browser.' : 'No downloaded model files were stored in this browser.';
  };

  const plan = downloadPlan(pair, (device.value?.device ?? resolveDevice().device), support.value?.shaderF16 ?? false);
  const loading = ROLES.some((role) => panels.value[role].status === 'loading');
  const started = ROLES.some((role) => panels.value[role].status !== 'idle');

  return (
    <div class="demo olg-tool not-content">
      <fieldset disabled={!ready.value || loading || anyGenerating}>
        <legend>Models</legend>
        <div class="row">
          <label>
            Pair
            <select value={pairId.value} disabled={started} onChange={(event) => (pairId.value = event.currentTarget.value)}>
              {pairs.map((entry) => (
                <option value={entry.id}>{entry.label}</option>
              ))}
            </select>
          </label>
          <label>
            Run on
            <select value={choice.value} disabled={started} onChange={(event) => (choice.value = event.currentTarget.value as 'auto' | DemoDevice)}>
              <option value="auto">Best available</option>
              <option value="webgpu">WebGPU</option>
              <option value="wasm">WebAssembly (CPU)</option>
            </select>
          </label>
        </div>
        {!started && (
          <p class="plan">
            Loading downloads {plan.files.length} files from {modelSourceDescription(source)}: about{' '}
            <strong>{formatBytes(plan.knownBytes, { system: 'decimal' })}</strong>
            {plan.incomplete && ' plus files whose size is not listed'}. Your browser keeps them, so a second visit starts at once.
            Base: <code>{pair.base.repo}</code>; instruct: <code>{pair.instruct.repo}</code>; licence {pair.license}.
          </p>
        )}
        <div class="row">
          <button type="button" class="primary" onClick={loadAll} disabled={started}>
            Load models
          </button>
          <button type="button" onClick={() => void clearCache()}>
            Clear downloaded files
          </button>
        </div>
        {device.value && <p class="device" role="status">{device.value.why}</p>}
        {notice.value && <p class="device">{notice.value}</p>}
      </fieldset>

      <fieldset disabled={!ready.value}>
        <legend>Prompt</legend>
        <div class="presets" role="group" aria-label="Example prompts">
          {PRESETS.map((preset) => (
            <button type="button" aria-pressed={prompt.value === preset.prompt} onClick={() => (prompt.value = preset.prompt)}>
              {preset.label}
            </button>
          ))}
        </div>
        <label for="demo-prompt">Prompt</label>
        <textarea id="demo-prompt" rows={3} value={prompt.value} onInput={(event) => (prompt.value = event.currentTarget.value)} />
        <div class="row">
          <label>
            Max new tokens
            <input inputMode="numeric" value={maxNewTokens.value} aria-invalid={settingsError.startsWith('Max') || undefined} onInput={(event) => (maxNewTokens.value = event.currentTarget.value)} />
          </label>
          <label>
            Temperature (0 = greedy)
            <input inputMode="decimal" value={temperature.value} aria-invalid={settingsError.startsWith('Temp') || undefined} onInput={(event) => (temperature.value = event.currentTarget.value)} />
          </label>
          <label class="check">
            <input type="checkbox" checked={showTemplate.value} onChange={(event) => (showTemplate.value = event.currentTarget.checked)} />
            Show the exact prompts
          </label>
        </div>
        {settingsError && <p class="error">{settingsError}</p>}
        <div class="row">
          <button type="button" class="primary" onClick={run} disabled={!bothReady || anyGenerating || Boolean(settingsError) || !prompt.value.trim()}>
            Run both
          </button>
          <button type="button" onClick={stop} disabled={!anyGenerating}>
            Stop
          </button>
        </div>
      </fieldset>

      <div class="panels">
        {ROLES.map((role) => (
          <OutputPanel role={role} panel={panels.value[role]} streamed={streamed[role]} repo={pair[role].repo} showTemplate={showTemplate.value} onRetry={() => load(role, panels.value[role].retry !== 'reload')} />
        ))}
      </div>
    </div>
  );
}
