#!/usr/bin/env node
// API-call budget against the fake Salesforce REST API (test/fake-salesforce, built by tsc -b):
// 1,000 feedback records reach the org in ≤ 5 API calls (the server's salesforce store), and a
// funnel refresh costs ≤ 3 calls whatever the number of leads (SalesforceAdapter). Calls are
// counted by the fake, as the org's daily limit would count them. Exits 1 when a budget is missed.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateLeads } from '@leadloop/core';
import { SalesforceAdapter } from '@leadloop/adapters';
import { leadToRecord, resolveMapping } from '@leadloop/adapters/salesforce-adapter-mapping';
import { SalesforceStore } from '@leadloop/server';

const root = join(import.meta.dirname, '..');
const { FakeSalesforce } = await import(pathToFileURL(join(root, 'test', 'dist-test', 'fake-salesforce', 'index.js')).href);
const NOW = new Date('2026-06-30T12:00:00.000Z');
const mapping = resolveMapping();

function load(fake, leads) {
  const users = new Map();
  for (const lead of leads) {
    let ownerId = lead.owner ? users.get(lead.owner) : undefined;
    if (lead.owner && !ownerId) users.set(lead.owner, (ownerId = fake.insert('User', { Name: lead.owner })));
    fake.insert('Lead', { ...leadToRecord(lead, mapping), CreatedDate: lead.createdAt, ...(ownerId ? { OwnerId: ownerId } : {}) });
  }
}

const rows = [];
const fake = await FakeSalesforce.start();
try {
  // 1,000 feedback through the store, submitted at once as a busy server would receive them.
  const { leads } = generateLeads({ leads: 1000, seed: 5, now: NOW });
  load(fake, leads);
  const store = new SalesforceStore({ instanceUrl: fake.url, accessToken: fake.accessToken, clock: () => NOW });
  await store.getConfigCached();
  fake.resetCalls();
  await Promise.all(leads.map((lead, i) => store.submitFeedback({ leadId: lead.id, outcome: 'attempted' }, { idempotencyKey: `bench-${i}`, by: 'bench@example.com' })));
  rows.push(['1,000 feedback records reach the org (store)', fake.apiCalls, 5]);
  await store.close();

  // A funnel refresh at growing lead counts: the calls must not grow with them.
  for (const count of [1_000, 10_000, 50_000]) {
    fake.reset();
    load(fake, generateLeads({ leads: count, seed: 9, now: NOW }).leads);
    const adapter = new SalesforceAdapter({ baseUrl: fake.url, accessToken: fake.accessToken, clock: () => NOW });
    fake.resetCalls();
    await adapter.getFunnel();
    rows.push([`funnel refresh, ${count.toLocaleString('en')} leads`, fake.apiCalls, 3]);
    fake.resetCalls();
    await adapter.getFunnel({ source: 'Webinar', from: '2026-03-01', to: '2026-05-31' });
    rows.push([`funnel refresh with filters, ${count.toLocaleString('en')} leads`, fake.apiCalls, 3]);
  }
  // For reference (no budget): one rep action through the browser adapter.
  const adapter = new SalesforceAdapter({ baseUrl: fake.url, accessToken: fake.accessToken, clock: () => NOW });
  const [first] = fake.records('Lead');
  fake.resetCalls();
  await adapter.submitFeedback({ leadId: String(first.LeadLoop_Id__c ?? first.Id), outcome: 'reached' }, { idempotencyKey: 'bench-one' });
  rows.push(['one feedback from the browser adapter', fake.apiCalls, null]);
  fake.resetCalls();
  await adapter.getFeedbackSummary({ groupBy: 'campaign' });
  rows.push(['feedback summary by campaign, 50,000 leads', fake.apiCalls, null]);
} finally {
  await fake.close();
}

console.log('\n### Salesforce API calls (counted by the fake REST API)\n');
console.log('| what | API calls | budget | |');
console.log('|---|---:|---:|---|');
let missed = false;
for (const [what, calls, budget] of rows) {
  const ok = budget === null ? '' : calls <= budget ? '✓' : '✗ over budget';
  if (budget !== null && calls > budget) missed = true;
  console.log(`| ${what} | ${calls} | ${budget === null ? '—' : `≤ ${budget}`} | ${ok} |`);
}
process.exit(missed ? 1 : 0);
