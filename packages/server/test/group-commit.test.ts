import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LeadLoopError, type Feedback, type Lead } from '@leadloop/core';
import { SqlStore, type SqlDatabase, type SubmitFeedbackResult } from '@leadloop/server';
import { storeTargets, type StoreTarget } from './store-targets.js';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const clock = () => NOW;
const lead = (id: string, extra: Partial<Lead> = {}): Lead => ({ id, createdAt: '2026-03-01T10:00:00.000Z', stage: 'inquiry', ...extra });
/** Lets the writer start a batch with what is queued, so the next requests go into another one. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

for (const { name, make: makeTarget } of storeTargets()) {
  describe(`transactions and group commit on ${name}`, () => {
    let target: StoreTarget;
    let db: SqlDatabase;
    let store: SqlStore;

    before(async () => {
      target = await makeTarget();
      db = await target.openDatabase();
      // Up to four batches at once where the database allows it (PGlite writes one at a time).
      store = await SqlStore.open(db, { clock, writeConcurrency: 4 });
      await db.query('CREATE TABLE tx_probe (id text PRIMARY KEY)');
    });
    after(async () => {
      try {
        await store?.close();
      } finally {
        await target?.dispose();
      }
    });

    const probes = async () => (await db.query<{ id: string }>('SELECT id FROM tx_probe ORDER BY id')).map((r) => r.id);

    test('queryAndCommit commits with the last statement; when it fails, the earlier statements are undone too', async () => {
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe (id) VALUES ($1)', ['a']);
        await tx.queryAndCommit('INSERT INTO tx_probe (id) VALUES ($1)', ['b']);
      });
      assert.deepEqual(await probes(), ['a', 'b']);
      await assert.rejects(db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe (id) VALUES ($1)', ['c']);
        await tx.queryAndCommit('INSERT INTO tx_probe (id) VALUES ($1)', ['a']);
      }));
      assert.deepEqual(await probes(), ['a', 'b'], 'c went with the failing last statement');
      await assert.rejects(db.transaction(async (tx) => {
        await tx.queryAndCommit('INSERT INTO tx_probe (id) VALUES ($1)', ['d']);
        await tx.query('INSERT INTO tx_probe (id) VALUES ($1)', ['e']);
      }), /transaction is over/);
      assert.ok(!(await probes()).includes('e'), 'nothing runs after the commit');
      await db.query(`DELETE FROM tx_probe WHERE id = 'd'`);
      await assert.rejects(db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe (id) VALUES ($1)', ['f']);
        throw new Error('changed my mind');
      }), /changed my mind/);
      assert.equal(await db.transaction(async () => 'no statement at all'), 'no statement at all');
      assert.deepEqual(await probes(), ['a', 'b']);
    });

    test('one bad piece in a batch fails alone: the others are stored, and its key stays free', async () => {
      await store.putLeads([lead('gc-1'), lead('gc-2'), lead('gc-3'), lead('gc-js'), lead('gc-db')]);
      // Leads broken under the store: applying feedback to the first fails in the server, storing the
      // second fails in the database (a lead without a stage breaks the NOT NULL on leads.stage).
      await db.query(`UPDATE leads SET doc = '"not a lead"'::jsonb WHERE id = 'gc-js'`);
      await db.query(`UPDATE leads SET doc = doc - 'stage' WHERE id = 'gc-db'`);
      const ids = ['gc-1', 'gc-js', 'gc-2', 'gc-db', 'gc-3'];
      const settled = await Promise.allSettled(ids.map((id) => store.submitFeedback({ leadId: id, outcome: 'attempted' }, { idempotencyKey: `key-${id}`, by: 'ana' })));
      const outcome = (id: string) => settled[ids.indexOf(id)]!;
      for (const id of ['gc-1', 'gc-2', 'gc-3']) {
        const result = outcome(id);
        assert.equal(result.status, 'fulfilled', `${id}: ${(result as PromiseRejectedResult).reason}`);
        assert.equal((result as PromiseFulfilledResult<SubmitFeedbackResult>).value.replayed, false);
        assert.equal((await store.getLead(id)).firstTouchAt, NOW.toISOString());
      }
      for (const id of ['gc-js', 'gc-db']) {
        assert.equal(outcome(id).status, 'rejected', id);
        const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback WHERE lead_id = $1', [id]);
        assert.equal(Number(row!.n), 0, `${id} keeps no feedback`);
      }
      // Mend the leads: the same keys now store the feedback, as nothing was kept under them.
      await db.query(`UPDATE leads SET doc = jsonb_build_object('id', id, 'createdAt', '2026-03-01T10:00:00.000Z', 'stage', 'inquiry') WHERE id IN ('gc-js', 'gc-db')`);
      for (const id of ['gc-js', 'gc-db']) {
        const again = await store.submitFeedback({ leadId: id, outcome: 'attempted' }, { idempotencyKey: `key-${id}`, by: 'ana' });
        assert.equal(again.replayed, false, id);
      }
    });

    test('batches written side by side keep each lead\'s feedback in arrival order, and a key stores one feedback', async () => {
      const leads = ['o-1', 'o-2', 'o-3', 'o-4', 'o-5', 'o-6'];
      await store.putLeads(leads.map((id) => lead(id, { stage: 'mql', handedOffAt: '2026-03-01T11:00:00.000Z' })));
      const sent: { leadId: string; note: string; key: string; promise: Promise<SubmitFeedbackResult> }[] = [];
      const send = (leadId: string, note: string, key = `${leadId}-${note}`) => {
        sent.push({ leadId, note, key, promise: store.submitFeedback({ leadId, outcome: 'attempted', note }, { idempotencyKey: key, by: 'ana' }) });
      };
      // Waves a turn apart: a wave's leads may be in a batch still being written, or free for another batch.
      for (let wave = 0; wave < 6; wave++) {
        for (let i = 0; i < 8; i++) send(leads[(wave * 3 + i) % leads.length]!, `w${wave}-${i}`);
        await nextTurn();
      }
      send('o-1', 'w0-0'); // the very first request again: a replay
      send('o-2', 'w0-0', 'o-1-w0-0'); // its key with another body: a conflict
      const settled = await Promise.allSettled(sent.map((s) => s.promise));
      const replay = settled.at(-2) as PromiseFulfilledResult<SubmitFeedbackResult>;
      const first = settled[0] as PromiseFulfilledResult<SubmitFeedbackResult>;
      assert.equal(replay.status, 'fulfilled');
      assert.equal(replay.value.replayed, true);
      assert.equal(replay.value.feedback.id, first.value.feedback.id);
      const conflict = settled.at(-1) as PromiseRejectedResult;
      assert.ok(conflict.reason instanceof LeadLoopError && conflict.reason.code === 'conflict', String(conflict.reason));
      for (const result of settled.slice(0, -2)) assert.equal(result.status, 'fulfilled');

      for (const id of leads) {
        const expected = sent.slice(0, -2).filter((s) => s.leadId === id).map((s) => s.note);
        const stored = (await store.listFeedback(id)).map((f: Feedback) => f.note);
        assert.deepEqual(stored, expected, `${id}: every piece once, in the order sent`);
        const detail = await store.getLead(id);
        assert.equal(detail.firstTouchAt, NOW.toISOString());
        assert.equal(detail.feedback.length, expected.length);
      }
    });

    test('close writes the feedback already taken before it closes the database, and refuses more', async () => {
      await store.putLeads([lead('z-1'), lead('z-2')]);
      const send = (id: string, i: number) => store.submitFeedback({ leadId: id, outcome: 'attempted', note: `last ${i}` }, { idempotencyKey: `z-${i}`, by: 'ana' });
      const taken = [send('z-1', 0), send('z-2', 1)];
      // Two turns: the writer starts its batch in the first, so in the second the batch is in flight.
      await nextTurn();
      await nextTurn();
      taken.push(send('z-1', 2));
      await new Promise((resolve) => process.nextTick(resolve)); // and one more queued behind it, not started
      const closed = store.close();
      await assert.rejects(store.submitFeedback({ leadId: 'z-2', outcome: 'attempted' }, { idempotencyKey: 'z-late', by: 'ana' }), (error: unknown) => {
        assert.ok(error instanceof LeadLoopError && error.code === 'unavailable' && error.retryable, String(error));
        return true;
      });
      const results = await Promise.all(taken);
      await closed;
      assert.deepEqual(results.map((r) => r.replayed), [false, false, false]);
      db = await target.openDatabase();
      store = await SqlStore.open(db, { clock });
      assert.deepEqual((await store.listFeedback('z-1')).map((f) => f.note), ['last 0', 'last 2']);
      assert.deepEqual((await store.listFeedback('z-2')).map((f) => f.note), ['last 1']);
    });
  });
}
