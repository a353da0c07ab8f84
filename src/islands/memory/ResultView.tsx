/** One configuration's answer: the breakdown as a bar and as numbers, GPU fit, speed, the math, and every GPU. */
import type { ComponentChildren } from 'preact';
import type { ReadonlySignal } from '@preact/signals';
import { useState } from 'preact/hooks';
import { fitAcrossGpus } from '../../lib/memory/answer';
import { explainAnswer } from '../../lib/memory/explain';
import { RUNTIME_LABELS } from '../../lib/runtime/runtime';
import { LIMITS } from '../../lib/memory/defaults';

const MAX_GPUS_PER_SERVER = LIMITS.gpus;
import { formatBytes, formatBytesBoth } from '../../lib/format/bytes';
import { formatInteger, formatRate } from '../../lib/format/numbers';
import type { Evaluated } from '../MemoryCalculator';
import { gpuMemoryLabel } from '../../lib/format/gpu-memory';
import { summarizeMemoryAnswer } from '../../lib/memory/summary';
import CopyLink from '../shared/CopyLink';
import SummaryBar from '../shared/SummaryBar';
import type { CalculatorGpu } from './ConfigForm';

interface Props {
  evaluated: Evaluated;
  gpus: CalculatorGpu[];
  idPrefix: string;
  /** True until the script has read the page address (shared/address.ts). */
  waiting: ReadonlySignal<boolean>;
  /** The cost calculator with this setup filled in, where it can price it. */
  costHref?: string;
}

const SEGMENTS = [
  { key: 'weightsBytes', label: 'Weights', color: 'var(--olg-bar-weights)' },
  { key: 'kvCacheBytes', label: 'KV cache', color: 'var(--olg-bar-kv)' },
  { key: 'activationsBytes', label: 'Activations', color: 'var(--olg-bar-activations)' },
  { key: 'gradientsBytes', label: 'Gradients', color: 'var(--olg-bar-training)' },
  { key: 'optimizerBytes', label: 'Optimizer state', color: 'var(--olg-bar-optimizer)' },
  { key: 'overheadBytes', label: 'Runtime overhead', color: 'var(--olg-bar-overhead)' },
] as const;

const percent = (share: number) => (share > 0 && share < 0.005 ? '<1%' : `${Math.round(share * 100)}%`);

export default function ResultView({ evaluated, gpus, idPrefix, waiting, costHref }: Props) {
  const { answer, request, stale } = evaluated;
  if (evaluated.pending) {
    return <p class="result-pending olg-app-results">Fetch the model's config.json, or paste it, to see a result.</p>;
  }
  if (!answer || !request) {
    return <p class="result-empty olg-app-results">Correct the field marked in red to see a result.</p>;
  }
  const { breakdown, onGpu } = answer;
  // What the activation figure is depends on the runtime: llama.cpp's compute buffers, vLLM's profiled peak and graphs.
  const activationLabel = request.input.mode !== 'inference' ? 'Activations' : breakdown.runtime === 'llama.cpp' ? 'Compute buffers' : breakdown.runtime === 'vllm' ? 'Activations and CUDA graphs' : 'Activations';
  const shown = SEGMENTS.filter((segment) => breakdown[segment.key] > 0).map((segment) => (segment.key === 'activationsBytes' ? { ...segment, label: activationLabel } : segment));
  const total = breakdown.totalBytes;
  const verdicts = { fits: '✓ Fits', tight: '! Fits, but tight', 'does-not-fit': '✕ Does not fit' } as const;

  return (
    <>
      <SummaryBar target={`${idPrefix}-result`} link="Full result" stale={stale}>
        {summarizeMemoryAnswer(answer)
          .split(' · ')
          .map((part, index) => (
            <>
              {index > 0 && ' · '}
              <span class="nowrap">{part}</span>
            </>
          ))}
      </SummaryBar>
      <div class={`result olg-app-results${stale ? ' stale' : ''}`} id={`${idPrefix}-result`} role="group" aria-labelledby={`${idPrefix}-total`}>
        <p class="olg-awaits-note">Reading the settings in the link…</p>
        {stale && <p class="stale-note">Showing the last valid result, dimmed, until the field marked in red is corrected.</p>}
        <div class={`result-body olg-awaits-url${stale ? ' is-stale' : ''}`}>
          <p class="total" id={`${idPrefix}-total`}>
            <span class="total-label">Total</span> <strong>{formatBytes(total, { system: 'decimal' })}</strong>{' '}
            <span class="total-binary">({formatBytes(total, { system: 'binary' })})</span>
          </p>
          <div class="bar" aria-hidden="true">
            {shown.map((segment) => (
              <span style={{ width: `${(breakdown[segment.key] / total) * 100}%`, background: segment.color }} />
            ))}
          </div>
          <table class="breakdown">
            <caption class="sr-only">Memory by component</caption>
            <tbody>
              {shown.map((segment) => (
                <tr>
                  <th scope="row">
                    <span class="swatch" style={{ background: segment.color }} aria-hidden="true" />
                    {segment.label}
                  </th>
                  <td>{formatBytesBoth(breakdown[segment.key])}</td>
                  <td class="share">{percent(breakdown[segment.key] / total)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          {onGpu ? (
            <div class={`fit ${onGpu.placement.verdict}`}>
              <p>
                <strong class="verdict">{verdicts[onGpu.placement.verdict]}</strong> on {onGpu.placement.gpuCount} × {onGpu.gpu.name} with {RUNTIME_LABELS[breakdown.runtime]}:{' '}
                {formatBytes(onGpu.placement.bytesPerGpu, { system: 'binary' })} of {formatBytes(onGpu.placement.usableBytesPerGpu, { system: 'binary' })} usable on the fullest GPU
                {onGpu.gpu.usableMemoryFraction < 1 && ` (macOS lets the GPU use about ${percent(onGpu.gpu.usableMemoryFraction)} of unified memory by default)`}.
                {onGpu.placement.verdict === 'tight' && ' Less than 8% is left: another program on the GPU, or a longer prompt, can push it over.'}
              </p>
              {onGpu.placement.offloadedBytes > 0 && <p>{formatBytes(onGpu.placement.offloadedBytes, { system: 'binary' })} of weights stay in system RAM.</p>}
              {onGpu.placement.maxConcurrentSequences !== null && (
                <p>
                  vLLM's cache pool holds <strong>{formatInteger(onGpu.placement.maxConcurrentSequences)} sequences</strong> of {formatInteger(request.input.contextTokens)} tokens at once.
                </p>
              )}
              {!onGpu.placement.fits && (
                <p>{onGpu.gpusNeeded ? `Needs ${onGpu.gpusNeeded} of these GPUs${onGpu.gpusNeeded > MAX_GPUS_PER_SERVER ? `: more than one ${MAX_GPUS_PER_SERVER}-GPU server, which this calculator does not model` : ''}.` : 'Does not fit on any number of these GPUs: the per-GPU overhead and buffers alone exceed one.'}</p>
              )}
              <p>
                Longest context that fits: <strong>{formatInteger(onGpu.maxContextTokens)} tokens</strong>
                {onGpu.maxContextTokens === request.input.architecture.contextLength && ' (the model’s own limit)'}.
              </p>
              {onGpu.speed && onGpu.decode && (
                <p>
                  {onGpu.decode.low !== null && onGpu.decode.high !== null ? (
                    <>
                      Expect about <strong>{formatRate(onGpu.decode.low)}–{formatRate(onGpu.decode.high)} tokens/s</strong> per sequence on {RUNTIME_LABELS[breakdown.runtime]}: {onGpu.decode.basis}. The bound itself is{' '}
                      {formatRate(onGpu.speed.decodeTokensPerSecondUpperBound)} tokens/s
                    </>
                  ) : (
                    <>
                      Decoding cannot exceed <strong>{formatRate(onGpu.speed.decodeTokensPerSecondUpperBound)} tokens/s</strong> per sequence (a bound: {onGpu.decode.basis})
                    </>
                  )}
                  {request.input.batch > 1 && ` (${formatInteger(onGpu.speed.decodeTokensPerSecondAggregate)} tokens/s across ${request.input.batch} sequences)`}.
                  {onGpu.speed.prefillTokensPerSecondUpperBound !== null &&
                    ` Reading the prompt is bound by compute instead: at most about ${formatInteger(onGpu.speed.prefillTokensPerSecondUpperBound)} tokens/s.`}
                </p>
              )}
              {costHref && (
                <p class="next-step">
                  <a href={costHref}>Serving it at your traffic</a>: how many users one replica serves, and the monthly cost against APIs.
                </p>
              )}
            </div>
          ) : (
            <p class="fit">Choose a GPU to see whether it fits, the longest context and the speed bound.</p>
          )}

          <Disclosure className="math" summary="Show the math">
            {() => (
              <dl>
                {explainAnswer(request.input, answer).map((line) => (
                  <>
                    <dt>
                      {line.label}: <strong>{line.result}</strong>
                    </dt>
                    <dd>{line.formula}</dd>
                  </>
                ))}
              </dl>
            )}
          </Disclosure>

          <CopyLink disabled={waiting} />

          <Disclosure className="fit-list" summary="Which GPUs it fits on">
            {() => (
              <ul>
                {fitAcrossGpus(request.input, gpus).map(({ gpu, gpusNeeded }) => (
                  <li>
                    {gpusNeeded === null ? `✕ ${gpu.name}: does not fit` : `${gpusNeeded} × ${gpu.name}`}{' '}
                    <span class="muted">({gpuMemoryLabel(gpu.memoryBytes)} each)</span>
                  </li>
                ))}
              </ul>
            )}
          </Disclosure>
        </div>
      </div>
    </>
  );
}

/**
 * A closed <details> whose body is worked out only once a reader opens it. Sizing the model on every GPU and
 * writing out the math on each keystroke was a third of the page's main-thread work on a phone profile, for text
 * nobody had opened; rendering it on the server as well made hydration replace it, which cost as much again in
 * layout. So the server renders the same placeholder the browser starts with. Once opened, the body stays
 * rendered and follows the inputs.
 */
function Disclosure({ className, summary, children }: { className: string; summary: string; children: () => ComponentChildren }) {
  const [opened, setOpened] = useState(false);
  return (
    <details class={className} onToggle={(event) => (event.currentTarget as HTMLDetailsElement).open && setOpened(true)}>
      <summary>{summary}</summary>
      {opened ? children() : <p class="muted">Worked out in your browser when opened (this needs JavaScript).</p>}
    </details>
  );
}
