import type { AdapterChange } from '@leadloop/core';
import { NOTICE_LIMIT, type SqlNotices } from './database.js';

/**
 * Changes passed between the server processes that share one PostgreSQL database, so a change
 * written through one reaches the `/events` subscribers of all, and every process drops its
 * cached reports. Changes made in the same turn of the event loop travel together, in as few
 * notices as fit; each process skips the notices it sent itself (it told its own listeners already).
 */
export class ChangeNotices {
  readonly #origin = crypto.randomUUID();
  readonly #notices: SqlNotices;
  #queue: AdapterChange[] = [];
  #flush: Promise<void> | undefined;
  #stop: (() => Promise<void>) | undefined;

  private constructor(notices: SqlNotices) {
    this.#notices = notices;
  }

  /** Starts listening; `onRemote` hears each change another process made. */
  static async start(notices: SqlNotices, onRemote: (change: AdapterChange) => void): Promise<ChangeNotices> {
    const self = new ChangeNotices(notices);
    // Every notice comes back to its sender too: its own are told by their first bytes, unparsed.
    const own = noticeHead(self.#origin);
    self.#stop = await notices.listen((payload) => {
      if (payload.startsWith(own)) return;
      for (const change of readNotice(payload, self.#origin)) onRemote(change);
    });
    return self;
  }

  /**
   * Queues a change this process made; the queue goes out every FLUSH_MS at most. Under load that
   * is one statement for dozens of writes instead of one per write (a notice per turn of the event
   * loop cost a fifth of the write throughput); another process hears of a change a little later.
   */
  send(change: AdapterChange): void {
    this.#queue.push(change);
    this.#flush ??= new Promise<void>((resolve) => setTimeout(resolve, FLUSH_MS)).then(() => this.#sendQueued());
  }

  async #sendQueued(): Promise<void> {
    const changes = this.#queue;
    this.#queue = [];
    this.#flush = undefined;
    // The write is stored and its caller answered: a notice that cannot be sent costs the other
    // processes this change (their cached reports still expire within reportCacheMs).
    await this.#notices.send(packNotices(this.#origin, changes)).catch(() => {});
  }

  /** Sends what is queued, then stops listening. */
  async close(): Promise<void> {
    await this.#flush;
    await this.#stop?.();
  }
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** How long changes wait to be sent together. */
const FLUSH_MS = 20;

/** The start of every notice from `origin`. */
const noticeHead = (origin: string) => `{"o":${JSON.stringify(origin)},"c":[`;

/**
 * Payloads under PostgreSQL's limit, in order: `{ o: origin, c: [changes] }`. A feedback change
 * too big for one notice (a long note in a script that takes 3 bytes a character) goes as a
 * change of its lead, which tells a listener to read the lead again.
 */
export function packNotices(origin: string, changes: readonly AdapterChange[]): string[] {
  const head = noticeHead(origin);
  const room = NOTICE_LIMIT - bytes(head) - 2; // for the changes, comma-separated, before "]}"
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = 0;
  const finish = () => {
    if (parts.length) payloads.push(`${head}${parts.join(',')}]}`);
    parts = [];
    size = 0;
  };
  for (const change of changes) {
    let json = JSON.stringify(change);
    if (bytes(json) > room && 'leadId' in change) json = JSON.stringify({ type: 'lead', leadId: change.leadId });
    const n = bytes(json);
    if (n > room) continue; // cannot happen with ids of storable length; never send what PostgreSQL refuses
    if (parts.length && size + 1 + n > room) finish();
    size += (parts.length ? 1 : 0) + n;
    parts.push(json);
  }
  finish();
  return payloads;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** One change as a listener may be told of it, or undefined: anyone who can connect may NOTIFY. */
function readChange(value: unknown): AdapterChange | undefined {
  const c = value as Record<string, unknown> | null;
  if (typeof c !== 'object' || c === null) return undefined;
  switch (c.type) {
    case 'feedback': {
      const f = c.feedback as Record<string, unknown> | null;
      return isText(c.leadId) && typeof f === 'object' && f !== null && isText(f.id) && f.leadId === c.leadId ? (c as AdapterChange) : undefined;
    }
    case 'checklist':
      return isText(c.leadId) && isText(c.stage) ? { type: 'checklist', leadId: c.leadId, stage: c.stage } : undefined;
    case 'lead':
      return isText(c.leadId) ? { type: 'lead', leadId: c.leadId } : undefined;
    case 'definition':
      return Number.isSafeInteger(c.version) ? { type: 'definition', version: c.version as number } : undefined;
    case 'reasons':
      return { type: 'reasons' };
    default:
      return undefined;
  }
}

/** The changes in a notice another process sent; none for our own notices or a malformed one. */
export function readNotice(payload: string, ownOrigin: string): AdapterChange[] {
  let notice: { o?: unknown; c?: unknown };
  try {
    notice = JSON.parse(payload) as { o?: unknown; c?: unknown };
  } catch {
    return [];
  }
  if (notice?.o === ownOrigin || !Array.isArray(notice?.c)) return [];
  return notice.c.map(readChange).filter((c): c is AdapterChange => c !== undefined);
}
