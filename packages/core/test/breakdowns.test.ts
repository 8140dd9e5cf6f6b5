import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFunnelBy, summarizeFeedback, timeInStage, type Feedback } from '@leadloop/core';
import { at, handedOff, lead } from './fixtures.js';

const fb = (leadId: string, outcome: Feedback['outcome'], extra: Partial<Feedback> = {}): Feedback => ({ id: `${leadId}-${outcome}`, leadId, outcome, by: 'rep', at: at(60), ...extra });

test('funnel by month of creation and by source', () => {
  const leads = [
    handedOff(0, 3, { createdAt: '2026-01-03T00:00:00Z', source: 'web' }),
    lead({ createdAt: '2026-01-20T00:00:00Z', source: 'web' }),
    handedOff(0, 30, { createdAt: '2026-02-03T00:00:00Z' }),
  ].map((l) => ({ ...l, handedOffAt: undefined, firstTouchAt: l.firstTouchAt ? '2026-02-04T00:00:00Z' : null }));
  const byMonth = computeFunnelBy(leads, 'month');
  assert.deepEqual(byMonth.map((g) => [g.key, g.report.total, g.report.followUp.handedOff]), [['2026-01', 2, 1], ['2026-02', 1, 1]]);
  const bySource = computeFunnelBy(leads, 'source');
  assert.deepEqual(bySource.map((g) => [g.key, g.report.total]), [['web', 2], [null, 1]], 'leads without a source group last, under null');
});

test('feedback summary: counts by outcome, reasons by count, mean rating, follow-up and a monthly trend', () => {
  const leads = [
    handedOff(0, 2, { id: 'a', campaign: 'spring', createdAt: '2026-01-05T00:00:00Z' }),
    handedOff(0, null, { id: 'b', campaign: 'spring', createdAt: '2026-02-05T00:00:00Z' }),
    lead({ id: 'c', campaign: 'fall', createdAt: '2026-02-06T00:00:00Z' }),
  ].map((l) => ({ ...l, handedOffAt: undefined, firstTouchAt: l.firstTouchAt ? '2026-03-01T00:00:00Z' : l.firstTouchAt }));
  const feedback = [
    fb('a', 'rejected', { reason: 'no-budget', rating: 2 }), fb('a', 'attempted'), fb('b', 'recycled', { reason: 'bad-timing', rating: 4 }),
    fb('b', 'rejected', { reason: 'no-budget' }), fb('c', 'accepted', { rating: 5 }), fb('zzz', 'accepted'),
  ];
  const { groups } = summarizeFeedback(leads, feedback, { groupBy: 'campaign' });
  assert.deepEqual(groups.map((g) => g.key), ['fall', 'spring']);
  const spring = groups[1]!;
  assert.equal(spring.leads, 2);
  assert.equal(spring.feedback, 4);
  assert.deepEqual([spring.accepted, spring.rejected, spring.recycled], [0, 2, 1]);
  assert.deepEqual(spring.reasons, [{ reason: 'no-budget', count: 2 }, { reason: 'bad-timing', count: 1 }]);
  assert.equal(spring.meanRating, 3);
  assert.deepEqual([spring.handedOff, spring.touched, spring.followUpRate], [2, 1, 0.5]);
  assert.deepEqual(spring.trend.map((t) => [t.month, t.leads, t.feedback]), [['2026-01', 1, 2], ['2026-02', 1, 2]]);
  assert.equal(groups[0]!.followUpRate, null, 'no lead handed off: no rate');
  const february = summarizeFeedback(leads, feedback, { groupBy: 'campaign', from: '2026-02-01' });
  assert.equal(february.groups.find((g) => g.key === 'spring')!.leads, 1);
});

test('time in stage from stage history: completed stays only', () => {
  const h = (stage: string, minutes: number) => ({ stage, at: at(minutes) });
  const leads = [
    lead({ stage: 'sal', stageHistory: [h('inquiry', 0), h('mql', 10), h('sal', 40)] }),
    lead({ stage: 'mql', stageHistory: [h('inquiry', 0), h('mql', 30)], exit: { kind: 'disqualified', at: at(90) } }),
  ];
  const dwell = timeInStage(leads);
  const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);
  assert.deepEqual(dwell.map((d) => [d.stage, d.count, minutes(d.medianMs), minutes(d.p90Ms)]), [
    ['inquiry', 2, 20, 30], ['mql', 2, 45, 60], ['sal', 0, null, null], ['sql', 0, null, null], ['opportunity', 0, null, null], ['won', 0, null, null],
  ]);
});
