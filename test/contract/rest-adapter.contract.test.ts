import { after, before } from 'node:test';
import { RestAdapter } from '@leadloop/adapters';
import { createApp, openPglite, SqlStore, startServer, type RunningServer } from '@leadloop/server';
import { runAdapterContract } from './adapter-contract.js';

// RestAdapter against the real server on loopback, over an embedded PGlite store reset per case.
let store: SqlStore;
let server: RunningServer;
const token = 'contract-admin-token-0123456789';

before(async () => {
  store = await SqlStore.open(await openPglite());
  const app = createApp({ store, tokens: [{ token, role: 'admin', user: 'contract@example.com' }] });
  server = await startServer({ fetch: app.fetch });
});

after(async () => {
  await server?.close();
  await store?.close();
});

runAdapterContract('RestAdapter → leadloop server (PGlite)', async ({ leads, definition }) => {
  await store.reset({ definition });
  await store.putLeads(leads);
  const adapter = new RestAdapter({ baseUrl: `${server.url}/api/v1`, token });
  return { adapter, subscribed: () => adapter.whenSubscribed() };
});
