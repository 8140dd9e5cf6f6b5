import { LeadLoopError, type FeedbackInput } from '@leadloop/core';

/**
 * The outbox's IndexedDB database: one object store of entries in the order they were queued,
 * unique by idempotency key. Writes are committed with strict durability, so a submit the outbox
 * reported stored is on disk.
 */

/** One submit as the outbox keeps it. */
export interface Entry {
  /** Its place in the queue, given by IndexedDB when first stored. */
  seq?: number;
  key: string;
  input: FeedbackInput;
  fingerprint: string;
  createdAt: number;
  attempts: number;
  /** Epoch ms before which no attempt is made (backoff, Retry-After); survives a reload. */
  notBefore: number;
  failed?: { code: string; message: string };
}

const STORE = 'feedback';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/** Opens (or creates) the database; `onVersionChange` runs when another tab upgrades or deletes it. */
export async function openQueue(factory: IDBFactory | undefined, name: string, onVersionChange: () => void): Promise<IDBDatabase> {
  if (!factory) throw new LeadLoopError('unavailable', 'IndexedDB is not available: the outbox cannot keep feedback.');
  const open = factory.open(name, 1);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
    store.createIndex('key', 'key', { unique: true });
  };
  const db = await request(open);
  db.onversionchange = onVersionChange;
  return db;
}

/** Every entry, refused ones too. */
export function readEntries(db: IDBDatabase): Promise<Entry[]> {
  return request<Entry[]>(db.transaction(STORE).objectStore(STORE).getAll());
}

/** The oldest entry still to send (refused ones skipped), as stored now: other tabs' submits count too. */
export function readHead(db: IDBDatabase): Promise<Entry | undefined> {
  const cursorRequest = db.transaction(STORE).objectStore(STORE).openCursor();
  return new Promise((resolve, reject) => {
    cursorRequest.onerror = () => reject(cursorRequest.error);
    cursorRequest.onsuccess = () => {
      const cursor = cursorRequest.result;
      if (!cursor) return resolve(undefined);
      if ((cursor.value as Entry).failed) return cursor.continue();
      resolve(cursor.value as Entry);
    };
  });
}

/**
 * Stores a submit in one transaction and resolves with its entry. A key already queued with the
 * same fingerprint is that entry (a refused one queued again from scratch); with another
 * fingerprint it is a conflict and nothing changes.
 */
export async function addEntry(db: IDBDatabase, key: string, input: FeedbackInput, fingerprint: string): Promise<Entry> {
  const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
  const store = tx.objectStore(STORE);
  const existing = await request<Entry | undefined>(store.index('key').get(key));
  let entry: Entry;
  if (existing) {
    if (existing.fingerprint !== fingerprint) {
      tx.abort();
      throw new LeadLoopError('conflict', 'This idempotency key is already queued with different feedback.');
    }
    entry = existing.failed ? { ...existing, failed: undefined, attempts: 0, notBefore: 0 } : existing;
    if (entry !== existing) store.put(entry);
  } else {
    entry = { key, input, fingerprint, createdAt: Date.now(), attempts: 0, notBefore: 0 };
    entry.seq = await request(store.add(entry)) as number;
  }
  await committed(tx);
  return entry;
}

/** One write transaction: an entry replaced (after a failed attempt) or removed (delivered, discarded). */
export async function writeEntries(db: IDBDatabase, change: (store: IDBObjectStore) => void): Promise<void> {
  const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
  change(tx.objectStore(STORE));
  await committed(tx);
}
