import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  computeFunnel, isApproved, leadMatcher,
  type AdapterChange, type Lead, type LeadLoopAdapter, type QualificationDefinition,
} from '@leadloop/core';
import { fails } from './expect-error.js';
import { runOptionalMethodCases } from './optional-methods-contract.js';

/** What an implementation under test starts with. */
export interface ContractSeed {
  leads: Lead[];
  definition: QualificationDefinition;
}

/** An adapter ready for one test case, holding exactly the seed. */
export interface ContractFixture {
  adapter: LeadLoopAdapter;
  /** Resolves once changes made from now on reach subscribers (a REST event stream is open). */
  subscribed?(): Promise<void>;
  dispose?(): Promise<void>;
}

/** Makes a fresh fixture per test: a new MemoryAdapter, a reset server store, a faithful fake of an org. */
export type ContractFactory = (seed: ContractSeed) => Promise<ContractFixture>;

const HANDOFF = '2026-01-05T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(HANDOFF) + minutes * 60_000).toISOString();

/**
 * Every handoff is months old and the SLA is minutes, so "pending" never depends on when the
 * suite runs: untouched leads are breached for any implementation's clock.
 */
export const CONTRACT_LEADS: Lead[] = [
  { id: 'C-inquiry', name: 'Ivy Inquiry', company: 'Initech', email: 'ivy@initech.example', source: 'Webinar', campaign: 'Spring Webinar', owner: 'ana', createdAt: at(-600), stage: 'inquiry' },
  { id: 'C-mql-1', name: 'Max Mql', source: 'Webinar', campaign: 'Spring Webinar', owner: 'ana', createdAt: at(-120), stage: 'mql', handedOffAt: HANDOFF },
  { id: 'C-mql-2', source: 'Paid Search', campaign: 'Brand Search', owner: 'ben', createdAt: at(-60), stage: 'mql', handedOffAt: HANDOFF },
  { id: 'C-mql-3', source: 'Paid Search', campaign: 'Brand Search', owner: 'ben', createdAt: at(-60), stage: 'mql', handedOffAt: HANDOFF, firstTouchAt: at(3) },
  { id: 'C-sal', source: 'Partner Referral', campaign: 'Partner Program', owner: 'ana', createdAt: at(-30), stage: 'sal', handedOffAt: HANDOFF, firstTouchAt: at(45),
    stageHistory: [{ stage: 'mql', at: HANDOFF }, { stage: 'sal', at: at(45) }] },
  { id: 'C-sql', source: 'Webinar', campaign: 'Spring Webinar', owner: 'cem', createdAt: at(-30), stage: 'sql', handedOffAt: HANDOFF, firstTouchAt: at(4) },
  { id: 'C-won', source: 'Partner Referral', campaign: 'Partner Program', owner: 'cem', createdAt: at(-30), stage: 'won', handedOffAt: HANDOFF, firstTouchAt: at(1) },
  { id: 'C-lost', source: 'Paid Search', campaign: 'Brand Search', owner: 'ben', createdAt: at(-30), stage: 'opportunity', handedOffAt: HANDOFF, firstTouchAt: at(9),
    exit: { kind: 'lost', reason: 'competitor', at: at(9000) } },
];

export const CONTRACT_DEFINITION: QualificationDefinition = {
  id: 'default',
  version: 1,
  approvals: [],
  stages: {
    sql: {
      threshold: 0.5,
      criteria: [
        { id: 'budget', label: 'Budget identified' },
        { id: 'authority', label: 'Decision maker involved', required: true },
        { id: 'need', label: 'Clear need', weight: 2 },
      ],
    },
  },
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
let keys = 0;
const key = () => `contract-${Date.now().toString(36)}-${++keys}`;

/**
 * The adapter contract: one suite of cases that every LeadLoopAdapter must pass, whatever it
 * talks to (memory, the REST server, Salesforce). Call it with a name and a factory.
 */
export function runAdapterContract(name: string, factory: ContractFactory): void {
  describe(`LeadLoopAdapter contract: ${name}`, () => {
    let fixture: ContractFixture;
    let adapter: LeadLoopAdapter;

    beforeEach(async () => {
      fixture = await factory({ leads: structuredClone(CONTRACT_LEADS), definition: structuredClone(CONTRACT_DEFINITION) });
      adapter = fixture.adapter;
    });
    afterEach(async () => {
      await fixture?.dispose?.();
    });

    describe('config and leads', () => {
      test('getConfig: the default waterfall, reason catalog, SLA and the current definition', async () => {
        const config = await adapter.getConfig();
        assert.deepEqual(config.waterfall.stages.map((s) => s.id), ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won']);
        assert.equal(config.waterfall.handoffStage, 'mql');
        assert.deepEqual(config.waterfall.exits.map((e) => e.kind), ['disqualified', 'recycled', 'lost']);
        for (const id of ['unresponsive', 'not-interested', 'bad-timing', 'spam']) assert.ok(config.reasons.some((r) => r.id === id), id);
        assert.ok(config.sla.firstTouchWithinMs > 0);
        assert.deepEqual(config.definition, CONTRACT_DEFINITION);
      });

      test('getLead: the lead as stored, with no feedback and no checklist yet', async () => {
        const lead = await adapter.getLead('C-inquiry');
        const { feedback, checklist, ...rest } = lead;
        assert.deepEqual(rest, CONTRACT_LEADS[0]);
        assert.deepEqual(feedback, []);
        assert.deepEqual(checklist, {});
      });

      test('getLead and listFeedback of an unknown lead: not_found, not retryable', async () => {
        await assert.rejects(adapter.getLead('C-nobody'), fails('not_found', (e) => assert.equal(e.retryable, false)));
        await assert.rejects(adapter.listFeedback('C-nobody'), fails('not_found'));
      });
    });

    describe('feedback', () => {
      test('submitFeedback stores it and returns it with id, by and at; the lead is touched', async () => {
        const feedback = await adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'attempted', rating: 3, note: 'Left a voicemail' }, { idempotencyKey: key() });
        assert.equal(typeof feedback.id, 'string');
        assert.ok(feedback.id.length > 0);
        assert.equal(feedback.leadId, 'C-mql-1');
        assert.equal(feedback.outcome, 'attempted');
        assert.equal(feedback.rating, 3);
        assert.equal(feedback.note, 'Left a voicemail');
        assert.equal(typeof feedback.by, 'string');
        assert.ok(feedback.by.length > 0);
        assert.match(feedback.at, ISO);
        assert.deepEqual(await adapter.listFeedback('C-mql-1'), [feedback]);
        const lead = await adapter.getLead('C-mql-1');
        assert.equal(lead.firstTouchAt, feedback.at);
        assert.deepEqual(lead.feedback, [feedback]);
      });

      test('accepting moves a lead to the stage after the hand-off, qualifying one further', async () => {
        await adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'accepted' }, { idempotencyKey: key() });
        assert.equal((await adapter.getLead('C-mql-1')).stage, 'sal');
        await adapter.submitFeedback({ leadId: 'C-mql-2', outcome: 'qualified' }, { idempotencyKey: key() });
        assert.equal((await adapter.getLead('C-mql-2')).stage, 'sql');
      });

      test('rejecting with a reason exits the lead as disqualified, and the funnel counts the reason', async () => {
        const before = await adapter.getFunnel();
        const feedback = await adapter.submitFeedback({ leadId: 'C-mql-2', outcome: 'rejected', reason: 'no-budget' }, { idempotencyKey: key() });
        assert.deepEqual((await adapter.getLead('C-mql-2')).exit, { kind: 'disqualified', reason: 'no-budget', at: feedback.at });
        const after = await adapter.getFunnel();
        const exit = (report: typeof after) => report.exits.find((e) => e.kind === 'disqualified')!;
        assert.equal(exit(after).count, exit(before).count + 1);
        assert.deepEqual(exit(after).reasons, [{ reason: 'no-budget', count: 1 }]);
        assert.equal(after.followUp.touched, before.followUp.touched + 1);
      });

      test('recycling exits the lead as recycled with its reason', async () => {
        await adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'recycled', reason: 'bad-timing' }, { idempotencyKey: key() });
        const lead = await adapter.getLead('C-mql-1');
        assert.equal(lead.exit?.kind, 'recycled');
        assert.equal(lead.exit?.reason, 'bad-timing');
      });

      const invalid: [string, Record<string, unknown>, string][] = [
        ['a reject without a reason', { outcome: 'rejected' }, 'reason'],
        ['a reason outside the catalog', { outcome: 'rejected', reason: 'ate-my-homework' }, 'reason'],
        ['an unknown outcome', { outcome: 'ignored' }, 'outcome'],
        ['a rating of 6', { outcome: 'accepted', rating: 6 }, 'rating'],
        ['a note over 2000 characters', { outcome: 'attempted', note: 'x'.repeat(2001) }, 'note'],
      ];
      for (const [what, input, path] of invalid) {
        test(`${what}: invalid_input naming ${path}, and nothing is stored`, async () => {
          await assert.rejects(
            adapter.submitFeedback({ leadId: 'C-mql-1', ...input } as never, { idempotencyKey: key() }),
            fails('invalid_input', (e) => {
              assert.equal(e.retryable, false);
              assert.ok(e.issues.some((i) => i.path === path), JSON.stringify(e.issues));
            }),
          );
          assert.deepEqual(await adapter.listFeedback('C-mql-1'), []);
          assert.equal((await adapter.getLead('C-mql-1')).firstTouchAt, undefined);
        });
      }

      test('the same idempotency key and input again returns the same feedback and stores it once', async () => {
        const k = key();
        const input = { leadId: 'C-mql-1', outcome: 'rejected' as const, reason: 'unresponsive', note: 'Three calls' };
        const first = await adapter.submitFeedback(input, { idempotencyKey: k });
        const second = await adapter.submitFeedback({ ...input }, { idempotencyKey: k });
        assert.deepEqual(second, first);
        assert.equal((await adapter.listFeedback('C-mql-1')).length, 1);
      });

      test('the same idempotency key with other input is a conflict, not retryable, and stores nothing', async () => {
        const k = key();
        await adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'attempted' }, { idempotencyKey: k });
        await assert.rejects(
          adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'reached' }, { idempotencyKey: k }),
          fails('conflict', (e) => assert.equal(e.retryable, false)),
        );
        assert.equal((await adapter.listFeedback('C-mql-1')).length, 1);
      });

      test('without an idempotency key: invalid_input', async () => {
        await assert.rejects(adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'attempted' }, {} as never), fails('invalid_input'));
        assert.deepEqual(await adapter.listFeedback('C-mql-1'), []);
      });

      test('feedback on an unknown lead: not_found', async () => {
        await assert.rejects(adapter.submitFeedback({ leadId: 'C-nobody', outcome: 'attempted' }, { idempotencyKey: key() }), fails('not_found'));
      });

      test('listFeedback is oldest first', async () => {
        const a = await adapter.submitFeedback({ leadId: 'C-sal', outcome: 'attempted' }, { idempotencyKey: key() });
        const b = await adapter.submitFeedback({ leadId: 'C-sal', outcome: 'reached' }, { idempotencyKey: key() });
        const c = await adapter.submitFeedback({ leadId: 'C-sal', outcome: 'qualified', rating: 5 }, { idempotencyKey: key() });
        assert.deepEqual((await adapter.listFeedback('C-sal')).map((f) => f.id), [a.id, b.id, c.id]);
      });
    });

    describe('checklist', () => {
      test('saveChecklist returns the evaluation and keeps the answers on the lead', async () => {
        const result = await adapter.saveChecklist('C-sql', { stage: 'sql', answers: { authority: true, need: true } });
        assert.deepEqual(result, { stage: 'sql', met: true, score: 0.75, threshold: 0.5, missingRequired: [] });
        const record = (await adapter.getLead('C-sql')).checklist.sql!;
        assert.deepEqual(record.answers, { authority: true, need: true });
        assert.equal(record.definitionVersion, 1);
        assert.match(record.at, ISO);
        assert.ok(record.by.length > 0);
      });

      test('a required criterion unchecked: not met, and named', async () => {
        const result = await adapter.saveChecklist('C-sql', { stage: 'sql', answers: { budget: true, need: true } });
        assert.equal(result.met, false);
        assert.deepEqual(result.missingRequired, ['authority']);
      });

      test('an unknown criterion, a non-boolean answer or an unknown stage: invalid_input, nothing kept', async () => {
        await assert.rejects(adapter.saveChecklist('C-sql', { stage: 'sql', answers: { telepathy: true } }), fails('invalid_input'));
        await assert.rejects(adapter.saveChecklist('C-sql', { stage: 'sql', answers: { budget: 'yes' } as never }), fails('invalid_input'));
        await assert.rejects(adapter.saveChecklist('C-sql', { stage: 'won', answers: {} }), fails('invalid_input'));
        assert.deepEqual((await adapter.getLead('C-sql')).checklist, {});
      });

      test('a checklist for an unknown lead: not_found', async () => {
        await assert.rejects(adapter.saveChecklist('C-nobody', { stage: 'sql', answers: {} }), fails('not_found'));
      });
    });

    describe('reports', () => {
      test('getFunnel equals computeFunnel over the same leads', async () => {
        const { sla } = await adapter.getConfig();
        assert.deepEqual(await adapter.getFunnel(), computeFunnel(CONTRACT_LEADS, { sla }));
      });

      test('getFunnel filters by source, campaign, owner and creation time', async () => {
        const { sla } = await adapter.getConfig();
        for (const query of [{ source: 'Paid Search' }, { campaign: 'Spring Webinar' }, { owner: 'cem' }, { from: '2026-01-05', to: '2026-01-05' }, { source: 'Nowhere' }]) {
          assert.deepEqual(await adapter.getFunnel(query), computeFunnel(CONTRACT_LEADS.filter(leadMatcher(query)), { sla }), JSON.stringify(query));
        }
      });

      test('getFunnel with an unreadable bound: invalid_input naming it', async () => {
        await assert.rejects(adapter.getFunnel({ from: 'last week' }), fails('invalid_input', (e) => assert.equal(e.issues[0]?.path, 'from')));
      });

      test('getFeedbackSummary groups leads and feedback by campaign, with reasons', async () => {
        await adapter.submitFeedback({ leadId: 'C-mql-2', outcome: 'rejected', reason: 'no-budget', rating: 1 }, { idempotencyKey: key() });
        await adapter.submitFeedback({ leadId: 'C-mql-3', outcome: 'accepted', rating: 4 }, { idempotencyKey: key() });
        await adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'recycled', reason: 'bad-timing' }, { idempotencyKey: key() });
        const { groups } = await adapter.getFeedbackSummary({ groupBy: 'campaign' });
        assert.deepEqual(groups.map((g) => g.key), ['Brand Search', 'Partner Program', 'Spring Webinar']);
        const brand = groups[0]!;
        assert.equal(brand.leads, 3);
        assert.equal(brand.feedback, 2);
        assert.equal(brand.accepted, 1);
        assert.equal(brand.rejected, 1);
        assert.equal(brand.recycled, 0);
        assert.deepEqual(brand.reasons, [{ reason: 'no-budget', count: 1 }]);
        const spring = groups[2]!;
        assert.equal(spring.recycled, 1);
        assert.deepEqual(spring.reasons, [{ reason: 'bad-timing', count: 1 }]);
      });

      test('getFeedbackSummary needs a known groupBy', async () => {
        await assert.rejects(adapter.getFeedbackSummary({} as never), fails('invalid_input'));
        await assert.rejects(adapter.getFeedbackSummary({ groupBy: 'planet' } as never), fails('invalid_input'));
      });
    });

    describe('definition', () => {
      test('saveDefinition stores the next version, unapproved; a stale version is a conflict', async () => {
        const current = await adapter.getDefinition();
        assert.deepEqual(current, CONTRACT_DEFINITION);
        const edited = structuredClone(current);
        edited.stages.sql!.threshold = 0.8;
        const saved = await adapter.saveDefinition(edited);
        assert.equal(saved.version, 2);
        assert.equal(saved.stages.sql!.threshold, 0.8);
        assert.equal(isApproved(saved), false);
        assert.deepEqual(await adapter.getDefinition(), saved);
        await assert.rejects(adapter.saveDefinition(edited), fails('conflict', (e) => assert.equal(e.retryable, false)));
      });

      test('an invalid definition: invalid_input, and the current one stays', async () => {
        const bad = { ...structuredClone(CONTRACT_DEFINITION), stages: { lunch: { criteria: [] } } };
        await assert.rejects(adapter.saveDefinition(bad), fails('invalid_input'));
        assert.deepEqual(await adapter.getDefinition(), CONTRACT_DEFINITION);
      });

      test('both leaders sign the current version; a new version needs signing again', async () => {
        await adapter.approveDefinition({ role: 'sales', version: 1 });
        assert.equal(isApproved(await adapter.getDefinition()), false);
        const signed = await adapter.approveDefinition({ role: 'marketing', version: 1 });
        assert.equal(isApproved(signed), true);
        assert.deepEqual(signed.approvals.map((a) => [a.role, a.version]), [['sales', 1], ['marketing', 1]]);
        for (const a of signed.approvals) {
          assert.ok(a.by.length > 0);
          assert.match(a.at, ISO);
        }
        const next = await adapter.saveDefinition(signed);
        assert.equal(isApproved(next), false);
      });

      test('approving a version that is not current is a conflict; an unknown role is invalid_input', async () => {
        await assert.rejects(adapter.approveDefinition({ role: 'sales', version: 7 }), fails('conflict'));
        await assert.rejects(adapter.approveDefinition({ role: 'ceo' as never, version: 1 }), fails('invalid_input'));
        assert.deepEqual((await adapter.getDefinition()).approvals, []);
      });
    });

    describe('changes', () => {
      test('subscribe hears feedback after it is stored, until unsubscribed', { timeout: 30_000 }, async (t) => {
        if (!adapter.subscribe) return t.skip('this adapter does not offer subscribe');
        const heard: AdapterChange[] = [];
        let notify: () => void = () => {};
        const stop = adapter.subscribe((change) => {
          heard.push(change);
          notify();
        });
        try {
          await fixture.subscribed?.();
          const arrived = new Promise<void>((resolve) => (notify = resolve));
          const feedback = await adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'reached' }, { idempotencyKey: key() });
          await arrived;
          const change = heard.find((c) => c.type === 'feedback');
          assert.ok(change && change.type === 'feedback');
          assert.equal(change.leadId, 'C-mql-1');
          assert.equal(change.feedback.id, feedback.id);
        } finally {
          stop();
        }
      });
    });

    runOptionalMethodCases(() => fixture, CONTRACT_DEFINITION);
  });
}
