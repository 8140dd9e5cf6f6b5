import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * PGlite keeps its database in files that one process owns: a second process opening the same
 * folder (`leadloop seed` while `leadloop serve` runs on it) writes over the first one's pages,
 * and rows are lost without an error. A lock file in the folder, naming the owner's process id,
 * makes the second open fail instead. A lock whose process is gone (a crash, a restarted
 * container) is taken over.
 */

const FILE = 'leadloop.lock';
/** Folders this process holds: a second open in the same process fails as well. */
const held = new Set<string>();

export class StoreInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The PGlite store in ${dir} is in use by process ${pid} (another leadloop serve, seed or import?). ` +
      'Stop that process first, or use PostgreSQL when more than one process needs the data. ' +
      `If no such process is running, delete ${join(dir, FILE)}.`,
    );
    this.name = 'StoreInUseError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, under another user
  }
}

/** Takes the folder's lock; resolves with the function that gives it back. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const dir = resolve(dataDir);
  if (held.has(dir)) throw new StoreInUseError(dir, process.pid);
  await mkdir(dir, { recursive: true });
  const file = join(dir, FILE);
  // Written whole under a name of our own, then linked into place: a lock is never seen half-written.
  const mine = `${file}.${process.pid}`;
  await writeFile(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(mine, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
        const known = Number.isSafeInteger(pid) && pid > 0;
        // Our own id in a lock we do not hold was left by an earlier run with this id (a container's pid 1).
        if (attempt > 0 || (known && pid !== process.pid && isRunning(pid))) throw new StoreInUseError(dir, known ? pid : 0);
        await unlink(file).catch(() => {});
      }
    }
  } finally {
    await unlink(mine).catch(() => {});
  }
  held.add(dir);
  return async () => {
    if (!held.delete(dir)) return;
    const owner = await readFile(file, 'utf8').catch(() => '');
    if (Number.parseInt(owner, 10) === process.pid) await unlink(file).catch(() => {});
  };
}
