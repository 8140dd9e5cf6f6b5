import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Feedback, Lead } from '@leadloop/core';
import { SalesforceStore, writeDelayMs } from '@leadloop/server';
import { fails } from '../contract/expect-error.js';
import { FakeSalesforce } from './index.js';
import { seedOrg } from './seed-org.js';

let fake: FakeSalesforce;
before(async () => {
  fake = await FakeSalesforce.start();
});
after(async () => {
  await fake?.close();
});

const isWrite = (call: { method: string; path: string }) => call.method === 'POST' && call.path.endsWith('/composite') && fake.calls.length > 0;

function seedLeads(count: number): void {
  seedOrg(fake, Array.from({ length: count }, (_, i): Lead => ({ id: `S-${i}`, name: `Lead ${i}`, createdAt: '2026-06-01T10:00:00.000Z', stage: 'mql', handedOffAt: '2026-06-01T10:00:00.000Z' })));
}

function storeFor(extra: Partial<ConstructorParameters<typeof SalesforceStore>[0]> = {}) {
  return new SalesforceStore({ instanceUrl: fake.url, accessToken: () => fake.accessToken, retryDelayMs: 5, acceptTimeoutMs: 60_000, ...extra });
}

describe('SalesforceStore → fake Salesforce', () => {
  let store: SalesforceStore;
  beforeEach(() => {
    fake.reset();
    seedLeads(500);
    store = storeFor();
  });

  test('1,000 feedback submitted at once reach the org in at most 5 API calls, each stored once and applied to its lead', async () => {
    await store.getConfigCached();
    fake.resetCalls();
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) =>
      store.submitFeedback({ leadId: `S-${i % 500}`, outcome: i < 500 ? 'attempted' : 'accepted' }, { idempotencyKey: `k-${i}`, by: 'rep@example.com' })));
    assert.ok(fake.apiCalls <= 5, `${fake.apiCalls} calls`);
    assert.equal(new Set(results.map((r) => r.feedback.id)).size, 1000);
    assert.ok(results.every((r) => !r.replayed));
    assert.equal(fake.records('LeadLoop_Feedback__c').length, 1000);
    const lead = await store.getLead('S-7');
    assert.equal(lead.stage, 'sal');
    assert.equal(lead.feedback.length, 2);
    assert.equal(lead.firstTouchAt, lead.feedback[0]!.at);
    await store.close();
  });

  test('the same key again is a replay of the same feedback; another body is a conflict; keys belong to their user', async () => {
    const first = await store.submitFeedback({ leadId: 'S-1', outcome: 'attempted' }, { idempotencyKey: 'same', by: 'ana' });
    const again = await store.submitFeedback({ leadId: 'S-1', outcome: 'attempted' }, { idempotencyKey: 'same', by: 'ana' });
    assert.equal(again.replayed, true);
    assert.deepEqual(again.feedback, first.feedback);
    await assert.rejects(store.submitFeedback({ leadId: 'S-1', outcome: 'reached' }, { idempotencyKey: 'same', by: 'ana' }), fails('conflict'));
    const other = await store.submitFeedback({ leadId: 'S-1', outcome: 'reached' }, { idempotencyKey: 'same', by: 'ben' });
    assert.notEqual(other.feedback.id, first.feedback.id);
    assert.equal(fake.records('LeadLoop_Feedback__c').length, 2);
    await store.close();
  });

  for (const [what, failure] of [
    ['Salesforce answers 503', { status: 503 }],
    ['the daily limit is reached (REQUEST_LIMIT_EXCEEDED)', { errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
    ['the response is lost after the write', { dropResponse: true }],
  ] as const) {
    test(`${what}: the batch is retried later and stored exactly once`, async () => {
      fake.fail(failure, { times: 2, when: isWrite });
      const result = await store.submitFeedback({ leadId: 'S-2', outcome: 'accepted', rating: 4 }, { idempotencyKey: 'retry-me', by: 'ana' });
      assert.equal(result.replayed, false);
      const stored = fake.records('LeadLoop_Feedback__c');
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.Id, result.feedback.id);
      assert.equal((await store.getLead('S-2')).stage, 'sal');
      await store.close();
    });
  }

  test('saveReasons keeps the catalog in the org and announces it; batched feedback is checked against it', async () => {
    const heard: string[] = [];
    store.subscribe((change) => heard.push(change.type));
    const { reasons } = await store.getConfig();
    await assert.rejects(store.saveReasons(reasons.slice(1)), fails('invalid_input'));
    const next = [...reasons.map((r) => (r.id === 'spam' ? { ...r, retired: true } : r)), { id: 'student', label: 'Student' }];
    assert.deepEqual(await store.saveReasons(next), next);
    assert.deepEqual(heard, ['reasons']);
    assert.deepEqual((await storeFor().getConfig()).reasons, next, 'a new server reads it from the org');
    const [added, retired] = await Promise.all([
      store.submitFeedback({ leadId: 'S-1', outcome: 'rejected', reason: 'student' }, { idempotencyKey: 'r-1', by: 'rep@example.com' }),
      store.submitFeedback({ leadId: 'S-2', outcome: 'rejected', reason: 'spam' }, { idempotencyKey: 'r-2', by: 'rep@example.com' }),
    ]);
    assert.deepEqual([added.feedback.reason, retired.feedback.reason], ['student', 'spam']);
    await assert.rejects(store.submitFeedback({ leadId: 'S-3', outcome: 'rejected', reason: 'nope' }, { idempotencyKey: 'r-3', by: 'rep@example.com' }), fails('invalid_input'));
    assert.deepEqual((await store.getDefinitionHistory()).map((d) => d.id), ['default']);
  });

  test('one record the org refuses (a validation rule) fails alone with invalid_input; the rest of the batch is stored', async () => {
    fake.addValidationRule('LeadLoop_Feedback__c', (r) => (String(r.Note__c ?? '').includes('guarantee') ? { message: 'Notes must not promise anything.', fields: ['Note__c'] } : null));
    const [bad, good] = await Promise.allSettled([
      store.submitFeedback({ leadId: 'S-3', outcome: 'attempted', note: 'I guarantee it' }, { idempotencyKey: 'bad', by: 'ana' }),
      store.submitFeedback({ leadId: 'S-4', outcome: 'attempted' }, { idempotencyKey: 'good', by: 'ana' }),
    ]);
    assert.equal(bad.status, 'rejected');
    fails('invalid_input', (e) => assert.deepEqual(e.issues, [{ path: 'note', message: 'Notes must not promise anything.' }]))((bad as PromiseRejectedResult).reason);
    assert.equal(good.status, 'fulfilled');
    assert.equal(fake.records('LeadLoop_Feedback__c').length, 1);
    assert.equal((await store.getLead('S-3')).firstTouchAt, undefined);
    await store.close();
  });

  test('a lead update the org refuses fails that feedback alone, naming the cause; nothing is reported saved that was rolled back', async () => {
    const s3 = fake.records('Lead').find((r) => r.LeadLoop_Id__c === 'S-3')!.Id;
    fake.addValidationRule('Lead', (r) => (r.Id === s3 ? { message: 'This lead is under legal hold.', fields: [] } : null));
    const [bad, good] = await Promise.allSettled([
      store.submitFeedback({ leadId: 'S-3', outcome: 'attempted' }, { idempotencyKey: 'held', by: 'ana' }),
      store.submitFeedback({ leadId: 'S-4', outcome: 'attempted' }, { idempotencyKey: 'free', by: 'ana' }),
    ]);
    assert.equal(bad.status, 'rejected');
    fails('invalid_input', (e) => assert.match(e.message, /legal hold/))((bad as PromiseRejectedResult).reason);
    assert.equal(good.status, 'fulfilled');
    assert.equal(fake.records('LeadLoop_Feedback__c').length, 1);
    assert.equal((await store.listFeedback('S-3')).length, 0);
    assert.equal((await store.listFeedback('S-4')).length, 1);
    await store.close();
  });

  test('a locked lead (UNABLE_TO_LOCK_ROW, rolled back) is written again, and its feedback stored once', async () => {
    fake.failRecords('UNABLE_TO_LOCK_ROW', { times: 1, when: (objectName) => objectName === 'Lead' });
    await store.submitFeedback({ leadId: 'S-5', outcome: 'attempted' }, { idempotencyKey: 'locked', by: 'ana' });
    assert.equal(fake.records('LeadLoop_Feedback__c').length, 1);
    assert.deepEqual((await store.listFeedback('S-5')).map((f) => f.outcome), ['attempted']);
    assert.ok((await store.getLead('S-5')).firstTouchAt);
    await store.close();
  });

  test('an expired session is refreshed through OAuth when a refresh exists', async () => {
    const refreshing = storeFor({
      accessToken: 'expired-token',
      refresh: async () => {
        const response = await fetch(`${fake.url}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: fake.refreshToken }) });
        return ((await response.json()) as { access_token: string }).access_token;
      },
    });
    assert.equal((await refreshing.getLead('S-5')).id, 'S-5');
    await refreshing.close();
  });

  test('an expired session without a refresh token fails clearly: unauthorized, not retryable', async () => {
    const stale = storeFor({ accessToken: 'expired-token' });
    await assert.rejects(stale.getLead('S-5'), fails('unauthorized', (e) => {
      assert.equal(e.retryable, false);
      assert.match(e.message, /refresh token/);
    }));
    await stale.close();
  });

  test('Sforce-Limit-Info is read; writes slow down near the daily limit and wait past the reserve', async () => {
    await store.getLead('S-6');
    assert.deepEqual(store.usage, { used: fake.apiUsage, max: fake.dailyLimit });
    assert.equal(writeDelayMs({ used: 100, max: 1000 }), 0);
    const near = writeDelayMs({ used: 940, max: 1000 });
    assert.ok(near > 0 && near < writeDelayMs({ used: 970, max: 1000 }), String(near));
    assert.equal(writeDelayMs({ used: 990, max: 1000 }), 300_000);
    await store.close();
  });

  test('putLeads upserts by LeadLoop id with owners resolved to users; an unknown owner is invalid input and nothing is written', async () => {
    fake.insert('User', { Name: 'Grace Kim' });
    await assert.rejects(store.putLeads([{ id: 'N-1', createdAt: '2026-06-01T10:00:00Z', stage: 'inquiry', owner: 'Nobody' }]), fails('invalid_input', (e) => assert.equal(e.issues[0]?.path, 'leads.0.owner')));
    assert.equal(await store.countLeads(), 500);
    assert.equal(await store.putLeads([{ id: 'N-1', name: 'New Lead', createdAt: '2026-06-01T10:00:00Z', stage: 'sql', owner: 'Grace Kim', source: 'Webinar' }]), 1);
    assert.equal(await store.putLeads([{ id: 'N-1', name: 'New Lead', createdAt: '2026-06-01T10:00:00Z', stage: 'won', owner: 'Grace Kim', source: 'Webinar' }]), 1);
    const lead = await store.getLead('N-1');
    assert.equal(lead.stage, 'won');
    assert.equal(lead.owner, 'Grace Kim');
    assert.equal(await store.countLeads(), 501);
    await store.close();
  });

  test('putLeads over several collections: a lead the org refuses in a later one is named, not the rolled-back first', async () => {
    fake.addValidationRule('Lead', (r) => (r.LeadLoop_Id__c === 'N-250' ? { message: 'Company is on the do-not-contact list.', fields: ['Company'] } : null));
    const leads = Array.from({ length: 300 }, (_, i) => ({ id: `N-${i}`, name: `New ${i}`, company: 'Acme', createdAt: '2026-06-01T10:00:00Z', stage: 'inquiry' }));
    await assert.rejects(store.putLeads(leads), fails('invalid_input', (e) => assert.match(e.message + JSON.stringify(e.issues), /do-not-contact/)));
    assert.equal(await store.countLeads(), 500, 'all or nothing');
    await store.close();
  });

  test('appendFeedback stores imported feedback once per id, finding leads as submitFeedback does: by LeadLoop id or either form of Salesforce Id', async () => {
    const madeInSalesforce = fake.insert('Lead', { LastName: 'Made in Salesforce', Company: 'Acme' });
    const at = '2026-06-02T10:00:00.000Z';
    const records: Feedback[] = [
      { id: 'f-1', leadId: 'S-1', outcome: 'attempted', by: 'ana', at },
      { id: 'f-2', leadId: madeInSalesforce, outcome: 'attempted', by: 'ana', at },
      { id: 'f-3', leadId: madeInSalesforce.slice(0, 15), outcome: 'reached', by: 'ana', at },
    ];
    assert.equal(await store.appendFeedback(records), 3);
    assert.equal(await store.appendFeedback(records), 3);
    assert.deepEqual(fake.records('LeadLoop_Feedback__c').map((r) => r.Idempotency_Key__c).sort(), ['import:f-1', 'import:f-2', 'import:f-3']);
    assert.deepEqual((await store.getLead(madeInSalesforce)).feedback.map((f) => f.outcome), ['attempted', 'reached']);
    await assert.rejects(store.appendFeedback([{ ...records[0]!, id: 'f-4', leadId: 'nobody' }]), fails('invalid_input', (e) => assert.equal(e.issues[0]?.path, '0.leadId')));
    await store.close();
  });

  test('leadloop serve --store salesforce --instance-url URL (token in SF_ACCESS_TOKEN) serves the org', async () => {
    const cli = createRequire(import.meta.url).resolve('@leadloop/server/cli');
    const child = spawn(process.execPath, [cli, 'serve', '--store', 'salesforce', '--instance-url', fake.url, '--port', '0'], {
      env: { ...process.env, SF_ACCESS_TOKEN: fake.accessToken }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      while (!/LeadLoop API on (\S+)/.test(output)) {
        const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => { throw new Error(`leadloop exited: ${output}`); })])) as [string];
        output += chunk;
      }
      assert.match(output, /store: salesforce, 500 leads/);
      const base = output.match(/LeadLoop API on (\S+)/)![1]!;
      const health = await (await fetch(`${base}/health`)).json() as { status: string; store: string };
      assert.deepEqual(health, { status: 'ok', store: 'salesforce' });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit').catch(() => {});
    }
    await store.close();
  });
});
