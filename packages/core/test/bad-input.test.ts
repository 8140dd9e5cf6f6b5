// Every public function of core, given malformed or hostile input, either works or fails with a
// LeadLoopError (invalid_input, or not_found for a lookup) — never a TypeError, never a wrong
// number, never prototype pollution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as core from '@leadloop/core';
import { handedOff } from './fixtures.js';

const HOSTILE: unknown[] = [
  undefined, null, 0, -1, NaN, Infinity, -Infinity, 1e308, '', 'x'.repeat(100_000), '__proto__', true, [], [null], {}, [[]],
  () => 1, Symbol('s'), 10n, new Date('nope'), { length: 1e9 }, JSON.parse('{"__proto__": {"polluted": 1}}'),
  { constructor: { prototype: { polluted: 1 } } }, Object.create(null), { toString: () => { throw new Error('boom'); } },
  { stages: null, handoffStage: {}, exits: 5 }, { leads: 'x' }, [{ id: 1 }], { id: 'x', version: NaN, stages: [], approvals: {} },
  '<img src=x onerror=alert(1)>',
];

const GOOD_DEF = { id: 'd', version: 1, stages: { sal: { criteria: [{ id: 'a', label: 'A', required: true }] } }, approvals: [] };
const GOOD_LEAD = handedOff(0, 2);

const failures: string[] = [];

/** Calls fn; passes if it returns or throws a LeadLoopError with an allowed code. Collects failures to list them all. */
async function survives(name: string, fn: () => unknown, codes = ['invalid_input']): Promise<void> {
  try {
    await check(name, fn, codes);
  } catch (error) {
    failures.push(error instanceof assert.AssertionError ? error.message.split('\n')[0]! : String(error));
  }
}

function assertNoFailures(): void {
  const list = failures.splice(0);
  assert.deepEqual(list, [], `${list.length} failures`);
}

async function check(name: string, fn: () => unknown, codes: string[]): Promise<void> {
  try {
    const result = await fn();
    if (result && typeof result === 'object' && 'ok' in result && (result as { ok: boolean }).ok === false) {
      const error = (result as unknown as { error: unknown }).error;
      assert.ok(error instanceof core.LeadLoopError, `${name}: result error is a LeadLoopError`);
      assert.equal(error.code, 'invalid_input', name);
      assert.ok(error.issues.length > 0, `${name}: names the bad field`);
    }
  } catch (error) {
    assert.ok(error instanceof core.LeadLoopError, `${name} threw ${String(error)}`);
    assert.ok(codes.includes(error.code), `${name}: code ${error.code}`);
  }
}

const describeValue = (v: unknown) => {
  try {
    return typeof v === 'symbol' || typeof v === 'bigint' ? String(v) : JSON.stringify(v)?.slice(0, 40) ?? String(v);
  } catch {
    return typeof v;
  }
};

test('parsers and analytics survive every hostile value in every position', async () => {
  const calls: [string, (v: unknown) => unknown][] = [
    ['parseLead', (v) => core.parseLead(v)],
    ['parseLead waterfall', (v) => core.parseLead(GOOD_LEAD, { waterfall: v as never })],
    ['parseFeedbackInput', (v) => core.parseFeedbackInput(v)],
    ['parseFeedbackInput reasons', (v) => core.parseFeedbackInput({ leadId: 'a', outcome: 'rejected', reason: 'spam' }, { reasons: v as never })],
    ['parseDefinition', (v) => core.parseDefinition(v)],
    ['parseWaterfall', (v) => core.parseWaterfall(v)],
    ['parseReasonCatalog', (v) => core.parseReasonCatalog(v)],
    ['parseFunnelQuery', (v) => core.parseFunnelQuery(v)],
    ['parseSla', (v) => core.parseSla(v)],
    ['parseChecklistAnswers', (v) => core.parseChecklistAnswers(GOOD_DEF, 'sal', v)],
    ['parseChecklistAnswers def', (v) => core.parseChecklistAnswers(v as never, 'sal', {})],
    ['computeFunnel leads', (v) => core.computeFunnel(v as never)],
    ['computeFunnel lead', (v) => core.computeFunnel([v] as never)],
    ['computeFunnel options', (v) => core.computeFunnel([GOOD_LEAD], v as never)],
    ['computeFunnel sla', (v) => core.computeFunnel([GOOD_LEAD], { sla: v as never })],
    ['computeFunnel now', (v) => core.computeFunnel([GOOD_LEAD], { now: v as never })],
    ['computeFunnel waterfall', (v) => core.computeFunnel([GOOD_LEAD], { waterfall: v as never })],
    ['planFunnel', (v) => core.planFunnel(v as never)],
    ['planFunnel goal', (v) => core.planFunnel({ revenueGoal: v as never, averageDealSize: 1, rates: {} })],
    ['planFunnel rates', (v) => core.planFunnel({ revenueGoal: 1, averageDealSize: 1, rates: v as never })],
    ['evaluateQualification def', (v) => core.evaluateQualification(v as never, 'sal', {})],
    ['evaluateQualification stage', (v) => core.evaluateQualification(GOOD_DEF, v as never, {})],
    ['evaluateQualification answers', (v) => core.evaluateQualification(GOOD_DEF, 'sal', v as never)],
    ['isApproved', (v) => core.isApproved(v as never)],
    ['customizeReasons', (v) => core.customizeReasons(core.DEFAULT_REASONS, v as never)],
    ['customizeReasons base', (v) => core.customizeReasons(v as never, {})],
    ['summarizeFeedback leads', (v) => core.summarizeFeedback(v as never, [], { groupBy: 'source' })],
    ['summarizeFeedback feedback', (v) => core.summarizeFeedback([GOOD_LEAD], v as never, { groupBy: 'source' })],
    ['summarizeFeedback query', (v) => core.summarizeFeedback([GOOD_LEAD], [], v as never)],
    ['computeFunnelBy', (v) => core.computeFunnelBy([GOOD_LEAD], v as never)],
    ['computeFunnelBy leads', (v) => core.computeFunnelBy(v as never, 'month')],
    ['timeInStage', (v) => core.timeInStage(v as never)],
    ['applyFeedback lead', (v) => core.applyFeedback(v as never, { id: 'f', leadId: 'a', outcome: 'accepted', by: 'x', at: '2026-01-01T00:00:00Z' })],
    ['applyFeedback feedback', (v) => core.applyFeedback(GOOD_LEAD, v as never)],
    ['leadMatcher', (v) => core.leadMatcher(v as never)(GOOD_LEAD)],
    ['observedRates', (v) => core.observedRates(v as never)],
    ['MemoryAdapter options', (v) => new core.MemoryAdapter(v as never)],
  ];
  for (const [name, call] of calls) {
    for (const value of HOSTILE) await survives(`${name}(${describeValue(value)})`, () => call(value));
  }
  assertNoFailures();
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype stays clean');
});

test('MemoryAdapter methods survive every hostile value', async () => {
  const adapter = new core.MemoryAdapter({ leads: [{ ...GOOD_LEAD, id: 'L1' }], definition: GOOD_DEF });
  const calls: [string, (v: unknown) => unknown][] = [
    ['getLead', (v) => adapter.getLead(v as never)],
    ['listFeedback', (v) => adapter.listFeedback(v as never)],
    ['submitFeedback input', (v) => adapter.submitFeedback(v as never, { idempotencyKey: 'k' })],
    ['submitFeedback options', (v) => adapter.submitFeedback({ leadId: 'L1', outcome: 'attempted' }, v as never)],
    ['saveChecklist id', (v) => adapter.saveChecklist(v as never, { stage: 'sal', answers: {} })],
    ['saveChecklist input', (v) => adapter.saveChecklist('L1', v as never)],
    ['getFunnel', (v) => adapter.getFunnel(v as never)],
    ['getFeedbackSummary', (v) => adapter.getFeedbackSummary(v as never)],
    ['saveDefinition', (v) => adapter.saveDefinition(v as never)],
    ['approveDefinition', (v) => adapter.approveDefinition(v as never)],
    ['putLeads', (v) => adapter.putLeads(v as never)],
    ['putLeads item', (v) => adapter.putLeads([v])],
  ];
  for (const [name, call] of calls) {
    for (const value of HOSTILE) await survives(`${name}(${describeValue(value)})`, () => call(value), ['invalid_input', 'not_found', 'conflict']);
  }
  assertNoFailures();
  assert.equal(adapter.listLeads().length, 1, 'nothing bad was stored');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
