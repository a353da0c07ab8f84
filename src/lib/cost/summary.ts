/**
 * A cost answer in one line, for the phone's summary bar: "Self-hosted $1,520/mo · cheapest API $310/mo". Built
 * from the same answer as the full result.
 */
import type { CostAnswer } from './answer';
import { formatUsd } from '../format/money';

export function summarizeCostAnswer(answer: CostAnswer): string {
  const parts = [answer.selfHosted ? `self-hosted ${formatUsd(answer.selfHosted.monthlyUsd)}/mo` : 'self-hosting: does not fit'];
  const cheapest = [...answer.apis].sort((a, b) => a.monthlyUsd - b.monthlyUsd)[0];
  if (cheapest) parts.push(`cheapest API ${formatUsd(cheapest.monthlyUsd)}/mo`);
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
