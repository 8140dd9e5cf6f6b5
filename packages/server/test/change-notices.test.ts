import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { AdapterChange, Feedback, Lead } from '@leadloop/core';
import type { SqlStore } from '@leadloop/server';
import { packNotices, readNotice } from '../dist/sql/change-notices.js';
import { postgresTarget } from './store-targets.js';

// Server processes sharing one PostgreSQL database tell each other of their changes (LISTEN/NOTIFY),
// so `/events` subscribers of every process hear every write and no process serves a stale report.

const lead = (id: string): Lead => ({ id, createdAt: '2026-03-01T10:00:00.000Z', stage: 'mql', handedOffAt: '2026-03-01T11:00:00.000Z' });
const feedback = (note: string): Feedback => ({
  id: 'fb_1', leadId: 'L-1', outcome: 'attempted', note, by: 'ana', at: '2026-03-02T09:00:00.000Z',
} as Feedback);
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('change notices: packing and reading', () => {
  test('keep the order, and fit each payload under PostgreSQL\'s 8000 bytes', () => {
    const changes: AdapterChange[] = Array.from({ length: 500 }, (_, i) => ({ type: 'lead', leadId: `lead-${i}-${'x'.repeat(40)}` }));
    const payloads = packNotices('me', changes);
    assert.ok(payloads.length > 1, 'more than one notice');
    for (const p of payloads) assert.ok(bytes(p) < 8000, `${bytes(p)} bytes`);
    assert.deepEqual(payloads.flatMap((p) => readNotice(p, 'other')), changes);
  });

  test('send a feedback change too big for a notice as a change of its lead', () => {
    const big: AdapterChange = { type: 'feedback', leadId: 'L-1', feedback: feedback('€'.repeat(3000)) }; // 9000 bytes of note
    const small: AdapterChange = { type: 'feedback', leadId: 'L-1', feedback: feedback('Left a voicemail.') };
    const payloads = packNotices('me', [big, small]);
    assert.deepEqual(payloads.flatMap((p) => readNotice(p, 'other')), [{ type: 'lead', leadId: 'L-1' }, small]);
  });

  test('skip a process\'s own notices, and anything malformed (anyone who can connect may NOTIFY)', () => {
    const [payload] = packNotices('me', [{ type: 'reasons' }]);
    assert.deepEqual(readNotice(payload!, 'me'), []);
    assert.deepEqual(readNotice(payload!, 'other'), [{ type: 'reasons' }]);
    for (const bad of ['', 'not json', 'null', '{"o":"x"}', '{"o":"x","c":{}}']) assert.deepEqual(readNotice(bad, 'me'), [], bad);
    const odd = JSON.stringify({
      o: 'x',
      c: [
        { type: 'lead' }, { type: 'lead', leadId: 7 }, { type: 'checklist', leadId: 'L-1' }, { type: 'definition', version: 'two' },
        { type: 'feedback', leadId: 'L-1', feedback: { id: 'f', leadId: 'L-2' } }, { type: '__proto__' }, 42, null,
        { type: 'lead', leadId: 'L-9', extra: '<script>' },
      ],
    });
    assert.deepEqual(readNotice(odd, 'me'), [{ type: 'lead', leadId: 'L-9' }]);
  });
});

const url = process.env.DATABASE_URL;

describe('change notices between two servers on one PostgreSQL database', { skip: !url && 'needs PostgreSQL (DATABASE_URL)' }, () => {
  let target: ReturnType<typeof postgresTarget>;
  let a: SqlStore;
  let b: SqlStore;

  /** Resolves with the first change `store` hears that `match` accepts. */
  const heard = (store: SqlStore, match: (change: AdapterChange) => boolean) =>
    new Promise<AdapterChange>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no change heard within 5 s')), 5000);
      const stop = store.subscribe((change) => {
        if (!match(change)) return;
        clearTimeout(timer);
        stop();
        resolve(change);
      });
    });

  before(async () => {
    target = postgresTarget(url!);
    // Reports kept for a minute: only the notice can make b drop the one it holds.
    a = await target.open({ reportCacheMs: 60_000 });
    b = await target.open({ reportCacheMs: 60_000 });
  });

  after(async () => {
    await a?.close();
    await b?.close();
    await target?.dispose();
  });

  test('feedback saved through one reaches the other\'s subscribers, once, and not twice on its own', async () => {
    await a.putLeads([lead('N-1')]);
    const own: AdapterChange[] = [];
    const stop = a.subscribe((change) => own.push(change));
    const other = heard(b, (c) => c.type === 'feedback' && c.leadId === 'N-1');
    const saved = await a.submitFeedback({ leadId: 'N-1', outcome: 'accepted' }, { idempotencyKey: 'n-1', by: 'ana' });
    const change = await other;
    assert.deepEqual(change, { type: 'feedback', leadId: 'N-1', feedback: saved.feedback });
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop();
    assert.deepEqual(own.filter((c) => c.type === 'feedback'), [change], 'a heard its own change once');
  });

  test('a write through one drops the report the other had cached', async () => {
    const before = await b.getFunnel({});
    const news = heard(b, (c) => c.type === 'lead' && c.leadId === 'N-2');
    await a.putLeads([lead('N-2')]);
    await news;
    assert.equal((await b.getFunnel({})).total, before.total + 1);
  });

  test('a new reason catalog saved through one is the other\'s at once', async () => {
    const news = heard(b, (c) => c.type === 'reasons');
    await a.saveReasons([...(await a.getConfig()).reasons, { id: 'student', label: 'Student, no budget' }]);
    await news;
    assert.ok((await b.getConfig()).reasons.some((r) => r.id === 'student'));
  });

  test('a server on another schema of the same database hears nothing', async () => {
    const elsewhere = postgresTarget(url!);
    const c = await elsewhere.open({});
    try {
      const changes: AdapterChange[] = [];
      c.subscribe((change) => changes.push(change));
      const news = heard(b, (x) => x.type === 'lead' && x.leadId === 'N-3');
      await a.putLeads([lead('N-3')]);
      await news;
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(changes, []);
    } finally {
      await c.close();
      await elsewhere.dispose();
    }
  });

  test('listening comes back after its connection is cut', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const cut = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1', [`LISTEN ${`leadloop_${target.schema}`.slice(0, 63)}`]);
      assert.ok(cut.rowCount! >= 2, 'both listening connections were cut');
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the listener tries again after a second
    const news = heard(b, (c) => c.type === 'lead' && c.leadId === 'N-4');
    await a.putLeads([lead('N-4')]);
    await news;
  });
});
