/** Configurations side by side, one column each, when the reader compares two or three. */
import { formatBytes } from '../../lib/format/bytes';
import { formatInteger, formatRate } from '../../lib/format/numbers';
import { RUNTIME_LABELS } from '../../lib/runtime/runtime';
import { WEIGHT_PRECISIONS } from '../../lib/memory/precisions';
import { fitTogether } from '../../lib/memory/together';
import type { Evaluated } from '../MemoryCalculator';
import { MODE_LABELS, type CalculatorModel } from './ConfigForm';

interface Props {
  evaluated: Evaluated[];
  models: CalculatorModel[];
}

const gb = (bytes: number) => formatBytes(bytes, { system: 'decimal' });

export default function ComparisonTable({ evaluated, models }: Props) {
  const column = (item: Evaluated) => {
    const { request, answer } = item;
    if (!request || !answer) return undefined;
    const name = models.find((model) => model.id === request.modelId)?.name ?? 'Custom model';
    return { name, request, answer };
  };
  const columns = evaluated.map(column);
  const rows: Array<[string, (entry: NonNullable<ReturnType<typeof column>>) => string]> = [
    ['Model', (entry) => entry.name],
    ['Task', (entry) => MODE_LABELS[entry.request.input.mode]],
    ['Weight format', (entry) => WEIGHT_PRECISIONS[entry.answer.breakdown.weightPrecision].label],
    ['Context × sequences', (entry) => `${formatInteger(entry.request.input.contextTokens)} × ${entry.request.input.batch}`],
    ['Weights', (entry) => gb(entry.answer.breakdown.weightsBytes)],
    ['KV cache', (entry) => gb(entry.answer.breakdown.kvCacheBytes)],
    ['Activations', (entry) => gb(entry.answer.breakdown.activationsBytes)],
    ['Training state', (entry) => gb(entry.answer.breakdown.gradientsBytes + entry.answer.breakdown.optimizerBytes)],
    ['Total', (entry) => gb(entry.answer.breakdown.totalBytes)],
    ['On the chosen GPUs', (entry) => {
      const onGpu = entry.answer.onGpu;
      if (!onGpu) return 'no GPU chosen';
      const verdict = { fits: 'fits', tight: 'fits, but tight', 'does-not-fit': 'does not fit' }[onGpu.placement.verdict];
      return `${verdict} on ${onGpu.placement.gpuCount} × ${onGpu.gpu.name}`;
    }],
    ['Runtime', (entry) => RUNTIME_LABELS[entry.answer.breakdown.runtime].split(' (')[0]!],
    ['Decode, expected', (entry) => {
      const decode = entry.answer.onGpu?.decode;
      if (!decode) return '—';
      return decode.low !== null && decode.high !== null ? `${formatRate(decode.low)}–${formatRate(decode.high)} tokens/s` : `at most ${formatRate(entry.answer.onGpu!.speed!.decodeTokensPerSecondUpperBound)} tokens/s`;
    }],
  ];
  return (
    <section class="comparison" tabIndex={0} aria-label="Comparison of configurations">
      <table>
        <caption>Configurations compared</caption>
        <thead>
          <tr>
            <td />
            {columns.map((_, index) => (
              <th scope="col">Configuration {index + 1}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, cell]) => (
            <tr>
              <th scope="row">{label}</th>
              {columns.map((entry) => (
                <td>{entry ? cell(entry) : 'fix the inputs'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <TogetherNote columns={columns.filter((entry) => entry !== undefined).map((entry) => entry.answer)} complete={columns.every(Boolean)} />
    </section>
  );
}

/** Whether the configurations fit on the same GPUs at once (lib/memory/together.ts). */
function TogetherNote({ columns, complete }: { columns: Array<NonNullable<Evaluated['answer']>>; complete: boolean }) {
  if (!complete) return null;
  const together = fitTogether(columns);
  if ('unknown' in together) {
    return (
      <p class="together muted">
        {together.unknown === 'no-gpu'
          ? 'Choose a GPU in every configuration to see whether they run together.'
          : 'To see whether these run together on the same GPUs (a chat model beside a draft or an embedding model), give every configuration the same GPU and count.'}
      </p>
    );
  }
  const verdict = { fits: 'they fit', tight: 'they fit, but tight', 'does-not-fit': 'they do not fit' }[together.verdict];
  return (
    <p class="together">
      <strong>All together</strong> on {together.gpuCount} × {together.gpu.name}: {gb(together.bytesPerGpu)} of {gb(together.usableBytesPerGpu)} usable on the fullest GPU, so {verdict}.
      {together.vllmServers > 1 &&
        ` Each vLLM server reserves its GPU memory utilization share of the GPU up front: lower each one’s (under Runtime settings) so the shares add up to less than the whole.`}
    </p>
  );
}
