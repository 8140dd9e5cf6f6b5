import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateQualification, isApproved, LeadLoopError, parseChecklistAnswers, parseDefinition, type QualificationDefinition } from '@leadloop/core';

const definition: QualificationDefinition = {
  id: 'acme',
  version: 3,
  stages: {
    sal: {
      threshold: 0.5,
      criteria: [
        { id: 'budget', label: 'Has budget', required: true, weight: 2 },
        { id: 'authority', label: 'Talks to the decision maker', weight: 1 },
        { id: 'need', label: 'Named a need', help: 'In their words', weight: 1 },
      ],
    },
    sql: { criteria: [{ id: 'timeline', label: 'Buys within 6 months' }] },
    mql: { criteria: [] },
  },
  approvals: [
    { role: 'sales', by: 'Sam', at: '2026-02-01T10:00:00Z', version: 3 },
    { role: 'marketing', by: 'Mia', at: '2026-01-01T10:00:00Z', version: 2 },
  ],
};

test('score is checked weight over total weight; met needs every required one and the threshold', () => {
  assert.deepEqual(evaluateQualification(definition, 'sal', { budget: true, authority: false, need: false }), {
    stage: 'sal', met: true, score: 0.5, threshold: 0.5, missingRequired: [],
  });
  assert.deepEqual(evaluateQualification(definition, 'sal', { authority: true, need: true }), {
    stage: 'sal', met: false, score: 0.5, threshold: 0.5, missingRequired: ['budget'],
  });
  const low = evaluateQualification({ ...definition, stages: { sal: { ...definition.stages.sal!, threshold: 0.8 } } }, 'sal', { budget: true, need: true });
  assert.equal(low.score, 0.75);
  assert.equal(low.met, false, 'below the threshold even with every required one');
});

test('weight defaults to 1 and threshold to 0', () => {
  assert.deepEqual(evaluateQualification(definition, 'sql', {}), { stage: 'sql', met: true, score: 0, threshold: 0, missingRequired: [] });
  assert.equal(evaluateQualification(definition, 'sql', { timeline: true }).score, 1);
  assert.equal(evaluateQualification(definition, 'mql', {}).met, true, 'a stage with no criteria asks nothing');
});

test('answers for criteria no longer defined are ignored; non-boolean answers and unknown stages are errors', () => {
  assert.equal(evaluateQualification(definition, 'sql', { timeline: true, removedLastVersion: true }).score, 1);
  assert.throws(() => evaluateQualification(definition, 'sal', { budget: 'yes' } as never), (e: unknown) => e instanceof LeadLoopError && e.issues[0]!.path === 'answers.budget');
  assert.throws(() => evaluateQualification(definition, 'won', {}), (e: unknown) => e instanceof LeadLoopError && e.code === 'invalid_input' && e.issues[0]!.path === 'stage');
  assert.throws(() => evaluateQualification(definition, '__proto__', {}), LeadLoopError);
  assert.throws(() => evaluateQualification(definition, 'sal', null as never), LeadLoopError);
});

test('approved only when both roles signed the current version', () => {
  assert.equal(isApproved(definition), false, 'marketing signed version 2 only');
  const both = { ...definition, approvals: [...definition.approvals, { role: 'marketing' as const, by: 'Mia', at: '2026-02-02T10:00:00Z', version: 3 }] };
  assert.equal(isApproved(both), true);
  assert.equal(isApproved({ ...both, version: 4, approvals: both.approvals }), false, 'a new version needs new sign-off');
});

test('parseDefinition accepts a good definition and names every bad field', () => {
  const ok = parseDefinition(definition);
  assert.equal(ok.ok, true);
  const bad = parseDefinition({
    id: '',
    version: 0,
    stages: { nope: { criteria: [{ id: 'a', label: 'A', weight: -1 }, { id: 'a', label: '' }] }, sal: { criteria: [], threshold: 2 } },
    approvals: [{ role: 'ceo', by: 'x', at: 'now', version: 1 }],
  });
  assert.equal(bad.ok, false);
  if (bad.ok) return;
  const paths = bad.error.issues.map((i) => i.path);
  for (const path of ['id', 'version', 'stages.nope.criteria.0.weight', 'stages.nope.criteria.1.label', 'stages.sal.threshold', 'approvals.0.role', 'approvals.0.at']) {
    assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
  }
  const unknownStage = parseDefinition({ id: 'x', version: 1, stages: { nope: { criteria: [] } }, approvals: [] });
  assert.equal(unknownStage.ok, false);
  if (!unknownStage.ok) assert.equal(unknownStage.error.issues[0]!.path, 'stages.nope');
  const hostile = parseDefinition(JSON.parse('{"id":"x","version":1,"stages":{"__proto__":{"criteria":[]}},"approvals":[]}'));
  assert.equal(hostile.ok, false);
  if (!hostile.ok) assert.equal(hostile.error.issues[0]!.path, 'stages.__proto__');
  assert.equal(({} as Record<string, unknown>).criteria, undefined);
});

test('checklist answers to store: only criteria of the stage, only booleans', () => {
  assert.deepEqual(parseChecklistAnswers(definition, 'sal', { budget: true }), { ok: true, value: { budget: true } });
  const unknown = parseChecklistAnswers(definition, 'sal', { budget: true, bogus: false });
  assert.equal(unknown.ok, false);
  if (!unknown.ok) assert.equal(unknown.error.issues[0]!.path, 'bogus');
  assert.equal(parseChecklistAnswers(definition, 'sal', { budget: 1 }).ok, false);
  assert.equal(parseChecklistAnswers(definition, 'won', {}).ok, false);
});
