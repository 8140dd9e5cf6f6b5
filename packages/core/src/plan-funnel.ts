import { invalidInput, type Issue } from './errors.js';
import { requireObject, requireObjects } from './parse.js';
import { indexWaterfall, type Waterfall } from './waterfall.js';

export interface PlanInput {
  revenueGoal: number;
  averageDealSize: number;
  /** Share of each stage that converts to the next, in (0, 1]; every stage but the last. */
  rates: Record<string, number>;
  waterfall?: Waterfall;
}

export interface PlanResult {
  stages: { id: string; label: string; required: number }[];
}

/**
 * Ceiling of a quotient that forgives floating-point noise: 57 / 0.57 is 100.00000000000001 in
 * binary, yet the plan needs exactly 100 leads, not 101.
 */
export function ceilQuotient(numerator: number, denominator: number): number {
  const q = numerator / denominator;
  const nearest = Math.round(q);
  return Math.abs(q - nearest) <= 1e-9 * Math.max(1, Math.abs(q)) ? nearest : Math.ceil(q);
}

const positiveFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * How many leads each stage needs for a revenue goal: the last stage needs
 * ceil(goal / deal size) wins, each earlier stage ceil(next / its conversion rate).
 */
export function planFunnel(input: PlanInput): PlanResult {
  if (input === null || typeof input !== 'object') throw invalidInput([{ path: '', message: 'expected a plan object' }], 'plan');
  const { waterfall } = indexWaterfall(input.waterfall);
  const issues: Issue[] = [];
  const { revenueGoal, averageDealSize, rates } = input;
  if (typeof revenueGoal !== 'number' || !Number.isFinite(revenueGoal) || revenueGoal < 0) {
    issues.push({ path: 'revenueGoal', message: 'must be a finite number ≥ 0' });
  }
  if (!positiveFinite(averageDealSize)) issues.push({ path: 'averageDealSize', message: 'must be a finite number > 0' });
  const stages = waterfall.stages;
  if (rates === null || typeof rates !== 'object' || Array.isArray(rates)) {
    issues.push({ path: 'rates', message: 'expected an object of stage id → rate' });
  } else {
    const known = new Set(stages.map((s) => s.id));
    for (const key of Object.keys(rates)) {
      if (!known.has(key)) issues.push({ path: `rates.${key}`, message: `unknown stage "${key}"` });
    }
    for (const stage of stages.slice(0, -1)) {
      const rate = Object.hasOwn(rates, stage.id) ? rates[stage.id] : undefined;
      if (rate === undefined) issues.push({ path: `rates.${stage.id}`, message: 'is required: the share of this stage that converts to the next' });
      else if (!positiveFinite(rate) || rate > 1) issues.push({ path: `rates.${stage.id}`, message: 'must be a number in (0, 1]' });
    }
  }
  if (issues.length > 0) throw invalidInput(issues, 'plan');

  const required = new Array<number>(stages.length);
  required[stages.length - 1] = ceilQuotient(revenueGoal, averageDealSize);
  for (let i = stages.length - 2; i >= 0; i--) required[i] = ceilQuotient(required[i + 1]!, rates[stages[i]!.id]!);
  if (!Number.isSafeInteger(required[0])) {
    throw invalidInput([{ path: 'revenueGoal', message: 'needs more leads than can be counted exactly: lower the goal or raise the rates' }], 'plan');
  }
  return { stages: stages.map((s, i) => ({ id: s.id, label: s.label, required: required[i]! })) };
}

/**
 * Conversion rates observed in a funnel report (reached[i+1] / reached[i]), to prefill a plan;
 * stages with no leads to judge by are left out.
 */
export function observedRates(report: { stages: { id: string; fromPrevious: number | null }[] }): Record<string, number> {
  const stages = requireObjects<{ id: unknown; fromPrevious: unknown }>(requireObject<{ stages: unknown }>(report, 'report', 'report').stages, 'report.stages', 'report');
  const rates: Record<string, number> = {};
  stages.forEach((stage, i) => {
    const next = stages[i + 1] as { fromPrevious: unknown } | undefined;
    const rate = next?.fromPrevious;
    if (typeof stage.id === 'string' && typeof rate === 'number' && rate > 0 && rate <= 1) rates[stage.id] = rate;
  });
  return rates;
}
