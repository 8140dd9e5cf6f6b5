import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApproved, LeadLoopError, MemoryAdapter, type AdapterChange } from '@leadloop/core';
import { at, handedOff, lead } from './fixtures.js';

const clock = () => new Date(at(30));
const rejects = async (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (e: unknown) => e instanceof LeadLoopError && e.code === code);

test('submitFeedback is idempotent: same key and body → same feedback; another body → conflict', async () => {
  const adapter = new MemoryAdapter({ leads: [handedOff(0, null, { id: 'L1' })], clock, user: 'rep-7' });
  const input = { leadId: 'L1', outcome: 'rejected' as const, reason: 'no-budget' };
  const first = await adapter.submitFeedback(input, { idempotencyKey: 'k-1' });
  const again = await adapter.submitFeedback({ ...input }, { idempotencyKey: 'k-1' });
  assert.deepEqual(again, first);
  assert.equal(first.by, 'rep-7');
  assert.equal(first.at, at(30));
  assert.equal((await adapter.listFeedback('L1')).length, 1);
  await rejects(adapter.submitFeedback({ ...input, reason: 'spam' }, { idempotencyKey: 'k-1' }), 'conflict');
  await rejects(adapter.submitFeedback(input, { idempotencyKey: '' }), 'invalid_input');
  await rejects(adapter.submitFeedback(input, undefined as never), 'invalid_input');
});

test('feedback sets the first touch and exits the lead; the funnel sees it', async () => {
  const adapter = new MemoryAdapter({ leads: [handedOff(0, null, { id: 'L1' }), lead({ id: 'L2' })], clock });
  await adapter.submitFeedback({ leadId: 'L1', outcome: 'rejected', reason: 'spam' }, { idempotencyKey: 'a' });
  const detail = await adapter.getLead('L1');
  assert.equal(detail.firstTouchAt, at(30));
  assert.deepEqual(detail.exit, { kind: 'disqualified', reason: 'spam', at: at(30) });
  assert.equal(detail.feedback.length, 1);
  const funnel = await adapter.getFunnel();
  assert.deepEqual(funnel.followUp, { handedOff: 1, touched: 1, rate: 1 });
  assert.deepEqual(funnel.exits[0]!.reasons, [{ reason: 'spam', count: 1 }]);
  assert.deepEqual(funnel.sla, { withinSla: 0, breached: 1, pending: 0, compliance: 0 }, 'touched 30 min after hand-off, SLA 5 min');
});

test('bad feedback and unknown leads change nothing', async () => {
  const adapter = new MemoryAdapter({ leads: [handedOff(0, null, { id: 'L1' })], clock });
  await rejects(adapter.submitFeedback({ leadId: 'L1', outcome: 'rejected' } as never, { idempotencyKey: 'a' }), 'invalid_input');
  await rejects(adapter.submitFeedback({ leadId: 'nope', outcome: 'accepted' }, { idempotencyKey: 'b' }), 'not_found');
  await rejects(adapter.getLead('nope'), 'not_found');
  assert.equal((await adapter.getLead('L1')).firstTouchAt, null);
  assert.deepEqual(await adapter.listFeedback('L1'), []);
});

test('putLeads is all or nothing and names the bad lead', () => {
  const adapter = new MemoryAdapter();
  assert.throws(() => adapter.putLeads([lead({ id: 'ok' }), { id: 'bad', stage: 'mql' }]), (e: unknown) =>
    e instanceof LeadLoopError && e.issues.some((i) => i.path === 'leads.1.createdAt'));
  assert.equal(adapter.listLeads().length, 0);
});

test('checklist answers are validated, stored with the version, and evaluated', async () => {
  const definition = { id: 'd', version: 1, stages: { sal: { criteria: [{ id: 'budget', label: 'Budget', required: true }, { id: 'need', label: 'Need' }], threshold: 0.5 } }, approvals: [] };
  const adapter = new MemoryAdapter({ leads: [handedOff(0, null, { id: 'L1' })], definition, clock, user: 'rep-1' });
  const result = await adapter.saveChecklist('L1', { stage: 'sal', answers: { budget: true } });
  assert.deepEqual(result, { stage: 'sal', met: true, score: 0.5, threshold: 0.5, missingRequired: [] });
  assert.deepEqual((await adapter.getLead('L1')).checklist.sal, { answers: { budget: true }, by: 'rep-1', at: at(30), definitionVersion: 1 });
  await rejects(adapter.saveChecklist('L1', { stage: 'sal', answers: { bogus: true } }), 'invalid_input');
  await rejects(adapter.saveChecklist('L1', { stage: 'won', answers: {} }), 'invalid_input');
  await rejects(adapter.saveChecklist('nope', { stage: 'sal', answers: {} }), 'not_found');
});

test('definition: save makes a new unapproved version; stale edits conflict; both leaders sign', async () => {
  const adapter = new MemoryAdapter({ clock });
  const v1 = await adapter.getDefinition();
  assert.equal(v1.version, 1);
  const v2 = await adapter.saveDefinition({ ...v1, stages: { sal: { criteria: [{ id: 'budget', label: 'Budget' }] } } });
  assert.equal(v2.version, 2);
  await rejects(adapter.saveDefinition(v1), 'conflict');
  await rejects(adapter.approveDefinition({ role: 'sales', version: 1 }), 'conflict');
  await rejects(adapter.approveDefinition({ role: 'ceo' as never, version: 2 }), 'invalid_input');
  await adapter.approveDefinition({ role: 'sales', version: 2, by: 'Sam' });
  assert.equal(isApproved(await adapter.getDefinition()), false);
  const signed = await adapter.approveDefinition({ role: 'marketing', version: 2, by: 'Mia' });
  assert.equal(isApproved(signed), true);
  const v3 = await adapter.saveDefinition(signed);
  assert.equal(isApproved(v3), false, 'the next version needs sign-off again');
  const history = await adapter.getDefinitionHistory();
  assert.deepEqual(history.map((d) => [d.version, isApproved(d)]), [[1, false], [2, true], [3, false]]);
  await rejects(adapter.saveDefinition({ ...v3, stages: { nope: { criteria: [] } } }), 'invalid_input');
});

test('subscribers hear every change, and can stop listening', async () => {
  const adapter = new MemoryAdapter({ leads: [handedOff(0, null, { id: 'L1' })], clock });
  const changes: AdapterChange['type'][] = [];
  const stop = adapter.subscribe((c) => changes.push(c.type));
  adapter.subscribe(() => { throw new Error('a broken listener'); });
  await adapter.submitFeedback({ leadId: 'L1', outcome: 'attempted' }, { idempotencyKey: 'x' });
  await adapter.approveDefinition({ role: 'sales', version: 1 });
  stop();
  await adapter.submitFeedback({ leadId: 'L1', outcome: 'reached' }, { idempotencyKey: 'y' });
  assert.deepEqual(changes, ['feedback', 'definition']);
});

test('the funnel and summary honour queries; bad queries are invalid_input', async () => {
  const adapter = new MemoryAdapter({
    clock,
    leads: [
      handedOff(0, 2, { id: 'a', source: 'web', campaign: 'c1', createdAt: '2026-01-10T00:00:00Z' }),
      handedOff(0, 2, { id: 'b', source: 'event', campaign: 'c1', createdAt: '2026-02-10T00:00:00Z' }),
      lead({ id: 'c', source: 'web', createdAt: '2026-02-11T00:00:00Z' }),
    ].map((l) => ({ ...l, handedOffAt: undefined, firstTouchAt: null })),
  });
  assert.equal((await adapter.getFunnel({ source: 'web' })).total, 2);
  assert.equal((await adapter.getFunnel({ from: '2026-02-01', to: '2026-02-10' })).total, 1, 'a date-only "to" includes that day');
  assert.equal((await adapter.getFunnel({ from: '2026-02-11T00:00:00Z' })).total, 1);
  await rejects(adapter.getFunnel({ from: 'last week' }), 'invalid_input');
  await rejects(adapter.getFunnel({ from: '2026-03-01', to: '2026-02-01' }), 'invalid_input');
  const summary = await adapter.getFeedbackSummary({ groupBy: 'source' });
  assert.deepEqual(summary.groups.map((g) => [g.key, g.leads]), [['event', 1], ['web', 2]]);
  await rejects(adapter.getFeedbackSummary({ groupBy: 'color' as never }), 'invalid_input');
});

test('the reason catalog: add, relabel and retire — never drop an id feedback may cite', async () => {
  const adapter = new MemoryAdapter({ leads: [handedOff(0, null, { id: 'L1' })], clock });
  const changes: string[] = [];
  adapter.subscribe((c) => changes.push(c.type));
  const current = (await adapter.getConfig()).reasons;
  const next = [...current.map((r) => (r.id === 'spam' ? { ...r, label: 'Junk' } : r.id === 'bad-timing' ? { ...r, retired: true } : r)), { id: 'student', label: 'Student' }];
  const saved = await adapter.saveReasons(next);
  assert.equal(saved.find((r) => r.id === 'spam')!.label, 'Junk');
  assert.deepEqual(changes, ['reasons']);
  await adapter.submitFeedback({ leadId: 'L1', outcome: 'rejected', reason: 'student' }, { idempotencyKey: 'r1' });
  await rejects(adapter.saveReasons(saved.filter((r) => r.id !== 'student')), 'invalid_input');
  await rejects(adapter.saveReasons([...saved, { id: 'spam', label: 'twice' }]), 'invalid_input');
  await rejects(adapter.saveReasons(null as never), 'invalid_input');
  assert.equal((await adapter.getConfig()).reasons.length, saved.length, 'a refused catalog changes nothing');
});
