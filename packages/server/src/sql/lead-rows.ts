import {
  boundMs, groupOf, handoffTime, LeadLoopError, timeMs,
  type Feedback, type FunnelQuery, type Lead, type WaterfallIndex,
} from '@leadloop/core';

/**
 * How leads and feedback are laid out in the SQL tables: a lead is kept whole (`doc`) next to the
 * columns the reports filter and group on, computed by core when the lead is written.
 */

export interface LeadRow {
  id: string;
  doc: Lead;
  source: string | null;
  campaign: string | null;
  owner: string | null;
  created_ms: number;
  created_month: string;
  stage: string;
  exit_kind: string | null;
  exit_reason: string | null;
  handoff_ms: number;
  first_touch_ms: number | null;
}

export interface FeedbackRow {
  id: string;
  lead_id: string;
  outcome: Feedback['outcome'];
  reason: string | null;
  rating: number | null;
  note: string | null;
  given_by: string;
  given_at: string;
}

export const FEEDBACK_COLUMNS = 'id, lead_id, outcome, reason, rating, note, given_by, given_at';


/** The WHERE clause of a funnel query on `leads` (aliased `alias`), with its parameters appended to `params`. */
export function leadFilter(query: FunnelQuery, params: unknown[], alias = ''): string {
  const col = (name: string) => `${alias}${name}`;
  const clauses: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (query.from !== undefined) add(`${col('created_ms')} >= ?`, boundMs(query.from, false));
  if (query.to !== undefined) add(`${col('created_ms')} < ?`, boundMs(query.to, true));
  if (query.source !== undefined) add(`${col('source')} = ?`, query.source);
  if (query.campaign !== undefined) add(`${col('campaign')} = ?`, query.campaign);
  if (query.owner !== undefined) add(`${col('owner')} = ?`, query.owner);
  return clauses.length > 0 ? clauses.join(' AND ') : 'TRUE';
}

export function toLeadRow(lead: Lead, index: WaterfallIndex): LeadRow {
  return {
    id: lead.id,
    doc: lead,
    source: lead.source ?? null,
    campaign: lead.campaign ?? null,
    owner: lead.owner ?? null,
    created_ms: timeMs(lead.createdAt),
    created_month: groupOf(lead, 'month') ?? 'unknown',
    stage: lead.stage,
    exit_kind: lead.exit ? lead.exit.kind : null,
    exit_reason: lead.exit?.reason ? lead.exit.reason : null,
    handoff_ms: handoffTime(lead, index),
    first_touch_ms: lead.firstTouchAt ? timeMs(lead.firstTouchAt) : null,
  };
}

export function toFeedback(row: FeedbackRow): Feedback {
  const feedback: Feedback = { id: row.id, leadId: row.lead_id, outcome: row.outcome, by: row.given_by, at: row.given_at };
  if (row.reason !== null) feedback.reason = row.reason;
  if (row.rating !== null) feedback.rating = Number(row.rating);
  if (row.note !== null) feedback.note = row.note;
  return feedback;
}

export const leadNotFound = (id: unknown) => new LeadLoopError('not_found', `No lead with id ${JSON.stringify(String(id)).slice(0, 120)}.`);
