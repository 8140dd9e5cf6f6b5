// The plan for what was typed, apart from how it is shown: the numbers read in the reader's
// language, each field's problem in words, core's planFunnel, and each stage beside the actual pace.
import { msg } from '@lit/localize';
import type { FunnelReport, Issue, PlanInput, PlanResult, Waterfall } from '@leadloop/core';
import { parseLocaleNumber } from '../../internal/parse-number.js';

export type PlanPeriod = 'month' | 'quarter' | 'year';

/** One stage of the plan beside the actual pace. */
export interface PlanRow {
  id: string;
  label: string;
  /** Leads the stage needs in the whole period. */
  required: number;
  /** …and per month (rounded up). */
  perMonth: number;
  /** Leads that reached the stage per month in the actual funnel; null without one, or without the months it covers. */
  actualPerMonth: number | null;
  /** actualPerMonth − perMonth: negative where the pace falls short. */
  gap: number | null;
}

/** Detail of `llplanchange`. */
export interface PlanChangeDetail {
  revenueGoal: number;
  averageDealSize: number;
  period: PlanPeriod;
  rates: Record<string, number>;
  plan: PlanResult;
  rows: PlanRow[];
}

/** What was typed, as text, and what it is planned against. */
export interface PlanForm {
  goalText: string;
  dealText: string;
  /** Percent texts by stage id. */
  rateTexts: Record<string, string>;
  period: PlanPeriod;
  waterfall: Waterfall;
  /** The actual funnel, if any, and the months it covers (undefined when unknown: no pace then). */
  report: FunnelReport | undefined;
  paceMonths: number | undefined;
  lang: string;
}

/** The plan, or the problems by field path (`revenueGoal`, `rates.mql`) and any others. */
export interface PlanOutcome {
  rows?: PlanRow[];
  plan?: PlanResult;
  input?: Omit<PlanChangeDetail, 'plan' | 'rows'>;
  issues: Map<string, string>;
  general: string[];
}

export const MONTHS: Record<PlanPeriod, number> = { month: 1, quarter: 3, year: 12 };
/** The mean Gregorian month. */
const MONTH_MS = 30.436875 * 86_400_000;

/** Months between two ISO dates, `to` inclusive when it is a whole day; undefined without a valid span. */
export function monthsBetween(from: string | undefined, to: string | undefined): number | undefined {
  const start = from ? Date.parse(from) : NaN;
  const end = to ? Date.parse(to) + (/^\d{4}-\d{2}-\d{2}$/.test(to) ? 86_400_000 : 0) : NaN;
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? (end - start) / MONTH_MS : undefined;
}

function fieldMessage(path: string, value: number, text: string): string | undefined {
  if (text.trim() === '') return path.startsWith('rates.') ? msg('Enter a rate.') : msg('Enter an amount.');
  if (Number.isNaN(value)) return msg('Enter a number.');
  return undefined;
}

/** Plans the form with `planFunnel` (loaded on demand, so passed in; undefined while it loads). */
export function computePlan(form: PlanForm, planFunnel: ((input: PlanInput) => PlanResult) | undefined): PlanOutcome {
  const { lang } = form;
  const issues = new Map<string, string>();
  const general: string[] = [];
  const own = (path: string, text: string) => {
    const value = parseLocaleNumber(text, lang);
    const message = fieldMessage(path, value, text);
    if (message) issues.set(path, message);
    return value;
  };
  const goal = own('revenueGoal', form.goalText);
  const deal = own('averageDealSize', form.dealText);
  const rates: Record<string, number> = {};
  for (const stage of form.waterfall.stages.slice(0, -1)) {
    const value = own(`rates.${stage.id}`, form.rateTexts[stage.id] ?? '');
    if (!Number.isNaN(value)) rates[stage.id] = value / 100;
  }
  if (issues.size > 0 || !planFunnel) return { issues, general };
  let plan: PlanResult;
  try {
    plan = planFunnel({ revenueGoal: goal, averageDealSize: deal, rates, waterfall: form.waterfall });
  } catch (caught) {
    const error = caught as Error & { issues?: Issue[] };
    if (!error?.issues) throw error;
    for (const issue of error.issues) {
      if (issue.path === 'revenueGoal') issues.set(issue.path, goal < 0 ? msg('Enter a goal of 0 or more.') : msg('This goal needs more leads than can be counted: lower it or raise the rates.'));
      else if (issue.path === 'averageDealSize') issues.set(issue.path, msg('Enter a deal size above 0.'));
      else if (issue.path.startsWith('rates.')) issues.set(issue.path, msg('Enter a rate above 0 % and at most 100 %.'));
      else general.push(`${issue.path}: ${issue.message}`);
    }
    if (issues.size === 0 && general.length === 0) general.push(error.message);
    return { issues, general };
  }
  const months = MONTHS[form.period];
  const rows: PlanRow[] = plan.stages.map((stage) => {
    const perMonth = Math.ceil(stage.required / months);
    const actual = form.report?.stages.find((s) => s.id === stage.id);
    // Without the months the actual funnel covers there is no pace: guessing one month would call a
    // report of many months "on pace".
    const actualPerMonth = actual && form.paceMonths ? actual.reached / form.paceMonths : null;
    return { id: stage.id, label: actual?.label ?? stage.label, required: stage.required, perMonth, actualPerMonth, gap: actualPerMonth === null ? null : actualPerMonth - perMonth };
  });
  return { rows, plan, input: { revenueGoal: goal, averageDealSize: deal, period: form.period, rates }, issues, general };
}
