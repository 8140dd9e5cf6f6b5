import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { LeadLoopError, type AdapterChange } from '@leadloop/core';
import type { Store } from './store.js';

export interface EventStreamOptions {
  /** Milliseconds between keep-alive comments. */
  keepAliveMs: number;
  /**
   * Changes held for one subscriber that is not reading. Past it the stream is closed: the client
   * reconnects and reloads what it shows, instead of the server holding every change since.
   */
  maxQueued: number;
  /** Streams open at once across all callers; one more is a 503 the client retries. */
  maxStreams: number;
}

/**
 * `GET /events`: a server-sent event per change, so open pages refresh without polling. Memory is
 * bounded whatever the clients do: at most `maxStreams` streams, each holding at most `maxQueued`
 * changes for a reader that stalls.
 */
export function eventStreams(store: Store, options: EventStreamOptions): (c: Context) => Response {
  let open = 0;
  return (c) => {
    if (open >= options.maxStreams) {
      throw new LeadLoopError('unavailable', 'Too many event streams are open; try again shortly.', { retryable: true, retryAfterMs: 5000 });
    }
    open++;
    return streamSSE(c, async (stream) => {
      const queue: AdapterChange[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = store.subscribe((change) => {
        // A reader this far behind is not reading: end its stream rather than hold every change.
        if (queue.length >= options.maxQueued) stream.abort();
        else queue.push(change);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'ready', data: '{}' });
        while (!stream.aborted && !stream.closed) {
          const change = queue.shift();
          if (change) {
            await stream.writeSSE({ event: 'change', data: JSON.stringify(change) });
            continue;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, options.keepAliveMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
          if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
        queue.length = 0;
        open--;
      }
    });
  };
}
