import { invalidInput } from './errors.js';
import { median, nearestRank } from './order-statistics.js';
import { slaState } from './sla.js';
import { timeMs } from './timestamps.js';
import { indexWaterfall } from './waterfall.js';
const ratio = (n, d) => (d === 0 ? null : n / d);
function fail(i, field, message) {
    throw invalidInput([{ path: field ? `leads.${i}.${field}` : `leads.${i}`, message }], 'leads');
}
function time(lead, i, field) {
    const ms = timeMs(lead[field]);
    if (Number.isNaN(ms))
        fail(i, field, 'must be an ISO-8601 date-time with a zone');
    return ms;
}
/**
 * When a lead was handed off: `handedOffAt`, else its visit to the hand-off stage in
 * `stageHistory`, else `createdAt` (a lead created straight at or past the hand-off stage).
 */
export function handoffTime(lead, waterfall) {
    if (lead.handedOffAt)
        return timeMs(lead.handedOffAt);
    const handoff = 'stageIndex' in waterfall ? waterfall.waterfall.handoffStage : waterfall.handoffStage;
    const visit = lead.stageHistory?.find((v) => v.stage === handoff);
    return timeMs(visit ? visit.at : lead.createdAt);
}
function validateOptions(options) {
    const issues = [];
    const { sla, now } = options;
    let limitMs = null;
    if (sla !== undefined && sla !== null) {
        const ms = sla.firstTouchWithinMs;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
            issues.push({ path: 'sla.firstTouchWithinMs', message: 'must be a finite number of milliseconds ≥ 0' });
        else
            limitMs = ms;
    }
    const nowMs = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : NaN;
    if (Number.isNaN(nowMs))
        issues.push({ path: 'now', message: 'must be a valid Date' });
    if (issues.length > 0)
        throw invalidInput(issues, 'funnel options');
    return { index: indexWaterfall(options.waterfall), limitMs, nowMs };
}
/**
 * The funnel of a set of leads: reach and conversion per stage, exits with reasons, follow-up
 * of handed-off leads, time to first touch (median and nearest-rank p90) and SLA compliance.
 * One pass over the leads plus a selection for the percentiles: linear in time and memory.
 * Throws LeadLoopError (invalid_input) naming the first bad lead field.
 */
export function computeFunnel(leads, options = {}) {
    if (!Array.isArray(leads))
        throw invalidInput([{ path: 'leads', message: 'expected an array of leads' }], 'leads');
    const { index, limitMs, nowMs } = validateOptions(options ?? {});
    const { waterfall, stageIndex, exitIndex, handoffIndex } = index;
    const stageCount = waterfall.stages.length;
    const atStage = new Float64Array(stageCount);
    const currentAt = new Float64Array(stageCount);
    const exitCounts = new Float64Array(waterfall.exits.length);
    const exitReasons = waterfall.exits.map(() => new Map());
    const touchDurations = new Float64Array(leads.length);
    let handedOff = 0, touched = 0, within = 0, breached = 0, pending = 0;
    for (let i = 0; i < leads.length; i++) {
        const lead = leads[i];
        if (lead === null || typeof lead !== 'object')
            fail(i, '', 'expected a lead object');
        const s = stageIndex.get(lead.stage);
        if (s === undefined)
            fail(i, 'stage', `unknown stage "${String(lead.stage)}"`);
        atStage[s] = atStage[s] + 1;
        const exit = lead.exit;
        if (exit) {
            const e = exitIndex.get(exit.kind);
            if (e === undefined)
                fail(i, 'exit.kind', `unknown exit "${String(exit.kind)}"`);
            exitCounts[e] = exitCounts[e] + 1;
            if (exit.reason)
                exitReasons[e].set(exit.reason, (exitReasons[e].get(exit.reason) ?? 0) + 1);
        }
        else {
            currentAt[s] = currentAt[s] + 1;
        }
        if (s < handoffIndex)
            continue;
        handedOff++;
        const handoffMs = lead.handedOffAt ? time(lead, i, 'handedOffAt') : handoffTime(lead, index);
        if (Number.isNaN(handoffMs))
            fail(i, 'createdAt', 'must be an ISO-8601 date-time with a zone');
        let touchMs = null;
        if (lead.firstTouchAt) {
            touchMs = time(lead, i, 'firstTouchAt');
            touchDurations[touched++] = touchMs - handoffMs;
        }
        if (limitMs !== null) {
            const state = slaState(handoffMs, touchMs, limitMs, nowMs);
            if (state === 'within')
                within++;
            else if (state === 'breached')
                breached++;
            else
                pending++;
        }
    }
    const stages = [];
    let reached = 0;
    const reachedAt = new Array(stageCount);
    for (let s = stageCount - 1; s >= 0; s--)
        reachedAt[s] = reached += atStage[s];
    for (let s = 0; s < stageCount; s++) {
        const stage = waterfall.stages[s];
        stages.push({
            id: stage.id,
            label: stage.label,
            reached: reachedAt[s],
            current: currentAt[s],
            fromPrevious: s === 0 ? null : ratio(reachedAt[s], reachedAt[s - 1]),
            fromFirst: ratio(reachedAt[s], reachedAt[0]),
        });
    }
    const report = {
        total: leads.length,
        stages,
        exits: waterfall.exits.map((exit, e) => ({
            kind: exit.kind,
            count: exitCounts[e],
            reasons: [...exitReasons[e]]
                .map(([reason, count]) => ({ reason, count }))
                .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
        })),
        followUp: { handedOff, touched, rate: ratio(touched, handedOff) },
        timeToFirstTouch: { medianMs: median(touchDurations, touched), p90Ms: nearestRank(touchDurations, 90, touched) },
    };
    if (limitMs !== null)
        report.sla = { withinSla: within, breached, pending, compliance: ratio(within, within + breached) };
    return report;
}
//# sourceMappingURL=compute-funnel.js.map