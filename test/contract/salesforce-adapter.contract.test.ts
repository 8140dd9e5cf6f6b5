import { after, before } from 'node:test';
import { SalesforceAdapter } from '@leadloop/adapters';
import { definitionToRecord, leadToRecord, resolveMapping } from '@leadloop/adapters/salesforce-adapter-mapping';
import type { Lead, QualificationDefinition } from '@leadloop/core';
import { FakeSalesforce } from '../fake-salesforce/index.js';
import { runAdapterContract } from './adapter-contract.js';

// SalesforceAdapter against the fake Salesforce REST API on loopback, the org emptied and seeded per case.
// A small query page size makes every multi-record read go through nextRecordsUrl paging.
let fake: FakeSalesforce;

before(async () => {
  fake = await FakeSalesforce.start({ pageSize: 2 });
});

after(async () => {
  await fake?.close();
});

/** Puts leads and a definition into the fake org as a data load would (owners are users; CreatedDate kept). */
export function seedOrg(org: FakeSalesforce, leads: Lead[], definition?: QualificationDefinition): void {
  const mapping = resolveMapping();
  const users = new Map<string, string>();
  for (const lead of leads) {
    let ownerId: string | undefined;
    if (lead.owner) {
      ownerId = users.get(lead.owner);
      if (!ownerId) users.set(lead.owner, (ownerId = org.insert('User', { Name: lead.owner, Alias: lead.owner.slice(0, 8) })));
    }
    org.insert('Lead', { ...leadToRecord(lead, mapping), CreatedDate: lead.createdAt, ...(ownerId ? { OwnerId: ownerId } : {}) });
  }
  if (definition) org.insert('LeadLoop_Definition__c', definitionToRecord(definition));
}

runAdapterContract('SalesforceAdapter → fake Salesforce REST API', async ({ leads, definition }) => {
  fake.reset();
  seedOrg(fake, leads, definition);
  const adapter = new SalesforceAdapter({ baseUrl: fake.url, accessToken: fake.accessToken, user: 'contract@example.com' });
  return { adapter };
});
