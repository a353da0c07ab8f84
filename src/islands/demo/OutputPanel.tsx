/** One model's panel in the demo: download progress, errors with their Retry, the exact prompt, the output. */
import { useSignalEffect, type Signal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { DemoDtype, GenerationStats, LoadFailure } from '../../demo/protocol';
import { formatBytes } from '../../lib/format/bytes';
import { decodeTokensPerSecond } from '../../lib/demo/speed';

export type Role = 'base' | 'instruct';
export const ROLES: Role[] = ['base', 'instruct'];

export interface Panel {
  /** `preparing`: every file is here; ONNX Runtime builds the session and runs a warm-up step. */
  status: 'idle' | 'loading' | 'preparing' | 'ready' | 'generating' | 'error';
  files: Record<string, { loaded: number; total: number }>;
  prompt?: { text: string; tokens: number };
  stats?: GenerationStats;
  error?: string;
  /** After a failure that left the model unusable: what Retry does (download again, or reload from the cache). */
  retry?: 'download' | 'reload';
  failure?: LoadFailure;
  /** While generating: tokens so far (special tokens not counted) and the time since the first. */
  live?: { tokens: number; sinceFirstMs: number };
  dtype?: DemoDtype;
  contextTokens?: number;
}

interface OutputPanelProps {
  role: Role;
  panel: Panel;
  /** The model's output: streamed in while it generates, kept after it stops or fails. */
  streamed: Signal<string>;
  repo: string;
  showTemplate: boolean;
  onRetry: () => void;
}

export function OutputPanel({ role, panel, streamed, repo, showTemplate, onRetry }: OutputPanelProps) {
  const files = Object.values(panel.files);
  const loaded = files.reduce((sum, file) => sum + file.loaded, 0);
  const total = files.reduce((sum, file) => sum + file.total, 0);
  const title = role === 'base' ? 'Base model: continues the text' : 'Instruct model: answers the request';
  // The output box scrolls; while the reader has not scrolled up, new text keeps it at the bottom. Scroll events
  // arrive after more text may have landed, so "scrolled up" means above where this code last put the box.
  const output = useRef<HTMLPreElement>(null);
  const followsEnd = useRef(true);
  const placedAt = useRef(0);
  useSignalEffect(() => {
    if (streamed.value === '') followsEnd.current = true;
    const box = output.current;
    if (!box || !followsEnd.current) return;
    box.scrollTop = box.scrollHeight;
    placedAt.current = box.scrollTop;
  });
  return (
    <section class={`panel ${panel.status}`} aria-labelledby={`demo-${role}-title`} aria-busy={panel.status === 'loading' || panel.status === 'preparing' || panel.status === 'generating'}>
      <h2 id={`demo-${role}-title`}>{title}</h2>
      <p class="repo">
        <code>{repo}</code>
        {panel.dtype && ` · ${panel.dtype}`}
      </p>
      {panel.status === 'loading' && (
        <div class="progress">
          <progress max={total || 1} value={loaded} aria-label={`Downloading the ${role} model`} />
          <ul>
            {Object.entries(panel.files).map(([file, progress]) => (
              <li>
                {file}: {formatBytes(progress.loaded, { system: 'decimal' })}
                {progress.total ? ` of ${formatBytes(progress.total, { system: 'decimal' })}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {panel.status === 'preparing' && <p class="preparing">Preparing the model… (building the runtime session and running one warm-up step)</p>}
      {panel.error && (
        <div class="panel-error" role="alert">
          <p>{panel.error}</p>
          {panel.status === 'error' && (
            <button type="button" onClick={onRetry}>
              {panel.retry === 'reload' ? 'Reload the model' : 'Retry loading'}
            </button>
          )}
        </div>
      )}
      {showTemplate && panel.prompt && (
        <details open>
          <summary>Exact prompt ({panel.prompt.tokens} tokens{panel.contextTokens ? ` of ${panel.contextTokens}` : ''})</summary>
          <pre class="template">{panel.prompt.text}</pre>
        </details>
      )}
      <pre
        class="output"
        aria-live="off"
        tabIndex={0}
        ref={output}
        onScroll={(event) => {
          const box = event.currentTarget;
          followsEnd.current = box.scrollTop >= placedAt.current - 8 || box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
        }}
      >
        {/* While generating, the signal itself is the child: Preact updates its text node without re-rendering. */}
        {panel.status === 'generating' ? streamed : streamed.value || (panel.status === 'ready' ? 'Ready.' : panel.status === 'idle' ? 'Not loaded yet.' : panel.status === 'preparing' ? 'Preparing the model…' : '')}
      </pre>
      {panel.status === 'generating' && panel.live && (
        <p class="stats">
          {panel.live.tokens} tokens so far · {decodeTokensPerSecond(panel.live.tokens, panel.live.sinceFirstMs).toFixed(1)} tokens/s
        </p>
      )}
      {panel.stats && (
        <p class="stats">
          {panel.stats.tokens} tokens · first after {Math.round(panel.stats.timeToFirstTokenMs)} ms · {panel.stats.tokensPerSecond.toFixed(1)} tokens/s
          {panel.stats.interrupted && ' · stopped'}
        </p>
      )}
    </section>
  );
}
