import * as z from 'zod/mini';
import { idSchema, isoDateTime, once, parseWith, shortText } from './parse.js';
import { isoToMs } from './timestamps.js';
import { DEFAULT_WATERFALL, indexWaterfall, type Waterfall } from './waterfall.js';
import { invalidInput, type Issue, type ParseResult } from './errors.js';

export interface StageVisit {
  stage: string;
  /** ISO-8601 time the lead entered the stage. */
  at: string;
}

export interface LeadExit {
  /** One of the waterfall's exit kinds: `disqualified`, `recycled`, `lost` by default. */
  kind: string;
  reason?: string;
  at: string;
}

/** A lead as LeadLoop sees it; times are ISO-8601 strings. */
export interface Lead {
  id: string;
  name?: string;
  company?: string;
  email?: string;
  source?: string;
  campaign?: string;
  owner?: string;
  createdAt: string;
  /** The furthest stage the lead reached; an exited lead keeps the stage it left from. */
  stage: string;
  stageHistory?: StageVisit[];
  /** When marketing handed the lead to sales (it reached the hand-off stage). */
  handedOffAt?: string;
  /** When sales first touched the lead: any feedback sets it. */
  firstTouchAt?: string | null;
  exit?: LeadExit | null;
}

/** Lead ids come from CRMs (Salesforce 18-char ids, UUIDs, numbers as text): any visible text without slashes. */
export const leadIdSchema = /* @__PURE__ */ once(() => z.string().check(
  z.minLength(1),
  z.maxLength(255),
  z.regex(/^[^\s/\\?#%]+$/, { message: 'must be non-empty text without spaces, slashes, ?, # or %' }),
));

const optionalText = (max = 255) => z.optional(z.nullable(shortText(max)));

export const leadSchema = /* @__PURE__ */ once(() => z.object({
  id: leadIdSchema(),
  name: optionalText(),
  company: optionalText(),
  email: z.optional(z.nullable(z.string().check(z.maxLength(320), z.regex(/^[^\s@]+@[^\s@]+$/, { message: 'must be an email address' })))),
  source: optionalText(100),
  campaign: optionalText(255),
  owner: optionalText(255),
  createdAt: isoDateTime(),
  stage: idSchema(),
  stageHistory: z.optional(z.array(z.object({ stage: idSchema(), at: isoDateTime() })).check(z.maxLength(200))),
  handedOffAt: z.optional(z.nullable(isoDateTime())),
  firstTouchAt: z.optional(z.nullable(isoDateTime())),
  exit: z.optional(z.nullable(z.object({ kind: idSchema(), reason: z.optional(z.nullable(shortText(100))), at: isoDateTime() }))),
}));

/** Drops nulls of optional fields so a parsed lead has one shape whatever the source sent. */
function normalize(raw: z.infer<ReturnType<typeof leadSchema>>): Lead {
  const lead: Lead = { id: raw.id, createdAt: raw.createdAt, stage: raw.stage };
  for (const key of ['name', 'company', 'email', 'source', 'campaign', 'owner', 'handedOffAt'] as const) {
    const value = raw[key];
    if (value !== undefined && value !== null) lead[key] = value;
  }
  if (raw.stageHistory) lead.stageHistory = raw.stageHistory.map((v) => ({ stage: v.stage, at: v.at }));
  if (raw.firstTouchAt !== undefined) lead.firstTouchAt = raw.firstTouchAt;
  if (raw.exit) {
    lead.exit = { kind: raw.exit.kind, at: raw.exit.at };
    if (raw.exit.reason) lead.exit.reason = raw.exit.reason;
  } else if (raw.exit === null) lead.exit = null;
  return lead;
}

/** Checks that need the waterfall: known stage and exit ids, and times that do not run backwards. */
export function leadIssues(lead: Lead, waterfall: Waterfall, prefix = ''): Issue[] {
  const { stageIndex, exitIndex } = indexWaterfall(waterfall);
  const issues: Issue[] = [];
  const known = `one of ${[...stageIndex.keys()].join(', ')}`;
  if (!stageIndex.has(lead.stage)) issues.push({ path: `${prefix}stage`, message: `unknown stage "${lead.stage}": must be ${known}` });
  lead.stageHistory?.forEach((visit, i) => {
    if (!stageIndex.has(visit.stage)) issues.push({ path: `${prefix}stageHistory.${i}.stage`, message: `unknown stage "${visit.stage}"` });
  });
  if (lead.exit && !exitIndex.has(lead.exit.kind)) {
    issues.push({ path: `${prefix}exit.kind`, message: `unknown exit "${lead.exit.kind}": must be one of ${[...exitIndex.keys()].join(', ')}` });
  }
  const created = isoToMs(lead.createdAt);
  for (const key of ['handedOffAt', 'firstTouchAt'] as const) {
    const at = lead[key];
    if (at && isoToMs(at) < created) issues.push({ path: `${prefix}${key}`, message: 'is before createdAt' });
  }
  return issues;
}

/** Parses an untrusted lead (JSON from a form, a CSV row, an API) against a waterfall. */
export function parseLead(input: unknown, options: { waterfall?: Waterfall } = {}): ParseResult<Lead> {
  const waterfall = options.waterfall ?? DEFAULT_WATERFALL;
  const parsed = parseWith(leadSchema(), input, 'lead');
  if (!parsed.ok) return parsed;
  const lead = normalize(parsed.value);
  const issues = leadIssues(lead, waterfall);
  return issues.length > 0 ? { ok: false, error: invalidInput(issues, 'lead') } : { ok: true, value: lead };
}
