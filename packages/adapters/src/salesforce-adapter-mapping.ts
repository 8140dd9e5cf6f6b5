import {
  DEFAULT_WATERFALL, handoffTime, indexWaterfall, invalidInput, LeadLoopError,
  type ChecklistRecord, type Feedback, type FeedbackOutcome, type Lead, type QualificationDefinition, type Waterfall,
} from '@leadloop/core';

/**
 * How LeadLoop's core types live in a Salesforce org: the standard Lead plus LeadLoop fields on it,
 * and the custom objects LeadLoop_Feedback__c, LeadLoop_Checklist__c, LeadLoop_Definition__c
 * (packages/salesforce). Pure functions shared by the browser adapter and the server's store;
 * Salesforce's errors are mapped in salesforce-adapter-errors.ts.
 */

/** Salesforce Lead Status → waterfall stage, for leads LeadLoop never wrote a stage on. */
export type StatusMap = Record<string, string>;

/** The standard Lead statuses of a new org. Leads LeadLoop wrote carry their own stage and ignore this. */
export const DEFAULT_STATUS_MAP: Readonly<StatusMap> = Object.freeze({
  'Open - Not Contacted': 'inquiry',
  'Working - Contacted': 'sal',
  'Closed - Converted': 'opportunity',
  'Closed - Not Converted': 'inquiry',
});

export interface SalesforceMappingOptions {
  waterfall?: Waterfall;
  /** Status → stage for leads without LeadLoop_Stage__c; default DEFAULT_STATUS_MAP. */
  statusMap?: StatusMap;
  /** The stage a converted lead (IsConverted) has at least; default 'opportunity' (when the waterfall has it). */
  convertedStage?: string;
  /** What `owner` means: `Owner.Name` (default), `Owner.Alias`, `Owner.Username` or `OwnerId`. */
  ownerField?: string;
}

/** What Salesforce requires on a Lead when LeadLoop has nothing to put there (Web-to-Lead's convention). */
export const NOT_PROVIDED = '[not provided]';

export const LEAD_FIELDS = {
  id: 'LeadLoop_Id__c',
  stage: 'LeadLoop_Stage__c',
  stageHistory: 'LeadLoop_Stage_History__c',
  handedOffAt: 'LeadLoop_Handed_Off_At__c',
  firstTouchAt: 'LeadLoop_First_Touch_At__c',
  exitKind: 'LeadLoop_Exit_Kind__c',
  exitReason: 'LeadLoop_Exit_Reason__c',
  exitAt: 'LeadLoop_Exit_At__c',
  campaign: 'LeadLoop_Campaign__c',
  clock: 'LeadLoop_Handoff_Clock__c',
  touchKey: 'LeadLoop_Touch_Key__c',
  touchBucket: 'LeadLoop_Touch_Bucket__c',
} as const;

export const FEEDBACK_OBJECT = 'LeadLoop_Feedback__c';
export const CHECKLIST_OBJECT = 'LeadLoop_Checklist__c';
export const DEFINITION_OBJECT = 'LeadLoop_Definition__c';

const SF_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** True for a string shaped like a Salesforce record id (15 or 18 letters and digits). */
export const isSalesforceId = (value: string): boolean => SF_ID.test(value);

// ---- values ---------------------------------------------------------------------------------

/** A SOQL string literal: quotes and backslashes escaped, control characters too. */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' })[c] ?? `\\${c}`)}'`;
}

/**
 * A SOQL date-time literal for an instant, rounded up to the second: Salesforce keeps date-times
 * to the second, so `field < x` and `field < ceil(x)` select the same records.
 */
export function soqlDateTime(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** An ISO time as Salesforce will store it: to the second. */
export function toSalesforceTime(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/** A Salesforce date-time (`2026-01-05T09:00:00.000+0000`) as core's ISO form (`…000Z`); undefined for null. */
export function fromSalesforceTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const TOUCH_OFFSET = 1e15;

/** Time to first touch as text that sorts as the number does (custom Number fields cannot be grouped in SOQL). */
export function touchKey(ms: number): string {
  const n = Math.round(ms);
  return n >= 0 ? `P${String(n).padStart(15, '0')}` : `N${String(TOUCH_OFFSET + n).padStart(15, '0')}`;
}

export function decodeTouchKey(key: string): number {
  const n = Number(key.slice(1));
  return key[0] === 'N' ? n - TOUCH_OFFSET : n;
}

/** The log-scale bucket (1 % wide) of a time to first touch, as sortable text. */
export function touchBucket(ms: number): string {
  const b = Math.min(9999, Math.floor(100 * Math.log1p(Math.abs(ms) / 1000)));
  return ms >= 0 ? `P${String(b).padStart(4, '0')}` : `N${String(9999 - b).padStart(4, '0')}`;
}

// ---- leads ----------------------------------------------------------------------------------

export interface ResolvedMapping {
  waterfall: Waterfall;
  statusMap: StatusMap;
  convertedStage: string | undefined;
  ownerField: string;
  stageIndex: ReadonlyMap<string, number>;
  handoffIndex: number;
}

export function resolveMapping(options: SalesforceMappingOptions = {}): ResolvedMapping {
  const waterfall = options.waterfall ?? DEFAULT_WATERFALL;
  const { stageIndex, handoffIndex } = indexWaterfall(waterfall);
  const convertedStage = options.convertedStage ?? (stageIndex.has('opportunity') ? 'opportunity' : undefined);
  const ownerField = options.ownerField ?? 'Owner.Name';
  if (!/^(OwnerId|Owner\.\w+)$/.test(ownerField)) {
    throw invalidInput([{ path: 'ownerField', message: 'must be OwnerId or Owner.<field>, e.g. Owner.Name' }], 'Salesforce options');
  }
  return { waterfall, statusMap: { ...DEFAULT_STATUS_MAP, ...options.statusMap }, convertedStage, ownerField, stageIndex, handoffIndex };
}

/** The fields LeadLoop reads from a Lead. */
export function leadSelect(mapping: ResolvedMapping): string[] {
  return ['Id', 'Name', 'Company', 'Email', 'LeadSource', 'Status', 'IsConverted', 'CreatedDate', mapping.ownerField, ...Object.values(LEAD_FIELDS)];
}

/** SOQL for the leads with these core ids: LeadLoop's id, or the Salesforce Id for leads created in Salesforce. */
export function leadsQuery(ids: readonly string[], mapping: ResolvedMapping): string {
  const sfIds = ids.filter(isSalesforceId);
  const byId = sfIds.length > 0 ? ` OR Id IN (${sfIds.map(soqlString).join(', ')})` : '';
  return `SELECT ${leadSelect(mapping).join(', ')} FROM Lead WHERE ${LEAD_FIELDS.id} IN (${ids.map(soqlString).join(', ')})${byId}`;
}

/** A lead as read to be written: the record Id LeadLoop writes against, and the core lead. */
export interface LoadedLead {
  recordId: string;
  lead: Lead;
}

/**
 * Finds the leads of query records by core id, as leadsQuery selects them: by LeadLoop's id, else
 * by Salesforce Id in its 15- or 18-character form. SOQL matched text ignoring case; this does not.
 */
export function leadFinder(records: Record<string, unknown>[], mapping: ResolvedMapping): (id: string) => LoadedLead | undefined {
  const leads = new Map<string, LoadedLead>();
  for (const record of records) {
    const loaded = { recordId: String(record.Id), lead: recordToLead(record, mapping) };
    leads.set(leadIdOf(record), loaded);
    if (isSalesforceId(loaded.recordId)) leads.set(loaded.recordId.slice(0, 15), loaded);
  }
  return (id) => leads.get(id) ?? (isSalesforceId(id) ? leads.get(id.slice(0, 15)) : undefined);
}

/** The answer for a lead id no lead has. */
export const leadNotFound = (id: unknown): LeadLoopError => new LeadLoopError('not_found', `No lead with id ${JSON.stringify(id)}.`);

/** The stage of a lead: LeadLoop's own, else its Status mapped; a converted lead is at least at convertedStage. */
export function stageOf(row: Record<string, unknown>, mapping: ResolvedMapping): string {
  const own = row[LEAD_FIELDS.stage];
  let stage = typeof own === 'string' && mapping.stageIndex.has(own)
    ? own
    : mapping.statusMap[String(row.Status)] ?? mapping.waterfall.stages[0]!.id;
  if (row.IsConverted === true && mapping.convertedStage && (mapping.stageIndex.get(stage) ?? -1) < (mapping.stageIndex.get(mapping.convertedStage) ?? -1)) {
    stage = mapping.convertedStage;
  }
  return stage;
}

/** A value at a dotted path of a query record (`Owner.Name` → record.Owner.Name). */
export function pathValue(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value ?? null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== NOT_PROVIDED ? value : undefined;
}

/** The core id of a lead record: LeadLoop's id when it has one, else the Salesforce Id. */
export function leadIdOf(record: Record<string, unknown>): string {
  return text(record[LEAD_FIELDS.id]) ?? String(record.Id);
}

/** A Lead record (as a query returns it) as core's Lead. */
export function recordToLead(record: Record<string, unknown>, mapping: ResolvedMapping): Lead {
  const lead: Lead = { id: leadIdOf(record), createdAt: fromSalesforceTime(record.CreatedDate) ?? new Date(0).toISOString(), stage: stageOf(record, mapping) };
  const name = text(record.Name), company = text(record.Company), email = text(record.Email), source = text(record.LeadSource);
  const campaign = text(record[LEAD_FIELDS.campaign]), owner = text(pathValue(record, mapping.ownerField));
  // Key order as core builds a lead, so a lead reads back deep-equal to what was stored.
  const ordered = { id: lead.id } as Lead;
  if (name) ordered.name = name;
  if (company) ordered.company = company;
  if (email) ordered.email = email;
  if (source) ordered.source = source;
  if (campaign) ordered.campaign = campaign;
  if (owner) ordered.owner = owner;
  ordered.createdAt = lead.createdAt;
  ordered.stage = lead.stage;
  const history = record[LEAD_FIELDS.stageHistory];
  if (typeof history === 'string' && history) {
    try {
      const parsed = JSON.parse(history) as unknown;
      if (Array.isArray(parsed)) ordered.stageHistory = parsed.filter((v) => v && typeof v.stage === 'string' && typeof v.at === 'string').map((v) => ({ stage: v.stage, at: v.at }));
    } catch {
      // A history someone edited by hand into something that is not JSON: the lead is still readable.
    }
  }
  const handedOffAt = fromSalesforceTime(record[LEAD_FIELDS.handedOffAt]);
  if (handedOffAt) ordered.handedOffAt = handedOffAt;
  const firstTouchAt = fromSalesforceTime(record[LEAD_FIELDS.firstTouchAt]);
  if (firstTouchAt) ordered.firstTouchAt = firstTouchAt;
  const exitKind = text(record[LEAD_FIELDS.exitKind]);
  if (exitKind) {
    const reason = text(record[LEAD_FIELDS.exitReason]);
    ordered.exit = reason
      ? { kind: exitKind, reason, at: fromSalesforceTime(record[LEAD_FIELDS.exitAt]) ?? lead.createdAt }
      : { kind: exitKind, at: fromSalesforceTime(record[LEAD_FIELDS.exitAt]) ?? lead.createdAt };
  }
  return ordered;
}

/** The derived fields the funnel aggregates read: SLA clock start, time to first touch key and bucket. */
export function derivedLeadFields(lead: Lead, mapping: ResolvedMapping): Record<string, string | null> {
  const stored: Lead = { ...lead, createdAt: toSalesforceTime(lead.createdAt) };
  if (lead.handedOffAt) stored.handedOffAt = toSalesforceTime(lead.handedOffAt);
  if (lead.firstTouchAt) stored.firstTouchAt = toSalesforceTime(lead.firstTouchAt);
  if (lead.stageHistory) stored.stageHistory = lead.stageHistory.map((v) => ({ stage: v.stage, at: toSalesforceTime(v.at) }));
  if ((mapping.stageIndex.get(lead.stage) ?? -1) < mapping.handoffIndex) {
    return { [LEAD_FIELDS.clock]: null, [LEAD_FIELDS.touchKey]: null, [LEAD_FIELDS.touchBucket]: null };
  }
  const clock = handoffTime(stored, mapping.waterfall);
  const touched = stored.firstTouchAt ? Date.parse(stored.firstTouchAt) - clock : null;
  return {
    [LEAD_FIELDS.clock]: new Date(clock).toISOString(),
    [LEAD_FIELDS.touchKey]: touched === null ? null : touchKey(touched),
    [LEAD_FIELDS.touchBucket]: touched === null ? null : touchBucket(touched),
  };
}

/** The LeadLoop fields of a Lead record for a core lead (what feedback changes, and what imports write). */
export function leadLoopFields(lead: Lead, mapping: ResolvedMapping): Record<string, unknown> {
  return {
    [LEAD_FIELDS.stage]: lead.stage,
    [LEAD_FIELDS.stageHistory]: lead.stageHistory && lead.stageHistory.length > 0 ? JSON.stringify(lead.stageHistory.map((v) => ({ stage: v.stage, at: toSalesforceTime(v.at) }))) : null,
    [LEAD_FIELDS.handedOffAt]: lead.handedOffAt ? toSalesforceTime(lead.handedOffAt) : null,
    [LEAD_FIELDS.firstTouchAt]: lead.firstTouchAt ? toSalesforceTime(lead.firstTouchAt) : null,
    [LEAD_FIELDS.exitKind]: lead.exit?.kind ?? null,
    [LEAD_FIELDS.exitReason]: lead.exit?.reason ?? null,
    [LEAD_FIELDS.exitAt]: lead.exit ? toSalesforceTime(lead.exit.at) : null,
    ...derivedLeadFields(lead, mapping),
  };
}

/**
 * A whole Lead record for a core lead (imports): the standard fields Salesforce requires get
 * NOT_PROVIDED when the lead has none. OwnerId and CreatedDate are the caller's: they need a user
 * lookup and the "Set Audit Fields upon Record Creation" permission.
 */
export function leadToRecord(lead: Lead, mapping: ResolvedMapping): Record<string, unknown> {
  return {
    ...(isSalesforceId(lead.id) ? {} : { [LEAD_FIELDS.id]: lead.id }),
    FirstName: null,
    LastName: lead.name ?? NOT_PROVIDED,
    Company: lead.company ?? NOT_PROVIDED,
    Email: lead.email ?? null,
    LeadSource: lead.source ?? null,
    [LEAD_FIELDS.campaign]: lead.campaign ?? null,
    ...leadLoopFields(lead, mapping),
  };
}

// ---- feedback, checklists, definitions ------------------------------------------------------

export const FEEDBACK_SELECT = ['Id', 'Lead__c', `Lead__r.${LEAD_FIELDS.id}`, 'Outcome__c', 'Reason__c', 'Rating__c', 'Note__c', 'By__c', 'At__c', 'Idempotency_Key__c', 'Fingerprint__c', 'CreatedDate'];

export function recordToFeedback(record: Record<string, unknown>): Feedback {
  const lead = record.Lead__r as Record<string, unknown> | null | undefined;
  const feedback: Feedback = {
    id: String(record.Id),
    leadId: text(lead?.[LEAD_FIELDS.id]) ?? String(record.Lead__c),
    outcome: record.Outcome__c as FeedbackOutcome,
    by: text(record.By__c) ?? 'unknown',
    at: fromSalesforceTime(record.At__c) ?? fromSalesforceTime(record.CreatedDate) ?? new Date(0).toISOString(),
  };
  const ordered: Feedback = { id: feedback.id, leadId: feedback.leadId, outcome: feedback.outcome } as Feedback;
  if (text(record.Reason__c)) ordered.reason = record.Reason__c as string;
  if (typeof record.Rating__c === 'number') ordered.rating = record.Rating__c;
  if (text(record.Note__c)) ordered.note = record.Note__c as string;
  ordered.by = feedback.by;
  ordered.at = feedback.at;
  return ordered;
}

export function feedbackToRecord(feedback: Omit<Feedback, 'id'>, leadRecordId: string, idempotencyKey: string, fingerprint: string): Record<string, unknown> {
  return {
    Lead__c: leadRecordId,
    Outcome__c: feedback.outcome,
    Reason__c: feedback.reason ?? null,
    Rating__c: feedback.rating ?? null,
    Note__c: feedback.note ?? null,
    By__c: feedback.by,
    At__c: feedback.at,
    Idempotency_Key__c: idempotencyKey,
    Fingerprint__c: fingerprint,
  };
}

/** Feedback as the org holds it once written under this key: what reading the record back returns. */
export function storedFeedback(feedback: Feedback, leadRecordId: string, idempotencyKey: string, fingerprint: string): Feedback {
  return recordToFeedback({
    Id: feedback.id, Lead__c: leadRecordId, Lead__r: { [LEAD_FIELDS.id]: feedback.leadId }, ...feedbackToRecord(feedback, leadRecordId, idempotencyKey, fingerprint),
  });
}

export const CHECKLIST_SELECT = ['Id', 'Stage__c', 'Answers__c', 'By__c', 'At__c', 'Definition_Version__c'];

export function recordToChecklist(record: Record<string, unknown>): [string, ChecklistRecord] | undefined {
  const stage = text(record.Stage__c);
  if (!stage) return undefined;
  let answers: Record<string, boolean> = {};
  try {
    const parsed = JSON.parse(String(record.Answers__c ?? '{}')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      answers = Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>;
    }
  } catch {
    // Unreadable answers read as none.
  }
  return [stage, { answers, by: text(record.By__c) ?? 'unknown', at: fromSalesforceTime(record.At__c) ?? new Date(0).toISOString(), definitionVersion: Number(record.Definition_Version__c ?? 1) }];
}

export const DEFINITION_SELECT = ['Id', 'Definition_Id__c', 'Version__c', 'Stages__c', 'Approvals__c', 'Key__c'];

/** A definition record as a definition (to be checked with parseDefinition by the caller). */
export function recordToDefinition(record: Record<string, unknown>): unknown {
  const parse = (value: unknown, fallback: unknown) => {
    try {
      return typeof value === 'string' && value ? (JSON.parse(value) as unknown) : fallback;
    } catch {
      return fallback;
    }
  };
  return { id: record.Definition_Id__c, version: record.Version__c, stages: parse(record.Stages__c, {}), approvals: parse(record.Approvals__c, []) };
}

export function definitionToRecord(definition: QualificationDefinition): Record<string, unknown> {
  return {
    Definition_Id__c: definition.id,
    Version__c: definition.version,
    Stages__c: JSON.stringify(definition.stages),
    Approvals__c: JSON.stringify(definition.approvals),
    Key__c: `${definition.id}:${definition.version}`,
  };
}

/** SHA-256 hex of a text (Web Crypto: browsers, LWC and Node alike). */
export async function sha256Hex(value: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
