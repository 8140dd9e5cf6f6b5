import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import type { AdapterChange, LeadLoopAdapter, QualificationDefinition, Reason } from '@leadloop/core';
import { fails } from './expect-error.js';

/** What runAdapterContract hands these cases: the fixture of the running case. */
interface Fixture {
  adapter: LeadLoopAdapter;
  subscribed?(): Promise<void>;
}

let keys = 0;
const key = () => `optional-${Date.now().toString(36)}-${++keys}`;

/** The adapter's optional method, or a skip saying the adapter does not offer it (never a silent pass). */
function offered<K extends 'getDefinitionHistory' | 'saveReasons'>(t: TestContext, adapter: LeadLoopAdapter, name: K): NonNullable<LeadLoopAdapter[K]> | undefined {
  const method = adapter[name];
  if (!method) {
    t.skip(`this adapter does not offer ${name}`);
    return undefined;
  }
  return method.bind(adapter) as NonNullable<LeadLoopAdapter[K]>;
}

/**
 * The cases of the adapter contract's optional methods, getDefinitionHistory and saveReasons: they
 * run for every adapter that has the method, and are reported skipped for one that does not.
 * `seed` is the definition each case starts from.
 */
export function runOptionalMethodCases(current: () => Fixture, seed: QualificationDefinition): void {
  describe('definition history (optional)', () => {
    test('getDefinitionHistory: the seeded version alone at first', async (t) => {
      const history = offered(t, current().adapter, 'getDefinitionHistory');
      if (!history) return;
      assert.deepEqual(await history(), [seed]);
    });

    test('getDefinitionHistory: every saved version oldest first, each with the approvals it got', async (t) => {
      const { adapter } = current();
      const history = offered(t, adapter, 'getDefinitionHistory');
      if (!history) return;
      await adapter.approveDefinition({ role: 'sales', version: 1 });
      const edited = structuredClone(await adapter.getDefinition());
      edited.stages.sql!.threshold = 0.9;
      const v2 = await adapter.saveDefinition(edited);
      const v3 = await adapter.saveDefinition(v2);
      const signed = await adapter.approveDefinition({ role: 'marketing', version: v3.version });
      const versions = await history();
      assert.deepEqual(versions.map((d) => d.version), [1, 2, 3]);
      assert.deepEqual(versions[0]!.approvals.map((a) => [a.role, a.version]), [['sales', 1]], 'version 1 keeps its signature');
      assert.equal(versions[0]!.stages.sql!.threshold, seed.stages.sql!.threshold);
      assert.deepEqual(versions[1], v2);
      assert.deepEqual(versions[2], signed, 'the latest is the current definition, with its new signature');
      assert.deepEqual(versions[2], await adapter.getDefinition());
    });
  });

  describe('reason catalog (optional)', () => {
    const edit = (catalog: Reason[]): Reason[] => [
      ...catalog.map((r) => (r.id === 'spam' ? { ...r, retired: true } : r.id === 'bad-data' ? { ...r, label: 'Wrong phone or email' } : r)),
      { id: 'student', label: 'Student, not a buyer' },
    ];

    test('saveReasons adds, relabels and retires; it answers the catalog and getConfig answers it from then on', async (t) => {
      const { adapter } = current();
      const save = offered(t, adapter, 'saveReasons');
      if (!save) return;
      const next = edit((await adapter.getConfig()).reasons);
      assert.deepEqual(await save(structuredClone(next)), next);
      assert.deepEqual((await adapter.getConfig()).reasons, next);
    });

    test('feedback may cite a reason once it is added, and still a retired one', async (t) => {
      const { adapter } = current();
      const save = offered(t, adapter, 'saveReasons');
      if (!save) return;
      await assert.rejects(
        adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'rejected', reason: 'student' }, { idempotencyKey: key() }),
        fails('invalid_input', (e) => assert.ok(e.issues.some((i) => i.path === 'reason'), JSON.stringify(e.issues))),
      );
      await save(edit((await adapter.getConfig()).reasons));
      const added = await adapter.submitFeedback({ leadId: 'C-mql-1', outcome: 'rejected', reason: 'student' }, { idempotencyKey: key() });
      assert.equal(added.reason, 'student');
      // Feedback a rep queued before the reason was retired still goes through.
      const retired = await adapter.submitFeedback({ leadId: 'C-mql-2', outcome: 'recycled', reason: 'spam' }, { idempotencyKey: key() });
      assert.equal(retired.reason, 'spam');
      await assert.rejects(adapter.submitFeedback({ leadId: 'C-mql-3', outcome: 'rejected', reason: 'ate-my-homework' }, { idempotencyKey: key() }), fails('invalid_input'));
    });

    test('removing a reason is invalid_input naming it, and the catalog stays', async (t) => {
      const { adapter } = current();
      const save = offered(t, adapter, 'saveReasons');
      if (!save) return;
      const before = (await adapter.getConfig()).reasons;
      await assert.rejects(save(before.filter((r) => r.id !== 'spam')), fails('invalid_input', (e) => {
        assert.equal(e.retryable, false);
        assert.deepEqual(e.issues.map((i) => i.path), ['spam']);
      }));
      assert.deepEqual((await adapter.getConfig()).reasons, before);
    });

    test('a catalog that is not valid on its own (a duplicate id, an empty label, not a list) is invalid_input, and the catalog stays', async (t) => {
      const { adapter } = current();
      const save = offered(t, adapter, 'saveReasons');
      if (!save) return;
      const before = (await adapter.getConfig()).reasons;
      await assert.rejects(save([...before, { id: 'spam', label: 'Spam again' }]), fails('invalid_input', (e) => assert.equal(e.issues[0]?.path, `${before.length}.id`)));
      await assert.rejects(save([...before, { id: 'student', label: '' }]), fails('invalid_input', (e) => assert.equal(e.issues[0]?.path, `${before.length}.label`)));
      await assert.rejects(save(null as never), fails('invalid_input'));
      assert.deepEqual((await adapter.getConfig()).reasons, before);
    });

    test('subscribe hears { type: reasons } once the catalog is saved', { timeout: 30_000 }, async (t) => {
      const fixture = current();
      const { adapter } = fixture;
      const save = offered(t, adapter, 'saveReasons');
      if (!save) return;
      if (!adapter.subscribe) return t.skip('this adapter does not offer subscribe');
      let notify: (change: AdapterChange) => void = () => {};
      const heard = new Promise<AdapterChange>((resolve) => (notify = resolve));
      const stop = adapter.subscribe((change) => {
        if (change.type === 'reasons') notify(change);
      });
      try {
        await fixture.subscribed?.();
        await save(edit((await adapter.getConfig()).reasons));
        assert.deepEqual(await heard, { type: 'reasons' });
      } finally {
        stop();
      }
    });
  });
}
