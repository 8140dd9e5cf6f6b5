import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  computeFunnel, DEFAULT_REASONS, DEFAULT_SLA, isApproved, LeadLoopError, leadMatcher, summarizeFeedback,
  type Feedback, type FunnelQuery, type GroupKey, type Lead,
} from '@leadloop/core';
import { demoDefinition, generateSeed, seedStore, type SqlStore } from '@leadloop/server';
import { storeTargets, type StoreTarget } from './store-targets.js';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const clock = () => NOW;

function rejectsWith(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof LeadLoopError, `expected a LeadLoopError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

/** The generated data set, kept in memory to compute the expected figures with core. */
function seedData(count: number, seed = 7): { leads: Lead[]; feedback: Feedback[] } {
  const leads: Lead[] = [], feedback: Feedback[] = [];
  for (const batch of generateSeed({ leads: count, seed, now: NOW, days: 120, batchSize: 400 })) {
    leads.push(...batch.leads);
    feedback.push(...batch.feedback);
  }
  return { leads, feedback };
}

const lead = (id: string, extra: Partial<Lead> = {}): Lead => ({ id, createdAt: '2026-03-01T10:00:00.000Z', stage: 'inquiry', ...extra });

for (const { name, make: makeTarget } of storeTargets()) {
  let target: StoreTarget;
  let store: SqlStore;

  describe(`SQL store on ${name}`, () => {
    before(async () => {
      target = await makeTarget();
      store = await target.open({ clock, definition: demoDefinition() });
    });
    after(async () => {
      await store?.close();
      await target?.dispose();
    });

    describe('funnel and summaries equal core over the same leads', () => {
      const data = seedData(1500);
      before(async () => {
        await store.reset();
        await seedStore(store, { leads: 1500, seed: 7, now: NOW, days: 120, batchSize: 400 });
      });

      const queries: [string, FunnelQuery][] = [
        ['no filter', {}],
        ['one source', { source: 'Webinar' }],
        ['one campaign', { campaign: 'Brand Search' }],
        ['one owner', { owner: 'Grace Kim' }],
        ['date-only range', { from: '2026-04-01', to: '2026-04-30' }],
        ['date-time range and a source', { from: '2026-03-15T08:30:00Z', to: '2026-05-02T17:00:00+02:00', source: 'Paid Search' }],
        ['a filter that matches nothing', { source: 'Nowhere' }],
      ];
      for (const [name, query] of queries) {
        test(`getFunnel: ${name}`, async () => {
          const expected = computeFunnel(data.leads.filter(leadMatcher(query)), { sla: DEFAULT_SLA, now: NOW });
          assert.deepEqual(await store.getFunnel(query), expected);
        });
      }

      test('the seeded funnel looks like a funnel: drop-off at every stage, touched and untouched leads, SLA hits and misses', async () => {
        const report = await store.getFunnel();
        assert.equal(report.total, 1500);
        for (let i = 1; i < report.stages.length; i++) assert.ok(report.stages[i]!.reached < report.stages[i - 1]!.reached, `stage ${i} drops`);
        assert.ok(report.stages.at(-1)!.reached > 0, 'some leads are won');
        assert.ok(report.followUp.touched > 0 && report.followUp.touched < report.followUp.handedOff);
        assert.ok(report.sla!.withinSla > 0 && report.sla!.breached > 0);
        assert.ok(report.exits.find((e) => e.kind === 'disqualified')!.reasons.length >= 5, 'rejections carry several reasons');
      });

      for (const groupBy of ['campaign', 'source', 'owner', 'month'] as GroupKey[]) {
        test(`getFeedbackSummary by ${groupBy}`, async () => {
          const expected = summarizeFeedback(data.leads, data.feedback, { groupBy });
          assert.deepEqual(await store.getFeedbackSummary({ groupBy }), expected);
        });
      }

      test('getFeedbackSummary with a date range', async () => {
        const query = { groupBy: 'source' as const, from: '2026-04-01', to: '2026-05-31' };
        assert.deepEqual(await store.getFeedbackSummary(query), summarizeFeedback(data.leads, data.feedback, query));
      });

      test('getFeedbackSummary without groupBy is invalid input', async () => {
        await assert.rejects(store.getFeedbackSummary({} as never), rejectsWith('invalid_input'));
      });

      test('identical reports are shared, but each caller gets its own copy', async () => {
        const [a, b] = await Promise.all([store.getFunnel({ source: 'Webinar' }), store.getFunnel({ source: 'Webinar' })]);
        assert.deepEqual(a, b);
        assert.notEqual(a, b);
        a.stages[0]!.reached = -1;
        assert.notEqual((await store.getFunnel({ source: 'Webinar' })).stages[0]!.reached, -1);
      });

      test('a quoted filter value is data, never SQL', async () => {
        const report = await store.getFunnel({ source: "x' OR '1'='1' --" });
        assert.equal(report.total, 0);
        assert.equal(await store.countLeads(), 1500);
      });
    });

    describe('percentiles', () => {
      before(() => store.reset());

      test('p90 is nearest-rank where floating point would round up (n = 70) and the median of an even count is the mean of the middle two', async () => {
        const leads: Lead[] = [];
        for (let i = 1; i <= 70; i++) {
          // Durations 1..70 minutes, inserted in a scrambled order.
          const minutes = ((i * 37) % 70) + 1;
          leads.push(lead(`p-${i}`, {
            stage: 'mql', handedOffAt: '2026-03-01T10:00:00.000Z',
            firstTouchAt: new Date(Date.parse('2026-03-01T10:00:00.000Z') + minutes * 60_000).toISOString(),
          }));
        }
        leads.push(lead('p-untouched', { stage: 'mql', handedOffAt: '2026-03-01T10:00:00.000Z' }), lead('p-inquiry'));
        await store.putLeads(leads);
        const report = await store.getFunnel();
        assert.equal(report.timeToFirstTouch.p90Ms, 63 * 60_000);
        assert.equal(report.timeToFirstTouch.medianMs, 35.5 * 60_000);
        assert.deepEqual(report, computeFunnel(leads, { sla: DEFAULT_SLA, now: NOW }));
      });

      test('one touched lead, an odd count with ties, and none: the same as computeFunnel', async () => {
        const touchedAfter = (id: string, minutes: number) => lead(id, {
          stage: 'sal', handedOffAt: '2026-03-01T10:00:00.000Z',
          firstTouchAt: new Date(Date.parse('2026-03-01T10:00:00.000Z') + minutes * 60_000).toISOString(),
        });
        for (const minutes of [[7], [5, 9, 9], []]) {
          await store.reset();
          const leads = [...minutes.map((m, i) => touchedAfter(`t-${i}`, m)), lead('t-untouched', { stage: 'sal', handedOffAt: '2026-03-01T10:00:00.000Z' })];
          await store.putLeads(leads);
          assert.deepEqual(await store.getFunnel(), computeFunnel(leads, { sla: DEFAULT_SLA, now: NOW }), `touched after ${minutes.join(', ') || 'nothing'}`);
        }
      });
    });

    describe('writes', () => {
      before(() => store.reset({ definition: demoDefinition() }));

      test('putLeads is all or nothing: one bad lead and none is stored', async () => {
        const before = await store.countLeads();
        await assert.rejects(
          store.putLeads([lead('w-1'), lead('w-2', { createdAt: 'yesterday' }), lead('w-3', { stage: 'nowhere' })]),
          (error: unknown) => {
            assert.ok(error instanceof LeadLoopError);
            assert.equal(error.code, 'invalid_input');
            assert.deepEqual(error.issues.map((i) => i.path), ['leads.1.createdAt', 'leads.2.stage']);
            return true;
          },
        );
        assert.equal(await store.countLeads(), before);
      });

      test('text PostgreSQL cannot store (NUL, a lone surrogate) is invalid input, never a 500, and nothing is written', async () => {
        const before = await store.countLeads();
        await assert.rejects(store.putLeads([lead('u-1'), lead('u-2', { name: 'a\u0000b', company: 'x\ud800y' })]), (error: unknown) => {
          assert.ok(error instanceof LeadLoopError);
          assert.equal(error.code, 'invalid_input');
          assert.deepEqual(error.issues.map((i) => i.path), ['leads.1.name', 'leads.1.company']);
          return true;
        });
        assert.equal(await store.countLeads(), before);
        await store.putLeads([lead('u-3', { name: 'Zoë 😀' })]);
        assert.equal((await store.getLead('u-3')).name, 'Zoë 😀');
        await assert.rejects(store.submitFeedback({ leadId: 'u-3', outcome: 'attempted', note: 'a\u0000' }, { idempotencyKey: 'nul', by: 'ana' }), rejectsWith('invalid_input'));
        await assert.rejects(store.getFunnel({ source: '\u0000' }), rejectsWith('invalid_input'));
        await assert.rejects(store.getLead('u\u0000'), rejectsWith('invalid_input'));
        assert.deepEqual(await store.listFeedback('u-3'), []);
      });

      test('putLeadBatches rolls back earlier batches when a later one is bad', async () => {
        const before = await store.countLeads();
        await assert.rejects(store.putLeadBatches([[lead('b-1'), lead('b-2')], [lead('b-3', { email: 'not an email' })]]), (error: unknown) => {
          assert.ok(error instanceof LeadLoopError);
          assert.equal(error.issues[0]!.path, 'leads.2.email', 'the index counts across batches');
          return true;
        });
        assert.equal(await store.countLeads(), before);
        assert.equal(await store.putLeadBatches([[lead('b-1')], [lead('b-2')]]), 2);
        assert.equal(await store.countLeads(), before + 2);
      });

      test('putLeads replaces a lead with the same id, the last copy in a batch winning', async () => {
        await store.putLeads([lead('r-1', { name: 'First' }), lead('r-1', { name: 'Second' })]);
        assert.equal((await store.getLead('r-1')).name, 'Second');
      });

      test('feedback: applied to the lead, idempotent per key, a conflict with another body', async () => {
        await store.putLeads([lead('f-1', { stage: 'mql', handedOffAt: '2026-03-01T11:00:00.000Z' })]);
        const first = await store.submitFeedback({ leadId: 'f-1', outcome: 'accepted', rating: 4 }, { idempotencyKey: 'k-1', by: 'ana' });
        assert.equal(first.replayed, false);
        assert.equal(first.feedback.by, 'ana');
        assert.equal(first.feedback.at, NOW.toISOString());
        const again = await store.submitFeedback({ leadId: 'f-1', outcome: 'accepted', rating: 4 }, { idempotencyKey: 'k-1', by: 'ana' });
        assert.equal(again.replayed, true);
        assert.deepEqual(again.feedback, first.feedback);
        await assert.rejects(store.submitFeedback({ leadId: 'f-1', outcome: 'accepted', rating: 5 }, { idempotencyKey: 'k-1', by: 'ana' }), rejectsWith('conflict'));
        const detail = await store.getLead('f-1');
        assert.equal(detail.stage, 'sal');
        assert.equal(detail.firstTouchAt, NOW.toISOString());
        assert.deepEqual(detail.feedback, [first.feedback]);
      });

      test('idempotency keys belong to the user who sent them', async () => {
        await store.putLeads([lead('f-2')]);
        const ana = await store.submitFeedback({ leadId: 'f-2', outcome: 'attempted' }, { idempotencyKey: 'shared', by: 'ana' });
        const ben = await store.submitFeedback({ leadId: 'f-2', outcome: 'attempted' }, { idempotencyKey: 'shared', by: 'ben' });
        assert.notEqual(ana.feedback.id, ben.feedback.id);
        assert.equal((await store.listFeedback('f-2')).length, 2);
      });

      test('the same key sent concurrently stores one feedback', async () => {
        await store.putLeads([lead('f-3')]);
        const results = await Promise.all(Array.from({ length: 8 }, () =>
          store.submitFeedback({ leadId: 'f-3', outcome: 'attempted', note: 'called' }, { idempotencyKey: 'race', by: 'ana' })));
        assert.equal(new Set(results.map((r) => r.feedback.id)).size, 1);
        assert.equal(results.filter((r) => !r.replayed).length, 1);
        assert.equal((await store.listFeedback('f-3')).length, 1);
      });

      test('feedback sent at once is written together, yet each request gets its own outcome', async () => {
        await store.putLeads([lead('g-1', { stage: 'mql', handedOffAt: '2026-03-01T10:00:00.000Z' }), lead('g-2')]);
        const first = await store.submitFeedback({ leadId: 'g-2', outcome: 'attempted' }, { idempotencyKey: 'g-used', by: 'ana' });
        const settled = await Promise.allSettled([
          ...Array.from({ length: 12 }, (_, i) => store.submitFeedback({ leadId: 'g-1', outcome: 'attempted', note: `call ${i}` }, { idempotencyKey: `g-${i}`, by: 'ana' })),
          store.submitFeedback({ leadId: 'g-1', outcome: 'accepted' }, { idempotencyKey: 'g-accept', by: 'ben' }),
          store.submitFeedback({ leadId: 'g-missing', outcome: 'attempted' }, { idempotencyKey: 'g-missing', by: 'ana' }),
          store.submitFeedback({ leadId: 'g-2', outcome: 'attempted' }, { idempotencyKey: 'g-used', by: 'ana' }),
          store.submitFeedback({ leadId: 'g-2', outcome: 'reached' }, { idempotencyKey: 'g-used', by: 'ana' }),
          store.submitFeedback({ leadId: 'g-2', outcome: 'reached' }, { idempotencyKey: 'g-twin', by: 'ana' }),
          store.submitFeedback({ leadId: 'g-2', outcome: 'reached' }, { idempotencyKey: 'g-twin', by: 'ana' }),
        ]);
        const value = (i: number) => (settled[i] as PromiseFulfilledResult<{ feedback: Feedback; replayed: boolean }>).value;
        const reason = (i: number) => (settled[i] as PromiseRejectedResult).reason as LeadLoopError;
        for (let i = 0; i < 13; i++) assert.equal(value(i).replayed, false, `request ${i}`);
        assert.equal(reason(13).code, 'not_found');
        assert.deepEqual(value(14), { feedback: first.feedback, replayed: true });
        assert.equal(reason(15).code, 'conflict');
        assert.equal(value(16).feedback.id, value(17).feedback.id, 'twins with one key store one feedback');
        assert.deepEqual([value(16).replayed, value(17).replayed], [false, true]);

        const g1 = await store.getLead('g-1');
        assert.equal(g1.stage, 'sal', 'every piece was applied to the lead');
        assert.deepEqual(g1.feedback.map((f) => f.note ?? f.outcome), [...Array.from({ length: 12 }, (_, i) => `call ${i}`), 'accepted'], 'in the order they arrived');
        assert.equal((await store.listFeedback('g-2')).length, 2);
        await store.putLeads([lead('g-missing')]);
        const later = await store.submitFeedback({ leadId: 'g-missing', outcome: 'attempted' }, { idempotencyKey: 'g-missing', by: 'ana' });
        assert.equal(later.replayed, false, 'the key of a lead that did not exist was not kept');
      });

      test('bad feedback changes nothing and does not burn the key', async () => {
        await store.putLeads([lead('f-4')]);
        await assert.rejects(store.submitFeedback({ leadId: 'f-4', outcome: 'rejected' }, { idempotencyKey: 'k-4', by: 'ana' }), rejectsWith('invalid_input'));
        await assert.rejects(store.submitFeedback({ leadId: 'nope', outcome: 'attempted' }, { idempotencyKey: 'k-4', by: 'ana' }), rejectsWith('not_found'));
        assert.deepEqual(await store.listFeedback('f-4'), []);
        const ok = await store.submitFeedback({ leadId: 'f-4', outcome: 'rejected', reason: 'spam' }, { idempotencyKey: 'k-4', by: 'ana' });
        assert.equal(ok.replayed, false);
        assert.deepEqual((await store.getLead('f-4')).exit, { kind: 'disqualified', reason: 'spam', at: NOW.toISOString() });
      });

      test('checklist answers are evaluated against the current definition and kept per stage', async () => {
        await store.putLeads([lead('c-1', { stage: 'sql' })]);
        const result = await store.saveChecklist('c-1', { stage: 'sql', answers: { authority: true, need: true, budget: true } }, 'ana');
        assert.deepEqual(result, { stage: 'sql', met: true, score: 0.75, threshold: 0.75, missingRequired: [] });
        await assert.rejects(store.saveChecklist('c-1', { stage: 'sql', answers: { telepathy: true } }, 'ana'), rejectsWith('invalid_input'));
        await assert.rejects(store.saveChecklist('missing', { stage: 'sql', answers: {} }, 'ana'), rejectsWith('not_found'));
        const { checklist } = await store.getLead('c-1');
        assert.deepEqual(checklist.sql, { answers: { authority: true, need: true, budget: true }, by: 'ana', at: NOW.toISOString(), definitionVersion: 1 });
      });

      test('definitions: each save is a new version, a stale save is a conflict, both roles sign a version', async () => {
        const v1 = await store.getDefinition();
        const v2 = await store.saveDefinition({ ...v1, stages: { ...v1.stages, mql: { ...v1.stages.mql!, threshold: 0.5 } } });
        assert.equal(v2.version, v1.version + 1);
        await assert.rejects(store.saveDefinition(v1), rejectsWith('conflict'));
        await assert.rejects(store.approveDefinition({ role: 'sales', version: v1.version, by: 'lead' }), rejectsWith('conflict'));
        await store.approveDefinition({ role: 'sales', version: v2.version, by: 'sales lead' });
        const signed = await store.approveDefinition({ role: 'marketing', version: v2.version, by: 'cmo' });
        assert.ok(isApproved(signed));
        const history = await store.getDefinitionHistory();
        assert.deepEqual(history.map((d) => d.version), [v1.version, v2.version]);
        assert.ok(!isApproved(history[0]!));
        await assert.rejects(store.saveDefinition({ ...signed, stages: { nowhere: { criteria: [] } } }), rejectsWith('invalid_input'));
        assert.equal((await store.getDefinition()).version, v2.version);
      });

      test('two editors saving the same version at once: one wins, the other gets a conflict', async () => {
        const current = await store.getDefinition();
        const results = await Promise.allSettled([store.saveDefinition(current), store.saveDefinition(current)]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.equal((failed.reason as LeadLoopError).code, 'conflict');
      });

      test('subscribers hear about feedback after it is stored', async () => {
        await store.putLeads([lead('s-1')]);
        const heard: string[] = [];
        const stop = store.subscribe((change) => heard.push(change.type));
        await store.submitFeedback({ leadId: 's-1', outcome: 'attempted' }, { idempotencyKey: 's-1', by: 'ana' });
        stop();
        await store.submitFeedback({ leadId: 's-1', outcome: 'reached' }, { idempotencyKey: 's-2', by: 'ana' });
        assert.deepEqual(heard, ['feedback']);
      });
    });

    describe('reason catalog', () => {
      before(() => store.reset());
      const defaults = () => structuredClone([...DEFAULT_REASONS]);

      test('saveReasons keeps every stored id: dropping one is invalid input naming it, and nothing changes', async () => {
        await assert.rejects(store.saveReasons(defaults().filter((r) => r.id !== 'spam')), (error: unknown) => {
          assert.ok(error instanceof LeadLoopError);
          assert.equal(error.code, 'invalid_input');
          assert.deepEqual(error.issues.map((i) => i.path), ['spam']);
          return true;
        });
        await assert.rejects(store.saveReasons([...defaults(), { id: 'x', label: 'a\u0000b' }]), rejectsWith('invalid_input'));
        await assert.rejects(store.saveReasons('all of them'), rejectsWith('invalid_input'));
        assert.deepEqual((await store.getConfig()).reasons, defaults());
      });

      test('a saved catalog is what getConfig answers and what feedback is checked against; retired reasons stay valid', async () => {
        await store.putLeads([lead('rc-1'), lead('rc-2')]);
        await assert.rejects(store.submitFeedback({ leadId: 'rc-1', outcome: 'rejected', reason: 'student' }, { idempotencyKey: 'rc-1', by: 'ana' }), rejectsWith('invalid_input'));
        const next = [...defaults().map((r) => (r.id === 'spam' ? { ...r, retired: true } : r)), { id: 'student', label: 'Student' }];
        const heard: string[] = [];
        const stop = store.subscribe((change) => heard.push(change.type));
        assert.deepEqual(await store.saveReasons(next), next);
        stop();
        assert.deepEqual(heard, ['reasons']);
        assert.deepEqual((await store.getConfig()).reasons, next);
        assert.equal((await store.submitFeedback({ leadId: 'rc-1', outcome: 'rejected', reason: 'student' }, { idempotencyKey: 'rc-1', by: 'ana' })).replayed, false);
        assert.equal((await store.submitFeedback({ leadId: 'rc-2', outcome: 'rejected', reason: 'spam' }, { idempotencyKey: 'rc-2', by: 'ana' })).replayed, false);
        const ok = { id: 'fb-import-1', leadId: 'rc-2', outcome: 'recycled' as const, reason: 'student', by: 'ana', at: NOW.toISOString() };
        assert.equal(await store.appendFeedback([ok]), 1);
      });

      test('the catalog survives a reopen; reset starts it over', async () => {
        const saved = (await store.getConfig()).reasons;
        assert.ok(saved.some((r) => r.id === 'student'));
        await store.close();
        store = await target.open({ clock, definition: demoDefinition() });
        assert.deepEqual((await store.getConfig()).reasons, saved);
        await store.reset();
        assert.deepEqual((await store.getConfig()).reasons, defaults());
      });

      test('a second server on the same database hears of a new reason when feedback cites it', { skip: name !== 'PostgreSQL' && 'two stores on one database need PostgreSQL' }, async () => {
        const other = await target.open({ clock });
        try {
          await store.putLeads([lead('rc-3')]);
          assert.deepEqual((await other.getConfig()).reasons, defaults(), 'the other server has read the catalog once');
          await store.saveReasons([...defaults(), { id: 'intern', label: 'Intern' }]);
          const result = await other.submitFeedback({ leadId: 'rc-3', outcome: 'rejected', reason: 'intern' }, { idempotencyKey: 'rc-3', by: 'ana' });
          assert.equal(result.feedback.reason, 'intern');
          assert.ok((await other.getConfig()).reasons.some((r) => r.id === 'intern'));
          // And the other server's save is checked against the stored catalog, not the one it read first.
          await assert.rejects(other.saveReasons(defaults()), rejectsWith('invalid_input'));
        } finally {
          await other.close();
        }
      });

      test('two imports of the same leads in opposite orders, at once, both land (rows are locked in id order)', { skip: name !== 'PostgreSQL' && 'PGlite runs one transaction at a time' }, async () => {
        const other = await target.open({ clock });
        try {
          const batch = Array.from({ length: 3000 }, (_, i) => lead(`order-${String(i).padStart(4, '0')}`));
          const results = await Promise.allSettled([store.putLeads(batch), other.putLeads([...batch].reverse())]);
          assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled'], String(results.find((r) => r.status === 'rejected')?.reason));
        } finally {
          await other.close();
        }
      });
    });

    describe('persistence', () => {
      test('leads, feedback and idempotency keys survive a reopen; migrations do not run twice', async () => {
        await store.reset();
        await store.putLeads([lead('keep-1')]);
        const { feedback } = await store.submitFeedback({ leadId: 'keep-1', outcome: 'attempted' }, { idempotencyKey: 'persist', by: 'ana' });
        await store.close();
        store = await target.open({ clock });
        assert.equal(await store.countLeads(), 1);
        const again = await store.submitFeedback({ leadId: 'keep-1', outcome: 'attempted' }, { idempotencyKey: 'persist', by: 'ana' });
        assert.equal(again.replayed, true);
        assert.equal(again.feedback.id, feedback.id);
        assert.equal((await store.getDefinition()).stages.sql?.criteria.length, 4, 'the stored definition is kept, not the new default');
      });
    });
  });
}
