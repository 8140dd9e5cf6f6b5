import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPglite, SqlStore, StoreInUseError } from '@leadloop/server';

// A PGlite folder belongs to one process: a second one writing to it loses rows silently, so
// it is refused with a message that says what to do.

const server = new URL('../dist/index.js', import.meta.url).href;

/** A child process that opens the folder and holds it until killed. */
async function holder(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', `
    const { openPglite } = await import(${JSON.stringify(server)});
    await openPglite(${JSON.stringify(dir)});
    console.log('open');
    setInterval(() => {}, 1000);
  `], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
  return child;
}

describe('a PGlite folder is one process\'s', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'leadloop-lock-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('a second open in the same process is refused until the first closes', async () => {
    const dir = join(root, 'same');
    const first = await openPglite(dir);
    await assert.rejects(openPglite(dir), StoreInUseError);
    await first.close();
    assert.equal(existsSync(join(dir, 'leadloop.lock')), false, 'close gives the lock back');
    await (await openPglite(dir)).close();
  });

  test('another running process holding it is named; once it is gone (even killed), the folder opens', async () => {
    const dir = join(root, 'other');
    const child = await holder(dir);
    try {
      await assert.rejects(async () => SqlStore.open(await openPglite(dir)), (error: unknown) => {
        assert.ok(error instanceof StoreInUseError);
        assert.match(error.message, new RegExp(`in use by process ${child.pid}\\b`));
        assert.match(error.message, /use PostgreSQL/);
        return true;
      });
    } finally {
      child.kill('SIGKILL'); // no clean-up: its lock stays behind
      await new Promise((resolve) => child.once('exit', resolve));
    }
    assert.equal(existsSync(join(dir, 'leadloop.lock')), true);
    const store = await SqlStore.open(await openPglite(dir));
    assert.equal(await store.countLeads(), 0);
    await store.close();
  });

  test('a lock naming no live process (or nothing readable) is taken over', async () => {
    for (const [name, content] of [['dead', '999999999\n'], ['garbage', 'not a pid'], ['empty', '']] as const) {
      const dir = join(root, name);
      await openPglite(dir).then((db) => db.close());
      await writeFile(join(dir, 'leadloop.lock'), content);
      await (await openPglite(dir)).close();
    }
  });
});
