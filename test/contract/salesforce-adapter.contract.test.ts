import { after, before } from 'node:test';
import { SalesforceAdapter } from '@leadloop/adapters';
import { FakeSalesforce } from '../fake-salesforce/index.js';
import { seedOrg } from '../fake-salesforce/seed-org.js';
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

runAdapterContract('SalesforceAdapter → fake Salesforce REST API', async ({ leads, definition }) => {
  fake.reset();
  seedOrg(fake, leads, definition ? { definition } : {});
  const adapter = new SalesforceAdapter({ baseUrl: fake.url, accessToken: fake.accessToken, user: 'contract@example.com' });
  return { adapter };
});
