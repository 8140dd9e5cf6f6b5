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
  if (Array.isArray(stageHistory)) lead.stageHistory = stageHistory.filter((v) => typeof v?.stage === 'string' && typeof v.at === 'string');
  return { lead, history: Array.isArray(feedback) ? feedback.filter((f) => typeof f?.outcome === 'string') : [] };
}

/**
 * When marketing handed the lead over, epoch ms (core's handoffTime), read with isoToMs: core's
 * bulk time parser is built for computeFunnel's million leads, and one card reads three times.
 */
export const handoffMs = (lead: Lead, waterfall: Waterfall): number => isoToMs(handoffAt(lead, waterfall.handoffStage));

/** The lead's follow-up SLA at `nowMs`; undefined before the hand-off, or when its times cannot be read. */
export function slaOf(lead: Lead, waterfall: Waterfall, sla: SlaPolicy, nowMs: number): SlaStatus | undefined {
  const ids = waterfall.stages.map((s) => s.id);
  if (!lead.handedOffAt && ids.indexOf(lead.stage) < ids.indexOf(waterfall.handoffStage)) return undefined;
  const handoff = handoffMs(lead, waterfall);
  const touch = lead.firstTouchAt ? isoToMs(lead.firstTouchAt) : null;
  return Number.isNaN(handoff) || Number.isNaN(touch) ? undefined : slaStatus(handoff, touch, sla, nowMs);
}

/** Ms to the badge's next tick: each second in the last minute before `dueAtMs`, on each minute boundary before that, each minute after. */
export const nextTickMs = (dueAtMs: number, nowMs: number) => (dueAtMs - nowMs > MINUTE ? ((dueAtMs - nowMs) % MINUTE) + 50 : dueAtMs > nowMs ? 1000 : MINUTE);
