import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ceilQuotient, LeadLoopError, observedRates, planFunnel } from '@leadloop/core';

const rates = { inquiry: 0.5, mql: 0.4, sal: 0.5, sql: 0.5, opportunity: 0.25 };

test('plans backwards from wins: ceil(goal / deal) then ceil(next / rate)', () => {
  const plan = planFunnel({ revenueGoal: 1_000_000, averageDealSize: 50_000, rates });
  // won 20; opportunity 20/0.25=80; sql 80/0.5=160; sal 160/0.5=320; mql 320/0.4=800; inquiry 800/0.5=1600
  assert.deepEqual(plan.stages.map((s) => [s.id, s.required]), [
    ['inquiry', 1600], ['mql', 800], ['sal', 320], ['sql', 160], ['opportunity', 80], ['won', 20],
  ]);
  assert.equal(plan.stages[1]!.label, 'Marketing Qualified');
});

test('rounds up at every stage', () => {
  const plan = planFunnel({ revenueGoal: 100_001, averageDealSize: 50_000, rates: { ...rates, opportunity: 0.3 } });
  // won ceil(2.00002)=3; opp ceil(3/0.3=10)=10; sql 20; sal 40; mql 100; inquiry 200
  assert.deepEqual(plan.stages.map((s) => s.required), [200, 100, 40, 20, 10, 3]);
});

test('no float drift: 57 at a 0.57 rate needs 100, not 101', () => {
  assert.equal(57 / 0.57 > 100, true, 'the trap is real in binary floating point');
  assert.equal(ceilQuotient(57, 0.57), 100);
  const plan = planFunnel({ revenueGoal: 57, averageDealSize: 1, rates: { inquiry: 1, mql: 1, sal: 1, sql: 1, opportunity: 0.57 } });
  assert.equal(plan.stages[4]!.required, 100);
  assert.equal(ceilQuotient(0.3, 0.1), 3, '0.3 / 0.1 is 2.9999999999999996 in binary');
  assert.equal(ceilQuotient(7, 0.7), 10);
});

test('a zero goal needs no leads; a rate of 1 passes everything on', () => {
  const plan = planFunnel({ revenueGoal: 0, averageDealSize: 10, rates });
  assert.deepEqual(plan.stages.map((s) => s.required), [0, 0, 0, 0, 0, 0]);
  const ones = planFunnel({ revenueGoal: 30, averageDealSize: 10, rates: { inquiry: 1, mql: 1, sal: 1, sql: 1, opportunity: 1 } });
  assert.deepEqual(ones.stages.map((s) => s.required), [3, 3, 3, 3, 3, 3]);
});

test('bad input names every bad field', () => {
  const expectIssues = (input: unknown, paths: string[]) =>
    assert.throws(() => planFunnel(input as never), (error: unknown) => {
      assert.ok(error instanceof LeadLoopError);
      assert.equal(error.code, 'invalid_input');
      assert.deepEqual(error.issues.map((i) => i.path).sort(), [...paths].sort());
      return true;
    });
  expectIssues({ revenueGoal: NaN, averageDealSize: 0, rates }, ['revenueGoal', 'averageDealSize']);
  expectIssues({ revenueGoal: Infinity, averageDealSize: -5, rates }, ['revenueGoal', 'averageDealSize']);
  expectIssues({ revenueGoal: '100', averageDealSize: 10, rates }, ['revenueGoal']);
  expectIssues({ revenueGoal: 100, averageDealSize: 10, rates: { ...rates, mql: 0, sal: 1.5, sql: NaN } }, ['rates.mql', 'rates.sal', 'rates.sql']);
  expectIssues({ revenueGoal: 100, averageDealSize: 10, rates: { inquiry: 0.5 } }, ['rates.mql', 'rates.sal', 'rates.sql', 'rates.opportunity']);
  expectIssues({ revenueGoal: 100, averageDealSize: 10, rates: { ...rates, bogus: 0.5 } }, ['rates.bogus']);
  expectIssues({ revenueGoal: 100, averageDealSize: 10, rates: JSON.parse('{"__proto__": 0.5}') }, ['rates.mql', 'rates.sal', 'rates.sql', 'rates.opportunity', 'rates.inquiry', 'rates.__proto__']);
  expectIssues({ revenueGoal: 100, averageDealSize: 10, rates: null }, ['rates']);
  expectIssues(null, ['']);
  expectIssues({ revenueGoal: 1e300, averageDealSize: 1, rates: { inquiry: 0.001, mql: 0.001, sal: 0.001, sql: 0.001, opportunity: 0.001 } }, ['revenueGoal']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('observed rates prefill a plan from a funnel report', () => {
  const report = { stages: [
    { id: 'inquiry', fromPrevious: null }, { id: 'mql', fromPrevious: 0.5 }, { id: 'sal', fromPrevious: 0 }, { id: 'sql', fromPrevious: null },
  ] };
  assert.deepEqual(observedRates(report), { inquiry: 0.5 });
});
