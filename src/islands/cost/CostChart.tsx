/** Monthly cost against monthly volume: a line per API, a staircase for self-hosting, break-evens marked. */
import type { CostAnswer } from '../../lib/cost/answer';
import { formatUsd, formatUsdCompact } from '../../lib/format/money';
import { formatCount } from '../../lib/format/numbers';

interface Props {
  answer: CostAnswer;
}

const WIDTH = 640;
const HEIGHT = 320;
// The cost labels sit inside the plot, above their grid lines, and the volume labels at the ends are anchored to
// the plot's edges: nothing reaches past the drawing, so the larger text a phone needs (tools' CSS) is never clipped.
const MARGIN = { top: 28, right: 8, bottom: 48, left: 8 };
export const SERIES_COLORS = ['var(--olg-chart-1)', 'var(--olg-chart-2)', 'var(--olg-chart-3)'];

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value)!;
}

export default function CostChart({ answer }: Props) {
  const { curve, apis, selfHosted, tokensPerMonth } = answer;
  if (curve.length === 0) return null;
  const xMax = answer.chartMaxTokensPerMonth;
  // Scale to the self-hosting staircase (with room above) so its steps stay visible; steeper API lines leave
  // through the top of the plot instead of flattening the rest.
  const selfMax = Math.max(...curve.map((point) => point.selfHostedUsd));
  const everythingMax = Math.max(...curve.map((point) => Math.max(point.selfHostedUsd, ...point.apis.map((line) => line.usd))));
  const yMax = niceMax(selfMax > 0 ? Math.min(everythingMax, selfMax * 2) : everythingMax);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (tokens: number) => MARGIN.left + (tokens / xMax) * plotWidth;
  const y = (usd: number) => MARGIN.top + plotHeight - (usd / yMax) * plotHeight;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const path = (values: Array<[number, number]>) =>
    values.map(([tokens, usd], index) => `${index ? 'L' : 'M'}${x(tokens).toFixed(1)},${y(usd).toFixed(1)}`).join('');
  const summary = apis
    .map((row) =>
      row.breakEvenTokensPerMonth === null
        ? `${row.price.label} stays cheaper than self-hosting at every volume`
        : `${row.price.label} costs more than self-hosting from ${formatCount(row.breakEvenTokensPerMonth)} tokens a month`,
    )
    .join('; ');

  return (
    <figure class="cost-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="cost-chart-title cost-chart-desc">
        <title id="cost-chart-title">Monthly cost against monthly token volume</title>
        <defs>
          <clipPath id="cost-chart-plot">
            <rect x={MARGIN.left} y={MARGIN.top} width={plotWidth} height={plotHeight} />
          </clipPath>
        </defs>
        <desc id="cost-chart-desc">
          {selfHosted ? `Self-hosting costs ${formatUsd(selfHosted.replicaMonthlyUsd)} a month per replica. ` : ''}
          {summary}.
        </desc>
        {ticks.map((tick) => (
          <g class="grid">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick * yMax)} y2={y(tick * yMax)} />
            {tick > 0 && (
              <text class="value-label" x={MARGIN.left + 4} y={y(tick * yMax) - 5} text-anchor="start">
                {formatUsdCompact(tick * yMax)}
              </text>
            )}
            <text x={x(tick * xMax)} y={HEIGHT - MARGIN.bottom + 20} text-anchor={tick === 0 ? 'start' : tick === 1 ? 'end' : 'middle'}>
              {formatCount(tick * xMax)}
            </text>
          </g>
        ))}
        <text class="axis-label" x={MARGIN.left + plotWidth / 2} y={HEIGHT - 6} text-anchor="middle">
          tokens per month
        </text>
        <line class="now" x1={x(tokensPerMonth)} x2={x(tokensPerMonth)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} />
        <g clip-path="url(#cost-chart-plot)">
        {apis.map((_, index) => (
          <path class="api-line" d={path(curve.map((point) => [point.tokensPerMonth, point.apis[index]!.usd]))} style={{ stroke: SERIES_COLORS[index] }} />
        ))}
        <path class="self-line" d={path(curve.map((point) => [point.tokensPerMonth, point.selfHostedUsd]))} />
        </g>
        {apis.map((row, index) =>
          row.breakEvenTokensPerMonth === null ? null : (
            <circle
              class="break-even"
              cx={x(row.breakEvenTokensPerMonth)}
              cy={y((row.breakEvenTokensPerMonth * row.blendedUsdPerMillion) / 1e6)}
              r={5}
              style={{ stroke: SERIES_COLORS[index] }}
            />
          ),
        )}
      </svg>
      <figcaption>
        <ul class="legend">
          {apis.map((row, index) => (
            <li>
              <span class="swatch" style={{ background: SERIES_COLORS[index] }} aria-hidden="true" />
              {row.price.label}
            </li>
          ))}
          <li>
            <span class="swatch self" aria-hidden="true" />
            Self-hosted (whole replicas)
          </li>
          <li>
            <span class="swatch now" aria-hidden="true" />
            Your volume now
          </li>
        </ul>
        Circles mark break-even points.
      </figcaption>
    </figure>
  );
}
