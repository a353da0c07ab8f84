/**
 * Base vs instruct, side by side: the same prompt goes raw to the base model and through the chat template to its
 * instruct sibling, each in its own worker. No model code loads until the reader presses "Load models".
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { chooseDtype, downloadPlan, modelFiles, modelSourceDescription, type DemoPair } from '../lib/demo/registry';
import { detectDevice, readMemoryHints, type DeviceSupport } from '../demo/device';
import { preflight, type MemoryHints } from '../lib/demo/preflight';
import { runtimeBuildFor, type RuntimeBuild } from '../lib/demo/runtime';
import { resolveDevice as resolveDeviceFor } from '../lib/demo/device';
import type { DemoDevice, ModelSource, WorkerEvent, WorkerRequest } from '../demo/protocol';
import { OutputPanel, ROLES, type Panel, type Role } from './demo/OutputPanel';
import { formatBytes } from '../lib/format/bytes';

interface Props {
  pairs: DemoPair[];
  source: ModelSource;
  /** ONNX Runtime's WebAssembly files per build, served by this site (counted at build time). */
  runtimeBytes: Record<RuntimeBuild, number>;
}


const PRESETS = [
  { label: 'A question', prompt: 'What is the capital of France?' },
  { label: 'An instruction', prompt: 'Write a haiku about the sea.' },
  { label: 'A translation', prompt: 'Translate into French: Where is the train station?' },
  { label: 'A list to continue', prompt: 'Things to pack for a beach trip:\n1. Sunscreen\n2. Towel\n3.' },
  { label: 'A greeting', prompt: 'Hello! How are you today?' },
];

const idle = (): Panel => ({ status: 'idle', files: {} });
/** Download and memory sizes, in decimal units as the Hub lists files. */
const size = (bytes: number) => formatBytes(bytes, { system: 'decimal' });

/**
 * The page's own bound on a load, for whatever the worker's download timers cannot see (a worker that hangs): no
 * word from a downloading worker for this long, or a session that takes this long to build, ends the load with an
 * error and a Retry.
 */
const SILENT_DOWNLOAD_MS = 60_000;
const PREPARE_MS = 180_000;
/** How long a worker gets to free its model before it is ended anyway. */
const UNLOAD_MS = 2_000;

export default function Demo({ pairs, source, runtimeBytes }: Props) {
  const pairId = useSignal(pairs[0]!.id);
  const choice = useSignal<'auto' | DemoDevice>('auto');
  const support = useSignal<DeviceSupport | null>(null);
  const memory = useSignal<MemoryHints | null>(null);
  const runtime = useSignal<RuntimeBuild>('asyncify');
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
  /** When each worker last said anything during a load (for the page's bound on a load). */
  const heardAt = useRef<Record<Role, number>>({ base: 0, instruct: 0 });
  /** Streamed token counts not yet shown, applied with the text. */
  const pendingLive = useRef<Partial<Record<Role, Panel['live']>>>({});
  const panelsBox = useRef<HTMLDivElement>(null);

  const pair = pairs.find((entry) => entry.id === pairId.value) ?? pairs[0]!;
  useEffect(() => {
    ready.value = true;
    memory.value = readMemoryHints();
    runtime.value = runtimeBuildFor(navigator.userAgent, navigator.vendor, 'gpu' in navigator);
    void detectDevice().then((found) => (support.value = found));
    return () => ROLES.forEach((role) => workers.current[role]?.terminate());
  }, []);

  const update = (role: Role, change: Partial<Panel> | ((panel: Panel) => Partial<Panel>)) => {
    const current = panels.value[role];
    panels.value = { ...panels.value, [role]: { ...current, ...(typeof change === 'function' ? change(current) : change) } };
  };

  const resolveDevice = () => resolveDeviceFor(choice.value, support.value);

  const onEvent = (role: Role, event: WorkerEvent) => {
    heardAt.current[role] = Date.now();
    switch (event.type) {
      case 'progress': {
        const data = event.data as { status?: string; file?: string; loaded?: number; total?: number };
        if (data.file && typeof data.loaded === 'number' && typeof data.total === 'number') {
          update(role, (panel) => ({ files: { ...panel.files, [data.file!]: { loaded: data.loaded!, total: data.total! } } }));
        }
        break;
      }
      case 'preparing':
        update(role, { status: 'preparing' });
        break;
      case 'ready':
        update(role, { status: 'ready', dtype: event.dtype, contextTokens: event.contextTokens });
        break;
      case 'prompt':
        update(role, { prompt: { text: event.text, tokens: event.tokens } });
        break;
      case 'token':
        pending.current[role] += event.text;
        pendingLive.current[role] = { tokens: event.tokens, sinceFirstMs: event.sinceFirstMs };
        frame.current ||= requestAnimationFrame(flush);
        break;
      case 'done':
        flush();
        update(role, { status: 'ready', stats: event.stats, live: undefined });
        break;
      case 'error':
        // Whatever streamed before a failure stays on screen.
        flush();
        if (event.reload) {
          // Transformers.js chains session creation on one promise per worker, so a failed load poisons later
          // loads in that worker, and a runtime failure (out of memory, device lost) leaves its session unusable:
          // Retry starts from a new worker. The worker has already removed any file the failure proved corrupt;
          // the cache serves the rest, so Retry downloads only what is missing.
          workers.current[role]?.terminate();
          delete workers.current[role];
          const retry = event.phase === 'load' ? 'download' : 'reload';
          update(role, { status: 'error', error: event.message, retry, failure: event.failure, live: undefined });
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
      const live = pendingLive.current[role];
      if (live) update(role, { live });
      delete pendingLive.current[role];
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

  const load = (role: Role) => {
    const chosen = device.value ?? resolveDevice();
    device.value = chosen;
    const model = pair[role];
    const dtype = chooseDtype(model, chosen.device, support.value?.shaderF16 ?? false);
    const { files, dataFiles, bytes } = modelFiles(model, dtype);
    // One bar per model, sized from the registry from the start (files without a listed size count once they arrive).
    update(role, { ...idle(), status: 'loading', files: Object.fromEntries(files.map((file) => [file, { loaded: 0, total: bytes[file] ?? 0 }])) });
    streamed[role].value = '';
    heardAt.current[role] = Date.now();
    send(role, { type: 'load', repo: model.repo, revision: model.revision, dtype, files, dataFiles, device: chosen.device, source, runtime: runtime.value });
  };

  const loadAll = () => {
    device.value = resolveDevice();
    ROLES.forEach((role) => load(role));
  };

  /** Frees both models (the worker's `reset`, then the worker itself) and goes back to choosing a pair and device. */
  const unloadAll = async () => {
    flush();
    await Promise.all(
      ROLES.map(async (role) => {
        const worker = workers.current[role];
        delete workers.current[role];
        if (!worker) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, UNLOAD_MS);
          worker.onmessage = ({ data }: MessageEvent<WorkerEvent>) => data.type === 'unloaded' && (clearTimeout(timer), resolve());
          worker.postMessage({ type: 'reset' } satisfies WorkerRequest);
        });
        worker.terminate();
      }),
    );
    ROLES.forEach((role) => (streamed[role].value = ''));
    panels.value = { base: idle(), instruct: idle() };
    device.value = null;
  };

  const retryOnWasm = async () => {
    await unloadAll();
    choice.value = 'wasm';
    loadAll();
  };

  // The page's bound on a load: a worker silent too long while downloading, or building its session too long.
  useEffect(() => {
    const waiting = ROLES.filter((role) => ['loading', 'preparing'].includes(panels.value[role].status));
    if (waiting.length === 0) return;
    const timer = setInterval(() => {
      for (const role of waiting) {
        const { status } = panels.value[role];
        const silentMs = Date.now() - heardAt.current[role];
        if ((status === 'loading' && silentMs > SILENT_DOWNLOAD_MS) || (status === 'preparing' && silentMs > PREPARE_MS)) {
          workers.current[role]?.terminate();
          delete workers.current[role];
          const what = status === 'loading' ? `no data arrived for ${SILENT_DOWNLOAD_MS / 1000} s` : `preparing took over ${PREPARE_MS / 1000} s`;
          update(role, { status: 'error', retry: 'download', failure: 'network', error: `Loading failed: ${what}. Files that arrived are kept.` });
        }
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [panels.value.base.status, panels.value.instruct.status]);

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
      update(role, { status: 'generating', stats: undefined, error: undefined, live: undefined });
      send(role, { type: 'generate', prompt: prompt.value, chat: role === 'instruct', maxNewTokens: limits.max, temperature: limits.temperature });
    }
    // On a phone the answers sit below the prompt: bring them into view.
    const box = panelsBox.current;
    if (box && box.getBoundingClientRect().top > innerHeight * 0.6) box.scrollIntoView({ block: 'start', behavior: 'smooth' });
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

  const planDevice = device.value?.device ?? resolveDevice().device;
  const plan = downloadPlan(pair, planDevice, support.value?.shaderF16 ?? false);
  const check = memory.value && preflight(pairs, pair.id, planDevice, support.value?.shaderF16 ?? false, memory.value);
  const started = ROLES.some((role) => panels.value[role].status !== 'idle');
  const loadErrors = ROLES.filter((role) => panels.value[role].status === 'error' && panels.value[role].retry === 'download');
  const onWebGpu = device.value?.device === 'webgpu';
  const promptLines = prompt.value.split('\n').length;

  return (
    <div class="demo olg-tool not-content">
      <fieldset disabled={!ready.value}>
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
            <strong>{size(plan.knownBytes)}</strong>
            {plan.incomplete && ' plus files whose size is not listed'}, and ONNX Runtime ({size(runtimeBytes[runtime.value])}) from this site. Your browser keeps them, so a second visit starts at once.
            Base: <code>{pair.base.repo}</code>; instruct: <code>{pair.instruct.repo}</code>; licence {pair.license}.
          </p>
        )}
        {!started && check && (
          <div class="preflight">
            <p>
              <strong>Memory:</strong>{' '}
              {check.limitBytes === null
                ? 'this phone does not report its memory, and phones close a tab that takes too much.'
                : `this device reports about ${memory.value!.deviceMemoryGiB} GB of memory, and the browser may close the tab if loading takes more than half of it.`}{' '}
              Loading this pair needs about {size(check.need.peakBytes)} at its peak, since each model's weights are held twice while it is prepared.
              {check.smaller && ` ${check.smaller.label} needs about ${size(check.smaller.peakBytes)}${check.smaller.fits ? '.' : ', which may not fit either.'}`}
            </p>
            {check.smaller && (
              <button type="button" onClick={() => (pairId.value = check.smaller!.pairId)}>
                Use {check.smaller.label}
              </button>
            )}
          </div>
        )}
        <div class="row">
          <button type="button" class="primary" onClick={loadAll} disabled={started}>
            Load models
          </button>
          {started && (
            <button type="button" onClick={() => void unloadAll()}>
              Change models
            </button>
          )}
          <button type="button" onClick={() => void clearCache()}>
            Clear downloaded files
          </button>
        </div>
        {loadErrors.length > 0 && (
          <div class="load-error">
            <p class="error">
              {loadErrors.map((role) => `The ${role} model did not load: ${panels.value[role].error?.replace(/^Loading failed: /, '').replace(/\.?$/, '.')}`).join(' ')} Retry from its panel
              {onWebGpu ? ', or run both models on WebAssembly.' : '.'}
            </p>
            {onWebGpu && (
              <button type="button" onClick={() => void retryOnWasm()}>
                Retry on WebAssembly
              </button>
            )}
          </div>
        )}
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
        <textarea
          id="demo-prompt"
          rows={Math.min(10, Math.max(3, promptLines + 1))}
          value={prompt.value}
          aria-describedby="demo-prompt-keys"
          onInput={(event) => (prompt.value = event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              run();
            }
          }}
        />
        <p id="demo-prompt-keys" class="device">
          Ctrl+Enter (⌘+Enter on a Mac) runs both models.
        </p>
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

      <div class="panels" ref={panelsBox}>
        {ROLES.map((role) => (
          <OutputPanel role={role} panel={panels.value[role]} streamed={streamed[role]} repo={pair[role].repo} showTemplate={showTemplate.value} onRetry={() => load(role)} />
        ))}
      </div>
    </div>
  );
}
