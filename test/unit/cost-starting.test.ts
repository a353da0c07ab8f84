import { describe, expect, it } from 'vitest';
import { answerCostRequest } from '../../src/lib/cost/answer';
import { COST_DEFAULTS, parseCostRequest, withListedPrices } from '../../src/lib/cost/request';
import { costQuery, startingCostAnswer, storedCostAnswerFor } from '../../src/lib/cost/starting';
import { servingEfficiencies } from '../../src/lib/serving/efficiency';
import { costCatalog } from './support/tools-fuzz';

const efficiencies = servingEfficiencies();

describe("the cost calculator's starting answer, built with the site", () => {
  it('survives the trip through the page as JSON unchanged, and is what the engine answers for the defaults', () => {
    const starting = startingCostAnswer(costCatalog, efficiencies)!;
    const parsed = parseCostRequest(withListedPrices(COST_DEFAULTS, costCatalog), costCatalog);
    expect(parsed.ok).toBe(true);
    const fresh = answerCostRequest(parsed.ok ? parsed.request : (undefined as never), costCatalog, efficiencies);
    expect(JSON.parse(JSON.stringify(starting))).toEqual({ key: starting.key, answer: fresh });
  });

  it('is keyed by the address the page writes for its defaults, and there is none when the default model is missing', () => {
    const starting = startingCostAnswer(costCatalog, efficiencies)!;
    expect(starting.key).toBe(costQuery(withListedPrices(COST_DEFAULTS, costCatalog)));
    expect(starting.key).toContain(`model=${COST_DEFAULTS.model}`);
    const withoutModel = { ...costCatalog, models: costCatalog.models.filter((model) => model.id !== COST_DEFAULTS.model) };
    expect(startingCostAnswer(withoutModel, efficiencies)).toBeNull();
  });

  it('stands in only for the default inputs', () => {
    const starting = startingCostAnswer(costCatalog, efficiencies);
    const defaults = withListedPrices(COST_DEFAULTS, costCatalog);
    expect(storedCostAnswerFor(defaults, starting)).toBe(starting!.answer);
    expect(storedCostAnswerFor({ ...defaults, requests: '1' }, starting)).toBeUndefined();
    expect(storedCostAnswerFor(defaults, null)).toBeUndefined();
  });
});
