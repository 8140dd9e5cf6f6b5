import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFeedback, DEFAULT_REASONS, customizeReasons, isoToMs, LeadLoopError, parseFeedbackInput, parseLead, timeMs, type Feedback } from '@leadloop/core';

const good = { id: '00Q5e00000AbCdE', name: 'Ada Lovelace', company: 'Analytical Engines', email: 'ada@example.com', source: 'webinar', campaign: 'Q1 launch', owner: 'rep-1', createdAt: '2026-01-05T09:00:00Z', stage: 'mql', handedOffAt: '2026-01-05T09:05:00Z', firstTouchAt: null };

test('parseLead returns the lead, nulls of optional text dropped', () => {
  const result = parseLead({ ...good, company: null });
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.equal(result.value.company, undefined);
  assert.equal(result.value.firstTouchAt, null);
  assert.equal(result.value.name, 'Ada Lovelace');
});

test('parseLead names every bad field and never throws', () => {
  const hostile: unknown[] = [
    undefined, null, 42, 'lead', [], { ...good, id: '' }, { ...good, id: 'a/b' }, { ...good, createdAt: 'yesterday' },
    { ...good, createdAt: '2026-02-30T00:00:00Z' }, { ...good, createdAt: 1_700_000_000_000 }, { ...good, stage: 'nope' },
    { ...good, name: 'x'.repeat(10_000) }, { ...good, email: 'not-an-email' }, { ...good, exit: { kind: 'gone', at: good.createdAt } },
    { ...good, handedOffAt: '2025-01-01T00:00:00Z' }, { ...good, stageHistory: [{ stage: 'x', at: good.createdAt }] },
    JSON.parse(`{"id":"x","createdAt":"${good.createdAt}","stage":"mql","__proto__":{"admin":true}}`),
    { ...good, name: { toString: () => 'x' } }, { ...good, createdAt: NaN },
  ];
  for (const input of hostile) {
    const result = parseLead(input);
    assert.equal(result.ok, false, JSON.stringify(input)?.slice(0, 80));
    if (result.ok) continue;
    assert.ok(result.error instanceof LeadLoopError);
    assert.equal(result.error.code, 'invalid_input');
    assert.ok(result.error.issues.length > 0);
  }
  const many = parseLead({ ...good, id: 5, createdAt: 'x', stage: 7, email: 'nope' });
  assert.equal(many.ok, false);
  if (!many.ok) assert.deepEqual(many.error.issues.map((i) => i.path).sort(), ['createdAt', 'email', 'id', 'stage']);
  assert.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype pollution');
});

test('feedback input: outcome, reason in the catalog (required to reject or recycle), rating 1–5, note ≤ 2000', () => {
  assert.deepEqual(parseFeedbackInput({ leadId: 'L1', outcome: 'rejected', reason: 'no-budget', rating: 2, note: 'x' }), {
    ok: true, value: { leadId: 'L1', outcome: 'rejected', reason: 'no-budget', rating: 2, note: 'x' },
  });
  const cases: [unknown, string][] = [
    [{ leadId: 'L1', outcome: 'rejected' }, 'reason'],
    [{ leadId: 'L1', outcome: 'recycled' }, 'reason'],
    [{ leadId: 'L1', outcome: 'rejected', reason: 'made-up' }, 'reason'],
    [{ leadId: 'L1', outcome: 'won' }, 'outcome'],
    [{ leadId: 'L1', outcome: 'accepted', rating: 6 }, 'rating'],
    [{ leadId: 'L1', outcome: 'accepted', rating: 2.5 }, 'rating'],
    [{ leadId: 'L1', outcome: 'accepted', rating: NaN }, 'rating'],
    [{ leadId: 'L1', outcome: 'accepted', note: 'x'.repeat(2001) }, 'note'],
    [{ leadId: '', outcome: 'accepted' }, 'leadId'],
    [{ leadId: 'L1', outcome: 'accepted', at: 'soon' }, 'at'],
  ];
  for (const [input, path] of cases) {
    const result = parseFeedbackInput(input);
    assert.equal(result.ok, false, path);
    if (!result.ok) assert.ok(result.error.issues.some((i) => i.path === path), `${path}: ${JSON.stringify(result.error.issues)}`);
  }
  assert.equal(parseFeedbackInput({ leadId: 'L1', outcome: 'accepted', note: 'x'.repeat(2000) }).ok, true);
});

test('an admin adds and relabels reasons; feedback validates against that catalog', () => {
  const catalog = customizeReasons(DEFAULT_REASONS, { add: [{ id: 'student', label: 'Student' }], relabel: { spam: 'Junk' }, retire: ['bad-timing'] });
  assert.equal(catalog.find((r) => r.id === 'spam')!.label, 'Junk');
  assert.equal(catalog.find((r) => r.id === 'bad-timing')!.retired, true);
  assert.equal(DEFAULT_REASONS.find((r) => r.id === 'spam')!.label, 'Spam', 'the defaults are not changed');
  assert.equal(parseFeedbackInput({ leadId: 'L', outcome: 'rejected', reason: 'student' }, { reasons: catalog }).ok, true);
  assert.equal(parseFeedbackInput({ leadId: 'L', outcome: 'rejected', reason: 'student' }).ok, false);
  assert.throws(() => customizeReasons(DEFAULT_REASONS, { relabel: { nope: 'x' } }), LeadLoopError);
  assert.throws(() => customizeReasons(DEFAULT_REASONS, { add: [{ id: 'spam', label: 'again' }] }), LeadLoopError);
});

test('applying feedback: first touch, accept and qualify advance, reject and recycle exit', () => {
  const lead = { id: 'L1', createdAt: '2026-01-05T09:00:00Z', stage: 'mql', handedOffAt: '2026-01-05T09:05:00Z' };
  const fb = (outcome: Feedback['outcome'], at: string, reason?: string): Feedback => ({ id: 'f', leadId: 'L1', outcome, by: 'rep', at, ...(reason ? { reason } : {}) });
  const touched = applyFeedback(lead, fb('attempted', '2026-01-05T09:07:00Z'));
  assert.equal(touched.firstTouchAt, '2026-01-05T09:07:00Z');
  assert.equal(touched.stage, 'mql');
  assert.equal((lead as { firstTouchAt?: string }).firstTouchAt, undefined, 'input lead unchanged');
  const accepted = applyFeedback(touched, fb('accepted', '2026-01-05T10:00:00Z'));
  assert.equal(accepted.firstTouchAt, '2026-01-05T09:07:00Z', 'first touch stays the first');
  assert.equal(accepted.stage, 'sal');
  assert.deepEqual(accepted.stageHistory, [{ stage: 'sal', at: '2026-01-05T10:00:00Z' }]);
  assert.equal(applyFeedback(accepted, fb('qualified', '2026-01-06T10:00:00Z')).stage, 'sql');
  assert.equal(applyFeedback({ ...lead, stage: 'opportunity' }, fb('accepted', '2026-01-06T10:00:00Z')).stage, 'opportunity', 'never backwards');
  assert.deepEqual(applyFeedback(lead, fb('rejected', '2026-01-05T11:00:00Z', 'spam')).exit, { kind: 'disqualified', reason: 'spam', at: '2026-01-05T11:00:00Z' });
  assert.equal(applyFeedback(lead, fb('recycled', '2026-01-05T11:00:00Z', 'bad-timing')).exit!.kind, 'recycled');
});

test('the fast timestamp reader agrees with Date.parse and rejects impossible dates', () => {
  for (const iso of ['2026-01-31T09:30:00.000Z', '2024-02-29T23:59:59.999Z', '1999-12-31T00:00:00.000Z', '2026-03-01T01:00:00+01:00', '2026-03-01T01:00Z']) {
    assert.equal(timeMs(iso), Date.parse(iso), iso);
  }
  for (const bad of ['2026-02-29T00:00:00.000Z', '2026-13-01T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2026-01-01 00:00:00', 'x'.repeat(24), '2026-01-01']) {
    assert.ok(Number.isNaN(timeMs(bad)), bad);
  }
  assert.equal(isoToMs('2026-03-01T01:00:00+0100'), Date.parse('2026-03-01T00:00:00Z'), 'Salesforce writes offsets without a colon');
});

test('the fast timestamp reader agrees with Date.parse on every day 1900–2199 and at its edges', () => {
  // Every day of the table's range at a varying time, so each month row and leap year is read once.
  for (let ms = Date.UTC(1900, 0, 1), step = 86_400_000 + 3_723_457; ms < Date.UTC(2200, 0, 1); ms += step) {
    const iso = new Date(ms).toISOString();
    assert.equal(timeMs(iso), ms, iso);
  }
  for (const iso of ['1900-01-01T00:00:00.000Z', '2199-12-31T23:59:59.999Z', '2200-01-01T00:00:00.000Z', '1899-12-31T23:59:59.999Z', '2000-02-29T12:00:00.000Z', '2026-01-31T09:30:00+0100']) {
    assert.equal(timeMs(iso), Date.parse(iso.replace('+0100', '+01:00')), iso);
  }
  // One character changed at each position of the canonical form: NaN, or the time Date.parse reads.
  const good = '2024-02-29T23:59:59.999Z';
  for (let i = 0; i < good.length; i++) {
    for (const c of ['/', ':', 'a', ' ', '\u0660', good[i] === '9' ? '0' : '9']) {
      const changed = good.slice(0, i) + c + good.slice(i + 1);
      const ms = timeMs(changed);
      assert.ok(Number.isNaN(ms) || ms === Date.parse(changed), changed);
    }
  }
  for (const bad of ['2026-00-10T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-04-00T00:00:00.000Z', '2023-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2026-01-01T00:60:00.000Z', '2026-01-01T00:00:60.000Z']) {
    assert.ok(Number.isNaN(timeMs(bad)), bad);
  }
});
