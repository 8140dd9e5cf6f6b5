import * as z from 'zod/mini';
import { idSchema, isoDateTime, isoToMs, parseWith, shortText } from './parse.js';
import { DEFAULT_WATERFALL, indexWaterfall } from './waterfall.js';
import { invalidInput } from './errors.js';
/** Lead ids come from CRMs (Salesforce 18-char ids, UUIDs, numbers as text): any visible text without slashes. */
export const leadIdSchema = /* @__PURE__ */ z.string().check(z.minLength(1), z.maxLength(255), z.regex(/^[^\s/\\?#%]+$/, { message: 'must be non-empty text without spaces, slashes, ?, # or %' }));
const optionalText = (max = 255) => z.optional(z.nullable(shortText(max)));
export const leadSchema = /* @__PURE__ */ z.object({
    id: leadIdSchema,
    name: optionalText(),
    company: optionalText(),
    email: z.optional(z.nullable(z.string().check(z.maxLength(320), z.regex(/^[^\s@]+@[^\s@]+$/, { message: 'must be an email address' })))),
    source: optionalText(100),
    campaign: optionalText(255),
    owner: optionalText(255),
    createdAt: isoDateTime,
    stage: idSchema,
    stageHistory: z.optional(z.array(z.object({ stage: idSchema, at: isoDateTime })).check(z.maxLength(200))),
    handedOffAt: z.optional(z.nullable(isoDateTime)),
    firstTouchAt: z.optional(z.nullable(isoDateTime)),
    exit: z.optional(z.nullable(z.object({ kind: idSchema, reason: z.optional(z.nullable(shortText(100))), at: isoDateTime }))),
});
/** Drops nulls of optional fields so a parsed lead has one shape whatever the source sent. */
function normalize(raw) {
    const lead = { id: raw.id, createdAt: raw.createdAt, stage: raw.stage };
    for (const key of ['name', 'company', 'email', 'source', 'campaign', 'owner', 'handedOffAt']) {
        const value = raw[key];
        if (value !== undefined && value !== null)
            lead[key] = value;
    }
    if (raw.stageHistory)
        lead.stageHistory = raw.stageHistory.map((v) => ({ stage: v.stage, at: v.at }));
    if (raw.firstTouchAt !== undefined)
        lead.firstTouchAt = raw.firstTouchAt;
    if (raw.exit) {
        lead.exit = { kind: raw.exit.kind, at: raw.exit.at };
        if (raw.exit.reason)
            lead.exit.reason = raw.exit.reason;
    }
    else if (raw.exit === null)
        lead.exit = null;
    return lead;
}
/** Checks that need the waterfall: known stage and exit ids, and times that do not run backwards. */
export function leadIssues(lead, waterfall, prefix = '') {
    const { stageIndex, exitIndex } = indexWaterfall(waterfall);
    const issues = [];
    const known = `one of ${[...stageIndex.keys()].join(', ')}`;
    if (!stageIndex.has(lead.stage))
        issues.push({ path: `${prefix}stage`, message: `unknown stage "${lead.stage}": must be ${known}` });
    lead.stageHistory?.forEach((visit, i) => {
        if (!stageIndex.has(visit.stage))
            issues.push({ path: `${prefix}stageHistory.${i}.stage`, message: `unknown stage "${visit.stage}"` });
    });
    if (lead.exit && !exitIndex.has(lead.exit.kind)) {
        issues.push({ path: `${prefix}exit.kind`, message: `unknown exit "${lead.exit.kind}": must be one of ${[...exitIndex.keys()].join(', ')}` });
    }
    const created = isoToMs(lead.createdAt);
    for (const key of ['handedOffAt', 'firstTouchAt']) {
        const at = lead[key];
        if (at && isoToMs(at) < created)
            issues.push({ path: `${prefix}${key}`, message: 'is before createdAt' });
    }
    return issues;
}
/** Parses an untrusted lead (JSON from a form, a CSV row, an API) against a waterfall. */
export function parseLead(input, options = {}) {
    const waterfall = options.waterfall ?? DEFAULT_WATERFALL;
    const parsed = parseWith(leadSchema, input, 'lead');
    if (!parsed.ok)
        return parsed;
    const lead = normalize(parsed.value);
    const issues = leadIssues(lead, waterfall);
    return issues.length > 0 ? { ok: false, error: invalidInput(issues, 'lead') } : { ok: true, value: lead };
}
//# sourceMappingURL=lead.js.map