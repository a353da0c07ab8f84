/**
 * The cost calculator's starting answer, worked out when the site is built (as lib/memory/starting.ts does for the
 * memory calculator): the phone that hydrates the island does not run the serving engine before the reader has
 * asked anything. The island uses it only while the inputs are exactly the defaults with today's listed prices.
 */
import { encodeFields } from '../input/query';
import { answerCostRequest, type CostAnswer, type Efficiencies } from './answer';
import { COST_DEFAULTS, COST_FIELDS, parseCostRequest, withListedPrices, type CostCatalog, type RawCostRequest } from './request';

export interface StartingCost {
  /** The address query the answer belongs to: every field, as the page writes it. */
  key: string;
  answer: CostAnswer;
}

/** The page's address query for these inputs (every value written, defaults included). */
export const costQuery = (raw: RawCostRequest): string => encodeFields(COST_FIELDS, raw, {}).toString();

export function startingCostAnswer(catalog: CostCatalog, efficiencies: Efficiencies): StartingCost | null {
  const raw = withListedPrices(COST_DEFAULTS, catalog);
  const parsed = parseCostRequest(raw, catalog);
  if (!parsed.ok) return null;
  return { key: costQuery(raw), answer: answerCostRequest(parsed.request, catalog, efficiencies) };
}

/** The stored answer when the inputs are the ones it was built for, else undefined. */
export function storedCostAnswerFor(raw: RawCostRequest, starting: StartingCost | null): CostAnswer | undefined {
  return starting && costQuery(raw) === starting.key ? starting.answer : undefined;
}
