import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFunnel, LeadLoopError, type Lead } from '@leadloop/core';
import { at, handedOff, lead } from './fixtures.js';

const MIN = 60_000;

test('an empty set has zero counts and null rates everywhere', () => {
  const report = computeFunnel([], { sla: { firstTouchWithinMs: 5 * MIN }, now: new Date(at(0)) });
  assert.equal(report.total, 0);
  assert.equal(report.stages.length, 6);
  for (const stage of report.stages) {
    assert.equal(stage.reached, 0);
    assert.equal(stage.current, 0);
    assert.equal(stage.fromPrevious, null);
    assert.equal(stage.fromFirst, null);
  }
  assert.deepEqual(report.followUp, { handedOff: 0, touched: 0, rate: null });
  assert.deepEqual(report.timeToFirstTouch, { medianMs: null, p90Ms: null });
  assert.deepEqual(report.sla, { withinSla: 0, breached: 0, pending: 0, compliance: null });
  assert.deepEqual(report.exits.map((e) => [e.kind, e.count]), [['disqualified', 0], ['recycled', 0], ['lost', 0]]);
});

test('one lead at inquiry reaches only the first stage', () => {
  const report = computeFunnel([lead()]);
  assert.deepEqual(report.stages.map((s) => s.reached), [1, 0, 0, 0, 0, 0]);
  assert.equal(report.stages[0]!.fromFirst, 1);
  assert.equal(report.stages[0]!.fromPrevious, null);
  assert.equal(report.stages[1]!.fromPrevious, 0);
  assert.equal(report.stages[2]!.fromPrevious, null, '0 / 0 is null, not NaN');
  assert.equal(report.sla, undefined, 'no SLA given, no SLA block');
});

test('reached counts the stage and every later one; current excludes exited leads', () => {
  const leads: Lead[] = [
    lead({ stage: 'inquiry' }),
    lead({ stage: 'inquiry', exit: { kind: 'disqualified', reason: 'spam', at: at(1) } }),
    handedOff(0, 3),
    handedOff(0, 3, { stage: 'sal' }),
    handedOff(0, 3, { stage: 'sql', exit: { kind: 'lost', reason: 'competitor', at: at(10) } }),
    handedOff(0, 3, { stage: 'won' }),
  ];
  const report = computeFunnel(leads);
  assert.deepEqual(report.stages.map((s) => s.reached), [6, 4, 3, 2, 1, 1]);
  assert.deepEqual(report.stages.map((s) => s.current), [1, 1, 1, 0, 0, 1]);
  assert.deepEqual(report.stages.map((s) => s.fromPrevious), [null, 4 / 6, 3 / 4, 2 / 3, 1 / 2, 1]);
  assert.deepEqual(report.stages.map((s) => s.fromFirst), [1, 4 / 6, 3 / 6, 2 / 6, 1 / 6, 1 / 6]);
  assert.deepEqual(report.stages.map((s) => s.label), ['Inquiry', 'Marketing Qualified', 'Sales Accepted', 'Sales Qualified', 'Opportunity', 'Won']);
});

test('exits count by kind with reasons sorted by count, most first', () => {
  const exit = (kind: string, reason?: string) => lead({ exit: reason ? { kind, reason, at: at(5) } : { kind, at: at(5) } });
  const report = computeFunnel([
    exit('disqualified', 'spam'), exit('disqualified', 'poor-fit'), exit('disqualified', 'poor-fit'),
    exit('disqualified', 'bad-data'), exit('disqualified', 'poor-fit'), exit('disqualified', 'spam'),
    exit('recycled', 'bad-timing'), exit('lost'),
  ]);
  assert.deepEqual(report.exits, [
    { kind: 'disqualified', count: 6, reasons: [{ reason: 'poor-fit', count: 3 }, { reason: 'spam', count: 2 }, { reason: 'bad-data', count: 1 }] },
    { kind: 'recycled', count: 1, reasons: [{ reason: 'bad-timing', count: 1 }] },
    { kind: 'lost', count: 1, reasons: [] },
  ]);
});

test('all leads exited: reach is kept, nothing is current', () => {
  const leads = [
    handedOff(0, 1, { exit: { kind: 'disqualified', reason: 'spam', at: at(2) } }),
    handedOff(0, 1, { stage: 'sal', exit: { kind: 'recycled', reason: 'bad-timing', at: at(2) } }),
  ];
  const report = computeFunnel(leads);
  assert.deepEqual(report.stages.map((s) => s.reached), [2, 2, 1, 0, 0, 0]);
  assert.deepEqual(report.stages.map((s) => s.current), [0, 0, 0, 0, 0, 0]);
  assert.equal(report.exits[0]!.count + report.exits[1]!.count, 2);
});

test('follow-up: handed off = reached the hand-off stage; touched = firstTouchAt set', () => {
  const report = computeFunnel([lead(), handedOff(0, 2), handedOff(0, null), handedOff(0, 7, { stage: 'sql' }), lead({ firstTouchAt: at(1) })]);
  assert.deepEqual(report.followUp, { handedOff: 3, touched: 2, rate: 2 / 3 });
});

test('time to first touch: odd count median is the middle value; p90 is nearest-rank', () => {
  // durations 1..9 minutes: median 5; p90 rank ceil(0.9*9)=9 → 9 min
  const leads = [5, 3, 9, 1, 7, 2, 8, 4, 6].map((m) => handedOff(10, m));
  const { timeToFirstTouch } = computeFunnel(leads);
  assert.equal(timeToFirstTouch.medianMs, 5 * MIN);
  assert.equal(timeToFirstTouch.p90Ms, 9 * MIN);
});

test('time to first touch: even count median is the mean of the two middle values', () => {
  // durations 1, 2, 4, 10 minutes: median (2+4)/2 = 3; p90 rank ceil(3.6)=4 → 10 min
  const { timeToFirstTouch } = computeFunnel([10, 1, 4, 2].map((m) => handedOff(0, m)));
  assert.equal(timeToFirstTouch.medianMs, 3 * MIN);
  assert.equal(timeToFirstTouch.p90Ms, 10 * MIN);
});

test('nearest rank at sizes where the rank is a whole number (no float drift: 7% of 100 is rank 7, not 8)', () => {
  for (const n of [10, 20, 30, 70, 100]) {
    const leads = Array.from({ length: n }, (_, i) => handedOff(0, n - i)); // durations 1..n minutes, reversed
    const rank = (9 * n) / 10;
    assert.equal(computeFunnel(leads).timeToFirstTouch.p90Ms, rank * MIN, `n=${n}`);
  }
  assert.equal(computeFunnel([handedOff(0, 4)]).timeToFirstTouch.p90Ms, 4 * MIN, 'one value is every percentile');
});

test('SLA: within, breached late, breached untouched past the limit, pending inside it', () => {
  const now = new Date(at(100));
  const leads = [
    handedOff(0, 5), // touched exactly at the limit → within
    handedOff(0, 4), // within
    handedOff(0, 6), // touched late → breached
    handedOff(90, null), // untouched, 10 min old at now → breached
    handedOff(97, null), // untouched, 3 min old → pending
    handedOff(95, null), // untouched, exactly 5 min old → pending (not past the limit)
    lead(), // not handed off: outside the SLA
  ];
  const { sla } = computeFunnel(leads, { sla: { firstTouchWithinMs: 5 * MIN }, now });
  assert.deepEqual(sla, { withinSla: 2, breached: 2, pending: 2, compliance: 2 / 4 });
});

test('SLA pending turns breached as now moves on', () => {
  const leads = [handedOff(0, null)];
  const sla = { firstTouchWithinMs: 30 * MIN };
  assert.equal(computeFunnel(leads, { sla, now: new Date(at(29)) }).sla!.pending, 1);
  assert.equal(computeFunnel(leads, { sla, now: new Date(at(31)) }).sla!.breached, 1);
  assert.equal(computeFunnel(leads, { sla, now: new Date(at(31)) }).sla!.compliance, 0);
});

test('hand-off time falls back to stage history, then to creation', () => {
  const viaHistory = lead({ stage: 'sal', stageHistory: [{ stage: 'inquiry', at: at(0) }, { stage: 'mql', at: at(60) }], firstTouchAt: at(62) });
  const viaCreation = lead({ stage: 'mql', createdAt: at(10), firstTouchAt: at(14) });
  const { timeToFirstTouch } = computeFunnel([viaHistory, viaCreation]);
  assert.equal(timeToFirstTouch.medianMs, 3 * MIN);
});

test('a configurable waterfall: ids, labels, order, hand-off stage', () => {
  const waterfall = {
    stages: [{ id: 'lead', label: 'Lead' }, { id: 'qualified', label: 'Qualified' }, { id: 'customer', label: 'Customer' }],
    handoffStage: 'qualified',
    exits: [{ kind: 'junk', label: 'Junk' }],
  };
  const report = computeFunnel([
    { id: 'a', createdAt: at(0), stage: 'lead' },
    { id: 'b', createdAt: at(0), stage: 'customer', firstTouchAt: at(1) },
    { id: 'c', createdAt: at(0), stage: 'qualified', exit: { kind: 'junk', at: at(1) } },
  ], { waterfall });
  assert.deepEqual(report.stages.map((s) => [s.id, s.reached]), [['lead', 3], ['qualified', 2], ['customer', 1]]);
  assert.deepEqual(report.followUp, { handedOff: 2, touched: 1, rate: 0.5 });
  assert.deepEqual(report.exits, [{ kind: 'junk', count: 1, reasons: [] }]);
});

test('bad input throws invalid_input naming the field, never a TypeError', () => {
  const cases: [unknown, unknown, string][] = [
    [null, {}, 'leads'],
    [[lead({ stage: 'nope' })], {}, 'leads.0.stage'],
    [[lead(), null], {}, 'leads.1'],
    [[handedOff(0, 1, { firstTouchAt: 'yesterday' })], {}, 'leads.0.firstTouchAt'],
    [[handedOff(0, 1, { handedOffAt: '2026-02-30T00:00:00Z' })], {}, 'leads.0.handedOffAt'],
    [[lead({ exit: { kind: 'vanished', at: at(0) } })], {}, 'leads.0.exit.kind'],
    [[], { now: new Date('nope') }, 'now'],
    [[], { sla: { firstTouchWithinMs: NaN } }, 'sla.firstTouchWithinMs'],
    [[], { sla: { firstTouchWithinMs: -1 } }, 'sla.firstTouchWithinMs'],
    [[], { waterfall: { stages: [], handoffStage: 'x', exits: [] } }, 'stages'],
  ];
  for (const [leads, options, path] of cases) {
    assert.throws(() => computeFunnel(leads as Lead[], options as object), (error: unknown) => {
      assert.ok(error instanceof LeadLoopError, `${path}: ${String(error)}`);
      assert.equal(error.code, 'invalid_input');
      assert.ok(error.issues.some((i) => i.path === path || i.path.startsWith(`${path}.`) || (path === 'leads.1' && i.path.startsWith('leads.1'))), `${path} in ${JSON.stringify(error.issues)}`);
      return true;
    });
  }
});

test('timestamps in other zones and without milliseconds read the same instant', () => {
  const a = handedOff(0, 5);
  const b = { ...a, id: 'b', handedOffAt: '2026-03-01T01:00:00+01:00', firstTouchAt: '2026-03-01T00:05:00Z' };
  const report = computeFunnel([a, b]);
  assert.equal(report.timeToFirstTouch.medianMs, 5 * MIN);
});
