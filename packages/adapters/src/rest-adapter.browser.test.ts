import { expect } from '@open-wc/testing';
import { LeadLoopError } from '@leadloop/core';
import { RestAdapter } from './rest-adapter.js';

// Runs in Chromium: the adapter must load and work in a browser (no node:* imports, window.fetch).
describe('RestAdapter in a browser', () => {
  it('uses window.fetch without "Illegal invocation" and maps a 404 to not_found', async () => {
    const adapter = new RestAdapter({ baseUrl: `${location.origin}/no-such-api/v1`, token: 'browser-token-123456' });
    let error: unknown;
    try {
      await adapter.getConfig();
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(LeadLoopError);
    expect((error as LeadLoopError).code).to.equal('not_found');
    expect((error as LeadLoopError).retryable).to.equal(false);
  });

  it('reads a change stream with the browser\'s streams and TextDecoder', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('event: ready\ndata: {}\n\nevent: change\ndata: {"type":"lead","leadId":"L-9"}\n\n'));
      },
    });
    const adapter = new RestAdapter({ baseUrl: '/api/v1', fetch: async () => new Response(body, { status: 200 }) });
    const change = await new Promise((resolve) => {
      const stop = adapter.subscribe((c) => {
        stop();
        resolve(c);
      });
    });
    expect(change).to.deep.equal({ type: 'lead', leadId: 'L-9' });
  });

  it('refuses a body that breaks the contract, and a redirect, with a LeadLoopError', async () => {
    const answers = [new Response('null', { status: 200 }), new Response('{"__proto__":{"x":1}}', { status: 200 }), Response.redirect('https://elsewhere.example/api/v1/config', 307)];
    for (const answer of answers) {
      let error: unknown;
      try {
        await new RestAdapter({ baseUrl: '/api/v1', token: 'browser-token-123456', fetch: async () => answer }).getConfig();
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(LeadLoopError);
    }
  });

  it('asks the browser not to follow redirects (the token would go with them)', async () => {
    let init: RequestInit | undefined;
    const adapter = new RestAdapter({ baseUrl: `${location.origin}/no-such-api/v1`, fetch: (url, i) => ((init = i), fetch(url, i)) });
    await adapter.getConfig().catch(() => {});
    expect(init?.redirect).to.equal('manual');
  });
});
