import * as z from 'zod/mini';
import { expectValid, idSchema, parseWith, shortText } from './parse.js';
/** Inquiry → MQL → SAL → SQL → Opportunity → Won, handed off at MQL. */
export const DEFAULT_WATERFALL = Object.freeze({
    stages: Object.freeze([
        { id: 'inquiry', label: 'Inquiry' },
        { id: 'mql', label: 'Marketing Qualified' },
        { id: 'sal', label: 'Sales Accepted' },
        { id: 'sql', label: 'Sales Qualified' },
        { id: 'opportunity', label: 'Opportunity' },
        { id: 'won', label: 'Won' },
    ]),
    handoffStage: 'mql',
    exits: Object.freeze([
        { kind: 'disqualified', label: 'Disqualified' },
        { kind: 'recycled', label: 'Recycled to nurture' },
        { kind: 'lost', label: 'Lost' },
    ]),
});
const waterfallSchema = /* @__PURE__ */ z.object({
    stages: z.array(z.object({ id: idSchema, label: shortText(100).check(z.minLength(1)) })).check(z.minLength(2), z.maxLength(20)),
    handoffStage: idSchema,
    exits: z.array(z.object({ kind: idSchema, label: shortText(100).check(z.minLength(1)) })).check(z.maxLength(20)),
});
function waterfallIssues(w) {
    const issues = [];
    const seen = new Set();
    w.stages.forEach((s, i) => {
        if (seen.has(s.id))
            issues.push({ path: `stages.${i}.id`, message: `duplicate stage id "${s.id}"` });
        seen.add(s.id);
    });
    if (!seen.has(w.handoffStage))
        issues.push({ path: 'handoffStage', message: 'must be one of the stage ids' });
    const kinds = new Set();
    w.exits.forEach((e, i) => {
        if (kinds.has(e.kind))
            issues.push({ path: `exits.${i}.kind`, message: `duplicate exit kind "${e.kind}"` });
        kinds.add(e.kind);
    });
    return issues;
}
/** Validates a configured waterfall: unique ids, at least two stages, a hand-off stage that exists. */
export function parseWaterfall(input) {
    return parseWith(waterfallSchema, input, 'waterfall', waterfallIssues);
}
const prepared = new WeakMap();
/** Validates (once per object) and indexes a waterfall; throws LeadLoopError on a bad one. */
export function indexWaterfall(waterfall = DEFAULT_WATERFALL) {
    const cached = prepared.get(waterfall);
    if (cached)
        return cached;
    const valid = expectValid(parseWaterfall(waterfall));
    const index = {
        waterfall: valid,
        stageIndex: new Map(valid.stages.map((s, i) => [s.id, i])),
        exitIndex: new Map(valid.exits.map((e, i) => [e.kind, i])),
        handoffIndex: valid.stages.findIndex((s) => s.id === valid.handoffStage),
    };
    if (typeof waterfall === 'object' && waterfall !== null)
        prepared.set(waterfall, index);
    return index;
}
/** The stage a lead moves to when sales accepts it (after the hand-off) or qualifies it (one further). */
export function stageAfterHandoff(waterfall, steps) {
    const { handoffIndex } = indexWaterfall(waterfall);
    const stages = waterfall.stages;
    return stages[Math.min(handoffIndex + steps, stages.length - 1)].id;
}
//# sourceMappingURL=waterfall.js.map