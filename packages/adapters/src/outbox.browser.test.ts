import { expect } from '@open-wc/testing';
import { LeadLoopError, MemoryAdapter, type Feedback, type FeedbackInput, type LeadLoopAdapter, type SubmitOptions } from '@leadloop/core';
import { Outbox, type OutboxOptions, type OutboxStatus } from './outbox.js';

// Runs in Chromium, against its real IndexedDB, Web Locks and BroadcastChannel.

const HANDED_OFF = '2026-01-05T09:00:00.000Z';

function memory(count = 3): MemoryAdapter {
  const leads = Array.from({ length: count }, (_, i) => ({
    id: `L-${i}`, name: `Lead ${i}`, createdAt: '2026-01-05T08:00:00.000Z', stage: 'mql', handedOffAt: HANDED_OFF,
  }));
  return new MemoryAdapter({ leads, clock: () => new Date('2026-01-05T10:00:00.000Z') });
}

const METHODS = ['getConfig', 'getLead', 'listFeedback', 'submitFeedback', 'saveChecklist', 'getFunnel', 'getFeedbackSummary',
  'getDefinition', 'saveDefinition', 'approveDefinition', 'subscribe'] as const;

/** An adapter that forwards to the store, with some methods replaced (a MemoryAdapter's private fields forbid Object.create). */
function delegate(store: MemoryAdapter, overrides: Partial<LeadLoopAdapter> = {}): LeadLoopAdapter {
  const adapter = {} as Record<string, unknown>;
  for (const m of METHODS) adapter[m] = (store[m] as (...args: unknown[]) => unknown).bind(store);
  return Object.assign(adapter, overrides) as unknown as LeadLoopAdapter;
}

/** A seeded generator (mulberry32), so a failing run can be replayed exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An adapter in front of a store whose network fails: `lost` requests never reach the store,
 * `unanswered` ones are stored but their answer is lost (the case that tempts a client to save
 * twice). A request reaches the store the moment it is sent, as over a real connection.
 */
function flaky(inner: MemoryAdapter, rate: number, random: () => number): LeadLoopAdapter & { calls: number } {
  const adapter = delegate(inner) as LeadLoopAdapter & { calls: number };
  adapter.calls = 0;
  adapter.submitFeedback = (input: FeedbackInput, options: SubmitOptions) => {
    adapter.calls++;
    const roll = random();
    if (roll < rate / 2) return Promise.reject(new TypeError('Failed to fetch'));
    const sent = inner.submitFeedback(input, options);
    if (roll < rate) return sent.then(() => Promise.reject(new LeadLoopError('unavailable', 'the answer was lost', { retryable: true })));
    return sent;
  };
  return adapter;
}

const instantWait: OutboxOptions['wait'] = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Waits until woken (retryNow, close): for an outbox that is offline, so it does not spin. */
const untilWoken: OutboxOptions['wait'] = (_ms, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

/** Polls a condition the outbox reaches on its own (no timing is asserted). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

let dbCount = 0;
const opened: Outbox[] = [];
function dbName(): string {
  return `leadloop-outbox-test-${Date.now()}-${dbCount++}`;
}
function outbox(inner: LeadLoopAdapter, options: OutboxOptions): Outbox {
  const box = new Outbox(inner, { wait: instantWait, ...options });
  opened.push(box);
  return box;
}

async function deleteDb(name: string): Promise<void> {
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve(undefined);
  });
}

function input(i: number, leadId = 'L-0'): FeedbackInput {
  return { leadId, outcome: 'attempted', note: `call ${i}` };
}

describe('Outbox', () => {
  afterEach(() => {
    for (const box of opened.splice(0)) box.close();
  });

  it('delivers a submit through the wrapped adapter and forgets it', async () => {
    const store = memory();
    const box = outbox(store, { name: dbName() });
    const feedback = await box.submitFeedback(input(1), { idempotencyKey: 'k-1' });
    expect(feedback.note).to.equal('call 1');
    expect(await store.listFeedback('L-0')).to.have.length(1);
    expect(box.status.pending).to.equal(0);
    expect(box.deliveryState('k-1')).to.equal(undefined);
  });

  it('keeps submits made offline, says they are queued, and sends them in order once online', async () => {
    const store = memory();
    let online = false;
    const box = outbox(store, { name: dbName(), isOnline: () => online, wait: untilWoken });
    const statuses: OutboxStatus[] = [];
    box.subscribeQueue((s) => statuses.push(s));
    const sent = [1, 2, 3].map((i) => box.submitFeedback(input(i), { idempotencyKey: `k-${i}` }));
    await box.enqueue(input(4), { idempotencyKey: 'k-4' });
    expect(box.status.pending).to.equal(4);
    await until(() => box.status.state === 'offline');
    expect(box.deliveryState('k-1')).to.equal('queued');
    expect(box.queuedFeedback().map((q) => q.input.note)).to.deep.equal(['call 1', 'call 2', 'call 3', 'call 4']);
    expect(await store.listFeedback('L-0')).to.have.length(0);
    online = true;
    box.retryNow();
    await Promise.all(sent);
    await box.whenDrained();
    expect((await store.listFeedback('L-0')).map((f) => f.note)).to.deep.equal(['call 1', 'call 2', 'call 3', 'call 4']);
    expect(statuses.some((s) => s.state === 'offline' && s.pending === 4)).to.equal(true);
    await until(() => box.status.state === 'idle');
    expect(box.status.pending).to.equal(0);
  });

  it('survives a reload: a new outbox on the same database sends what the old one held', async () => {
    const name = dbName();
    const store = memory();
    const first = outbox(store, { name, isOnline: () => false, wait: untilWoken });
    await first.enqueue(input(1), { idempotencyKey: 'r-1' });
    await first.enqueue(input(2), { idempotencyKey: 'r-2' });
    first.close();
    const second = outbox(store, { name });
    await second.ready;
    expect(second.status.pending).to.equal(2);
    await second.whenDrained();
    expect((await store.listFeedback('L-0')).map((f) => f.note)).to.deep.equal(['call 1', 'call 2']);
  });

  it('waits at least the Retry-After the server asked for, and backs off exponentially otherwise', async () => {
    const store = memory();
    const waits: number[] = [];
    let attempts = 0;
    const inner = delegate(store, {
      submitFeedback: (i, o) => {
        attempts++;
        if (attempts === 1) return Promise.reject(new LeadLoopError('rate_limited', 'slow down', { retryAfterMs: 30_000 }));
        if (attempts <= 4) return Promise.reject(new LeadLoopError('unavailable', 'down'));
        return store.submitFeedback(i, o);
      },
    });
    const box = outbox(inner, {
      name: dbName(), baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 1,
      // Records each wait and returns at once: no test waits for real time.
      wait: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    await box.submitFeedback(input(1), { idempotencyKey: 'ra-1' });
    expect(attempts).to.equal(5);
    // Retry-After 30 s wins over the first 1 s backoff; then 2 s, 4 s, 8 s (random() = 1: no jitter taken off).
    expect(waits.map((ms) => Math.round(ms / 1000))).to.deep.equal([30, 2, 4, 8]);
  });

  it('reports a refusal once, sets it aside and goes on with the next submit', async () => {
    const store = memory();
    const box = outbox(store, { name: dbName() });
    // The store checks reasons against its catalog: a made-up one is refused (invalid_input), for good.
    const refused = box.submitFeedback({ leadId: 'L-0', outcome: 'recycled', reason: 'made-up' }, { idempotencyKey: 'bad-1' });
    const next = box.submitFeedback(input(2), { idempotencyKey: 'ok-2' });
    let error: unknown;
    try {
      await refused;
    } catch (e) {
      error = e;
    }
    expect((error as LeadLoopError).code).to.equal('invalid_input');
    expect((await next).note).to.equal('call 2');
    expect(box.deliveryState('bad-1')).to.equal('failed');
    expect(box.status).to.deep.include({ pending: 0, failed: 1 });
    expect(box.queuedFeedback()[0]).to.deep.include({ idempotencyKey: 'bad-1', state: 'failed' });
    await box.discard('bad-1');
    expect(box.status.failed).to.equal(0);
  });

  it('refuses the same key with other feedback (conflict) and answers the same key and feedback once', async () => {
    const store = memory();
    const box = outbox(store, { name: dbName(), isOnline: () => false });
    await box.enqueue(input(1), { idempotencyKey: 'same' });
    await box.enqueue(input(1), { idempotencyKey: 'same' });
    expect(box.status.pending).to.equal(1);
    let error: unknown;
    try {
      await box.enqueue(input(2), { idempotencyKey: 'same' });
    } catch (e) {
      error = e;
    }
    expect((error as LeadLoopError).code).to.equal('conflict');
    let missing: unknown;
    try {
      await box.enqueue(input(3), { idempotencyKey: '' });
    } catch (e) {
      missing = e;
    }
    expect((missing as LeadLoopError).code).to.equal('invalid_input');
  });

  it('lets two tabs share one queue: both submits are stored once and both callers hear back', async () => {
    const name = dbName();
    const store = memory();
    const tabA = outbox(store, { name });
    const tabB = outbox(store, { name });
    const [a, b] = await Promise.all([
      tabA.submitFeedback(input(1), { idempotencyKey: 'tab-a' }),
      tabB.submitFeedback(input(2), { idempotencyKey: 'tab-b' }),
    ]);
    expect([a.note, b.note]).to.deep.equal(['call 1', 'call 2']);
    expect(await store.listFeedback('L-0')).to.have.length(2);
  });

  it('sends straight through when IndexedDB cannot be opened, and says why enqueue cannot keep it', async () => {
    const store = memory();
    const broken = { open: () => { throw new DOMException('denied', 'SecurityError'); } } as unknown as IDBFactory;
    const box = outbox(store, { name: dbName(), indexedDB: broken });
    const feedback = await box.submitFeedback(input(1), { idempotencyKey: 'no-idb' });
    expect(feedback.note).to.equal('call 1');
    let error: unknown;
    try {
      await box.enqueue(input(2), { idempotencyKey: 'no-idb-2' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(DOMException);
  });

  it('passes reads and other writes straight through', async () => {
    const store = memory();
    const box = outbox(store, { name: dbName() });
    expect((await box.getLead('L-1')).name).to.equal('Lead 1');
    expect((await box.getConfig()).waterfall.handoffStage).to.equal('mql');
    const changes: string[] = [];
    const stop = box.subscribe((c) => changes.push(c.type));
    await box.submitFeedback(input(1), { idempotencyKey: 'p-1' });
    stop();
    expect(changes).to.include('feedback');
  });

  it('tells of delivered feedback itself when the wrapped adapter has no change stream', async () => {
    const store = memory();
    const bare = delegate(store, { subscribe: undefined });
    const box = outbox(bare, { name: dbName() });
    const changes: unknown[] = [];
    box.subscribe((c) => changes.push(c));
    const feedback = await box.submitFeedback(input(1), { idempotencyKey: 's-1' });
    expect(changes).to.deep.equal([{ type: 'feedback', leadId: 'L-0', feedback }]);
  });

  it('goes on sending when a change listener throws', async () => {
    const store = memory();
    // untilWoken: were the throw taken for a failed send, the outbox would wait until woken and the second submit never go out.
    const box = outbox(delegate(store, { subscribe: undefined }), { name: dbName(), wait: untilWoken });
    box.subscribe(() => {
      throw new Error('a broken listener');
    });
    await box.submitFeedback(input(1), { idempotencyKey: 't-1' });
    await box.submitFeedback(input(2), { idempotencyKey: 't-2' });
    expect(box.status.lastError).to.equal(undefined);
    expect(await store.listFeedback('L-0')).to.have.length(2);
  });

  it('stores exactly 1,000 submits, in order, none twice, under 30% failures with reloads in between', async function () {
    // Thousands of durable IndexedDB writes: more time than the default, never a timing assertion.
    this.timeout(240_000);
    const name = dbName();
    const store = memory();
    const random = seeded(20260105);
    const network = flaky(store, 0.3, random);
    const total = 1000;
    const reloads = 10;
    let submitted = 0;
    for (let r = 0; r < reloads; r++) {
      const box = outbox(network, { name, baseDelayMs: 1, maxDelayMs: 4 });
      // The rep keeps working: a batch of submits, each on disk before the next click.
      const batch = total / reloads;
      for (let i = 0; i < batch; i++, submitted++) {
        await box.enqueue(input(submitted, `L-${submitted % 3}`), { idempotencyKey: `load-${submitted}` });
      }
      // Let some go out, then "reload" wherever the queue is, often mid-request.
      const delivered = (await Promise.all(['L-0', 'L-1', 'L-2'].map((id) => store.listFeedback(id)))).flat().length;
      // Never more than was submitted: a goal past that would wait for feedback that does not exist.
      const goal = Math.min(submitted, delivered + Math.floor(random() * batch));
      while ((await Promise.all(['L-0', 'L-1', 'L-2'].map((id) => store.listFeedback(id)))).flat().length < goal) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      box.close();
    }
    const last = outbox(network, { name, baseDelayMs: 1, maxDelayMs: 4 });
    await last.ready;
    await last.whenDrained();
    const stored = (await Promise.all(['L-0', 'L-1', 'L-2'].map((id) => store.listFeedback(id)))).flat() as Feedback[];
    const notes = stored.map((f) => Number(f.note!.slice('call '.length)));
    expect(stored).to.have.length(total);
    expect(new Set(notes).size).to.equal(total);
    // In order: each lead's feedback, oldest first, is in the order the rep gave it.
    for (const id of ['L-0', 'L-1', 'L-2']) {
      const mine = stored.filter((f) => f.leadId === id).map((f) => Number(f.note!.slice(5)));
      expect(mine).to.deep.equal([...mine].sort((a, b) => a - b));
    }
    expect(network.calls).to.be.greaterThan(total);
    await deleteDb(name);
  });
});
