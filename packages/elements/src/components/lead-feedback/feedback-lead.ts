// The lead the card shows, apart from the element: reading it from input that may be anything,
// when it was handed over, and where its follow-up SLA stands.
import { handoffAt, isoToMs, slaStatus, type Feedback, type Lead, type SlaPolicy, type SlaStatus, type Waterfall } from '@leadloop/core';
import { readJsonValue } from '../../internal/safe-json.js';

/** The lead to show, its history, or what is wrong with the input. */
export interface Given {
  lead?: Lead;
  history: Feedback[];
  error?: string;
}

const MINUTE = 60_000;
/** The text fields the card shows or computes with. */
const TEXT_FIELDS = ['name', 'company', 'source', 'campaign', 'handedOffAt', 'firstTouchAt'] as const;

/**
 * The lead to show, from input that may be anything (JSON from an attribute): the fields the card
 * needs, text fields only when they are text. Checking what is stored is the adapter's job; this
 * keeps render from tripping. Returns what is wrong instead of throwing.
 */
export function readLead(input: unknown): Given {
  if (input === undefined || input === null || input === '') return { history: [] };
  const read = readJsonValue(input, 'lead');
  if (read.ok && read.value === null) return { history: [] };
  const raw = (read.ok && typeof read.value === 'object' && read.value) || {};
  const { id, stage, createdAt, feedback, stageHistory } = raw as Record<string, unknown>;
  if (!id || typeof id !== 'string' || typeof stage !== 'string' || typeof createdAt !== 'string' || Number.isNaN(isoToMs(createdAt))) {
    return { history: [], error: read.ok ? 'it needs an id, a stage and a createdAt time' : read.message };
  }
  const lead = { id, stage, createdAt } as Lead;
  for (const key of TEXT_FIELDS) if (typeof (raw as Lead)[key] === 'string') lead[key] = (raw as Lead)[key]!;
  if (typeof (raw as Lead).exit?.kind === 'string') lead.exit = (raw as Lead).exit!;
  if (Array.isArray(stageHistory)) lead.stageHistory = stageHistory.filter((v) => typeof v?.stage === 'string' && typeof v.at === 'string');
  return { lead, history: Array.isArray(feedback) ? feedback.filter((f) => typeof f?.outcome === 'string') : [] };
}

/**
 * When marketing handed the lead over, epoch ms (core's handoffTime), read with isoToMs: core's
 * bulk time parser is built for computeFunnel's million leads, and one card reads three times.
 */
export const handoffMs = (lead: Lead, waterfall: Waterfall): number => isoToMs(handoffAt(lead, waterfall.handoffStage));

/** How many stages past the hand-off stage the lead is: 0 at it, 1 at the stage accepting moves it to; below 0 before it. */
const pastHandoff = (lead: Lead, waterfall: Waterfall): number => {
  const ids = waterfall.stages.map((s) => s.id);
  return ids.indexOf(lead.stage) - ids.indexOf(waterfall.handoffStage);
};

/** Marketing has not handed the lead to sales: no hand-off time, and a stage before the hand-off stage. */
export const beforeHandoff = (lead: Lead, waterfall: Waterfall): boolean => !lead.handedOffAt && pastHandoff(lead, waterfall) < 0;

/** The sales decisions in the order a lead takes them; index + 1 is how many stages past the hand-off each moves it to. */
const STEPS = ['accepted', 'qualified'];

/**
 * The outcome that is the lead's next step, shown as the primary button: `accepted` on a lead
 * handed to sales and not yet accepted; `qualified` once it is accepted (its stage at or past the
 * one accepting moves it to, or accepting feedback in `given`: a page that has not updated the
 * stage, a save the outbox still holds); none once qualified, before the hand-off, or when the
 * lead has left the waterfall (`exit`).
 */
export function nextStep(lead: Lead, waterfall: Waterfall, given: readonly { outcome: string }[]): string | undefined {
  if (lead.exit || beforeHandoff(lead, waterfall)) return undefined;
  return STEPS[Math.max(0, pastHandoff(lead, waterfall), ...given.map((f) => STEPS.indexOf(f.outcome) + 1))];
}

/** The lead's follow-up SLA at `nowMs`; undefined before the hand-off, or when its times cannot be read. */
export function slaOf(lead: Lead, waterfall: Waterfall, sla: SlaPolicy, nowMs: number): SlaStatus | undefined {
  if (beforeHandoff(lead, waterfall)) return undefined;
  const handoff = handoffMs(lead, waterfall);
  const touch = lead.firstTouchAt ? isoToMs(lead.firstTouchAt) : null;
  return Number.isNaN(handoff) || Number.isNaN(touch) ? undefined : slaStatus(handoff, touch, sla, nowMs);
}

/** Ms to the badge's next tick: each second in the last minute before `dueAtMs`, on each minute boundary before that, each minute after. */
export const nextTickMs = (dueAtMs: number, nowMs: number) => (dueAtMs - nowMs > MINUTE ? ((dueAtMs - nowMs) % MINUTE) + 50 : dueAtMs > nowMs ? 1000 : MINUTE);
