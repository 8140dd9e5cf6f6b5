import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SalesforceAdapter } from '@leadloop/adapters';
import { toSalesforceTime } from '@leadloop/adapters/salesforce-adapter-mapping';
import {
  computeFunnel, DEFAULT_SLA, generateLeads, leadMatcher, summarizeFeedback,
  type FunnelQuery, type GroupKey, type Lead,
} from '@leadloop/core';
import { fails } from '../contract/expect-error.js';
import { FakeSalesforce } from './index.js';
import { seedOrg } from './seed-org.js';

const NOW = new Date('2026-06-30T12:00:00.000Z');

/** A lead as Salesforce keeps it: every time to the second. */
function asStored(lead: Lead): Lead {
  const t = (iso: string) => toSalesforceTime(iso);
  const out: Lead = { ...lead, createdAt: t(lead.createdAt) };
  if (lead.handedOffAt) out.handedOffAt = t(lead.handedOffAt);
  if (lead.firstTouchAt) out.firstTouchAt = t(lead.firstTouchAt);
  if (lead.stageHistory) out.stageHistory = lead.stageHistory.map((v) => ({ stage: v.stage, at: t(v.at) }));
  if (lead.exit) out.exit = { ...lead.exit, at: t(lead.exit.at) };
  return out;
}

let fake: FakeSalesforce;
const adapterFor = (extra: Partial<ConstructorParameters<typeof SalesforceAdapter>[0]> = {}) =>
  new SalesforceAdapter({ baseUrl: fake.url, accessToken: () => fake.accessToken, clock: () => NOW, user: 'rep@example.com', ...extra });

before(async () => {
  fake = await FakeSalesforce.start();
});
after(async () => {
  await fake?.close();
});

describe('SalesforceAdapter reports equal core over 1,500 generated leads', () => {
  const { leads, feedback } = generateLeads({ leads: 1500, seed: 11, now: NOW });
  const stored = leads.map(asStored);
  before(() => {
    fake.reset();
    seedOrg(fake, leads, { feedback });
  });

  const queries: FunnelQuery[] = [{}, { source: 'Webinar' }, { campaign: 'Partner Program' }, { owner: 'Ana Ruiz' }, { from: '2026-03-01', to: '2026-04-30' }];
  for (const query of queries) {
    test(`getFunnel ${JSON.stringify(query)}: same report, at most 3 API calls`, async () => {
      const adapter = adapterFor();
      fake.resetCalls();
      const report = await adapter.getFunnel(query);
      assert.ok(fake.apiCalls <= 3, `${fake.apiCalls} calls`);
      assert.deepEqual(report, computeFunnel(stored.filter(leadMatcher(query)), { sla: DEFAULT_SLA, now: NOW }));
    });
  }

  test('the funnel has the shape the figures need: touched leads, SLA hits and misses', async () => {
    const report = await adapterFor().getFunnel();
    assert.ok(report.followUp.touched > 10 && report.sla!.withinSla > 0 && report.sla!.breached > 0, JSON.stringify(report.sla));
    assert.ok(report.timeToFirstTouch.medianMs !== null);
  });

  for (const groupBy of ['campaign', 'source', 'owner', 'month'] as GroupKey[]) {
    test(`getFeedbackSummary by ${groupBy}: same groups as core, one API call`, async () => {
      const adapter = adapterFor();
      fake.resetCalls();
      const summary = await adapter.getFeedbackSummary({ groupBy });
      assert.equal(fake.apiCalls, 1);
      const storedFeedback = feedback.map((f) => ({ ...f, at: toSalesforceTime(f.at) }));
      assert.deepEqual(summary, summarizeFeedback(stored, storedFeedback, { groupBy }));
    });
  }
});

describe('SalesforceAdapter against a Salesforce org', () => {
  const leads: Lead[] = [
    { id: 'T-1', name: 'Tess Tester', company: 'Acme', owner: 'Ana', source: 'Webinar', createdAt: '2026-06-01T10:00:00.000Z', stage: 'mql', handedOffAt: '2026-06-01T10:00:00.000Z' },
  ];
  let ids: Map<string, string>;
  beforeEach(() => {
    fake.reset();
    ids = seedOrg(fake, leads);
  });

  test('a lead created in Salesforce: Status maps to a stage, a converted lead is an opportunity, the Id is its id', async () => {
    const owner = fake.insert('User', { Name: 'Bo' });
    const open = fake.insert('Lead', { LastName: 'Native', Company: 'Org Inc', Status: 'Working - Contacted', OwnerId: owner, CreatedDate: '2026-06-02T08:00:00Z' });
    const converted = fake.insert('Lead', { LastName: 'Won', Company: 'Org Inc', Status: 'Closed - Converted', IsConverted: true, OwnerId: owner, CreatedDate: '2026-06-02T08:00:00Z' });
    const adapter = adapterFor();
    assert.deepEqual(await adapter.getLead(open), { id: open, name: 'Native', company: 'Org Inc', owner: 'Bo', createdAt: '2026-06-02T08:00:00.000Z', stage: 'sal', feedback: [], checklist: {} });
    assert.equal((await adapter.getLead(converted)).stage, 'opportunity');
    assert.equal((await adapterFor({ statusMap: { 'Working - Contacted': 'sql' } }).getLead(open)).stage, 'sql');
    const feedback = await adapter.submitFeedback({ leadId: open, outcome: 'reached' }, { idempotencyKey: 'native-1' });
    assert.equal(feedback.leadId, open);
    assert.equal((await adapter.getLead(open)).firstTouchAt, feedback.at);
  });

  test('an expired session: unauthorized, not retryable, saying to sign in again', async () => {
    fake.expireSession();
    await assert.rejects(adapterFor({ accessToken: 'stale' }).getLead('T-1'), fails('unauthorized', (e) => {
      assert.equal(e.retryable, false);
      assert.match(e.message, /INVALID_SESSION_ID.*sign in to Salesforce again/);
    }));
  });

  test('an expired session and a token function that has refreshed: asked again once, and the call goes through', async () => {
    let token = fake.accessToken;
    fake.expireSession();
    const adapter = adapterFor({ accessToken: () => token });
    const refreshed = adapterFor({ accessToken: () => { const t = token; token = fake.accessToken; return t; } });
    fake.resetCalls();
    assert.equal((await refreshed.getLead('T-1')).id, 'T-1');
    assert.deepEqual(fake.calls.map((c) => c.status), [401, 200]);
    token = 'still-stale';
    await assert.rejects(adapter.getLead('T-1'), fails('unauthorized'));
  });

  test('a rule on Lead refuses the feedback\'s lead update: the cause is reported, not the PROCESSING_HALTED of the feedback', async () => {
    fake.addValidationRule('Lead', (r) => (r.LeadLoop_First_Touch_At__c ? { message: 'Touches are logged elsewhere.', fields: ['LeadLoop_First_Touch_At__c'] } : null));
    await assert.rejects(
      adapterFor().submitFeedback({ leadId: 'T-1', outcome: 'attempted' }, { idempotencyKey: 'k-lead-rule' }),
      fails('invalid_input', (e) => assert.deepEqual(e.issues, [{ path: 'firstTouchAt', message: 'Touches are logged elsewhere.' }])),
    );
    assert.equal(fake.records('LeadLoop_Feedback__c').length, 0);
  });

  test('a locked record (UNABLE_TO_LOCK_ROW, the write rolled back): written on a later try, exactly once', async () => {
    const adapter = adapterFor({ lockRetry: { delayMs: 1 } });
    fake.failRecords('UNABLE_TO_LOCK_ROW', { when: (object) => object === 'Lead' });
    fake.resetCalls();
    const feedback = await adapter.submitFeedback({ leadId: 'T-1', outcome: 'attempted' }, { idempotencyKey: 'k-lock' });
    assert.equal(fake.apiCalls, 3, 'read, the rolled-back Composite, the Composite again');
    assert.deepEqual((await adapter.getLead('T-1')).feedback.map((f) => f.id), [feedback.id]);
    fake.failRecords('UNABLE_TO_LOCK_ROW');
    fake.resetCalls();
    await adapter.client.request('PATCH', `/sobjects/Lead/${ids.get('T-1')}`, { Company: 'Acme Two' });
    assert.deepEqual(fake.calls.map((c) => c.status), [400, 204], 'a one-record write is tried again too');
  });

  test('a record locked longer than the retries: unavailable, retryable, nothing written', async () => {
    const adapter = adapterFor({ lockRetry: { attempts: 1, delayMs: 1 } });
    fake.failRecords('UNABLE_TO_LOCK_ROW', { times: 2, when: (object) => object === 'Lead' });
    await assert.rejects(
      adapter.submitFeedback({ leadId: 'T-1', outcome: 'attempted' }, { idempotencyKey: 'k-locked' }),
      fails('unavailable', (e) => assert.equal(e.retryable, true)),
    );
    assert.deepEqual((await adapter.getLead('T-1')).feedback, []);
  });

  test('the daily API limit reached: rate_limited, retryable', async () => {
    fake.apiUsage = fake.dailyLimit;
    await assert.rejects(adapterFor().getFunnel(), fails('rate_limited', (e) => assert.equal(e.retryable, true)));
    fake.apiUsage = 0;
  });

  test('Salesforce unavailable (503): unavailable, retryable; the retry succeeds', async () => {
    fake.fail({ status: 503 });
    const adapter = adapterFor();
    await assert.rejects(adapter.getLead('T-1'), fails('unavailable', (e) => assert.equal(e.retryable, true)));
    assert.equal((await adapter.getLead('T-1')).id, 'T-1');
  });

  test('a validation rule in the org: invalid_input naming the field, and neither feedback nor lead change', async () => {
    fake.addValidationRule('LeadLoop_Feedback__c', (r) => (String(r.Note__c ?? '').includes('guarantee') ? { message: 'Notes must not promise anything.', fields: ['Note__c'] } : null));
    const adapter = adapterFor();
    await assert.rejects(
      adapter.submitFeedback({ leadId: 'T-1', outcome: 'accepted', note: 'I guarantee a deal' }, { idempotencyKey: 'k-rule' }),
      fails('invalid_input', (e) => {
        assert.equal(e.retryable, false);
        assert.deepEqual(e.issues, [{ path: 'note', message: 'Notes must not promise anything.' }]);
      }),
    );
    const lead = await adapter.getLead('T-1');
    assert.deepEqual(lead.feedback, []);
    assert.equal(lead.stage, 'mql');
    assert.equal(lead.firstTouchAt, undefined);
  });

  test('idempotency keys are case-sensitive although SOQL compares text ignoring case', async () => {
    const adapter = adapterFor();
    const a = await adapter.submitFeedback({ leadId: 'T-1', outcome: 'attempted' }, { idempotencyKey: 'Key-A' });
    const b = await adapter.submitFeedback({ leadId: 'T-1', outcome: 'reached' }, { idempotencyKey: 'key-a' });
    assert.notEqual(a.id, b.id);
    assert.deepEqual(await adapter.submitFeedback({ leadId: 'T-1', outcome: 'attempted' }, { idempotencyKey: 'Key-A' }), a);
  });

  test('a response lost after Salesforce stored the feedback: the retry with the key returns it, stored once', async () => {
    const adapter = adapterFor();
    fake.fail({ dropResponse: true }, { when: (call) => call.method === 'POST' && call.path.endsWith('/composite') && fake.calls.length > 0 });
    await assert.rejects(adapter.submitFeedback({ leadId: 'T-1', outcome: 'accepted' }, { idempotencyKey: 'lost-1' }), fails('unavailable'));
    const again = await adapter.submitFeedback({ leadId: 'T-1', outcome: 'accepted' }, { idempotencyKey: 'lost-1' });
    assert.deepEqual((await adapter.listFeedback('T-1')).map((f) => f.id), [again.id]);
    assert.equal((await adapter.getLead('T-1')).stage, 'sal');
  });

  test('every write names its record Ids; the lead Id is the one Salesforce gave', async () => {
    const adapter = adapterFor();
    await adapter.saveChecklist('T-1', { stage: 'sql', answers: {} }).catch(() => undefined);
    const feedback = await adapter.submitFeedback({ leadId: 'T-1', outcome: 'qualified', rating: 4 }, { idempotencyKey: 'ids-1' });
    const [record] = fake.records('LeadLoop_Feedback__c');
    assert.equal(record!.Id, feedback.id);
    assert.equal(String(record!.Lead__c), ids.get('T-1'));
    assert.equal(record!.Rating__c, 4);
  });
});

describe('SalesforceAdapter: the reason catalog and the definition history in LeadLoop_Definition__c', () => {
  const catalogRecords = () => fake.records('LeadLoop_Definition__c').filter((r) => r.Definition_Id__c === 'default:reasons');
  beforeEach(() => {
    fake.reset();
    seedOrg(fake, [{ id: 'R-1', createdAt: '2026-06-01T10:00:00.000Z', stage: 'mql', handedOffAt: '2026-06-01T10:00:00.000Z' }]);
  });

  test('each save is a record of its own version; getConfig costs 1 call, saveReasons 2', async () => {
    const adapter = adapterFor();
    fake.resetCalls();
    const { reasons } = await adapter.getConfig();
    assert.equal(fake.apiCalls, 1);
    fake.resetCalls();
    await adapter.saveReasons([...reasons, { id: 'student', label: 'Student' }]);
    assert.equal(fake.apiCalls, 2);
    await adapter.saveReasons([...reasons, { id: 'student', label: 'Student, not a buyer' }]);
    assert.deepEqual(catalogRecords().map((r) => [r.Version__c, r.Key__c]).sort(), [[1, 'default:reasons:1'], [2, 'default:reasons:2']]);
    assert.equal((await adapter.getConfig()).reasons.at(-1)!.label, 'Student, not a buyer');
    assert.deepEqual((await adapter.getDefinitionHistory()).map((d) => d.id), ['default'], 'catalog records are not definition versions');
  });

  test('another session hears of a new reason when feedback cites it: one read, then the usual two calls', async () => {
    const other = adapterFor();
    await other.getConfig();
    const admin = adapterFor();
    await admin.saveReasons([...(await admin.getConfig()).reasons, { id: 'student', label: 'Student' }]);
    fake.resetCalls();
    const feedback = await other.submitFeedback({ leadId: 'R-1', outcome: 'rejected', reason: 'student' }, { idempotencyKey: 'student-1' });
    assert.equal(feedback.reason, 'student');
    assert.equal(fake.apiCalls, 3);
    fake.resetCalls();
    await other.submitFeedback({ leadId: 'R-1', outcome: 'attempted' }, { idempotencyKey: 'student-2' });
    assert.equal(fake.apiCalls, 2, 'a reason-less or known reason costs no read');
  });

  test('two saves at once: the one that loses the version re-reads and is checked against the winner\'s catalog', async () => {
    const base = (await adapterFor().getConfig()).reasons;
    // Another session writes version 1 just as this save posts it: Key__c makes this one DUPLICATE_VALUE.
    let raced = false;
    fake.fail({ status: 500 }, {
      when: (call) => {
        if (!raced && call.method === 'POST' && call.path.endsWith('/sobjects/LeadLoop_Definition__c')) {
          raced = true;
          fake.insert('LeadLoop_Definition__c', { Definition_Id__c: 'default:reasons', Version__c: 1, Key__c: 'default:reasons:1', Stages__c: JSON.stringify([...base, { id: 'intern', label: 'Intern' }]) });
        }
        return false;
      },
    });
    const adapter = adapterFor();
    await assert.rejects(adapter.saveReasons([...base, { id: 'student', label: 'Student' }]), fails('invalid_input', (e) => assert.deepEqual(e.issues.map((i) => i.path), ['intern'])));
    assert.ok(raced);
    const both = await adapter.saveReasons([...base, { id: 'intern', label: 'Intern' }, { id: 'student', label: 'Student' }]);
    assert.deepEqual(both.slice(-2).map((r) => r.id), ['intern', 'student']);
    assert.deepEqual(catalogRecords().map((r) => r.Version__c).sort(), [1, 2]);
  });

  test('getDefinitionHistory: the versions stored in the org, oldest first; an org with none has the empty definition', async () => {
    const adapter = adapterFor();
    const empty = await adapter.getDefinition();
    assert.deepEqual(await adapter.getDefinitionHistory(), [empty]);
    const next = await adapter.saveDefinition(empty);
    const last = await adapter.saveDefinition(next);
    // The empty first version was never a record, so it is not history once a real one exists.
    assert.deepEqual(await adapter.getDefinitionHistory(), [next, last]);
  });
});
