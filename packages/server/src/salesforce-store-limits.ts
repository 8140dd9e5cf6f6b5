import type { ApiUsage } from '@leadloop/adapters/salesforce-adapter-client';

/** The longest a write batch waits: after a run of refusals, or once the daily reserve is reached. */
const MAX_WAIT_MS = 300_000;

/** How long to wait before the next write batch at this API usage: none below slowDownAt, rising to a minute at the reserve, then until the limit resets. */
export function writeDelayMs(usage: ApiUsage | undefined, slowDownAt = 0.9, reserveAt = 0.98): number {
  if (!usage || usage.max <= 0) return 0;
  const share = usage.used / usage.max;
  if (share < slowDownAt) return 0;
  if (share >= reserveAt) return MAX_WAIT_MS;
  return Math.round(60_000 * ((share - slowDownAt) / (reserveAt - slowDownAt)));
}

/** The wait before retrying a batch Salesforce refused for now, after `failures` refusals in a row: `firstMs` doubled each time, up to 5 minutes. */
export function retryDelayMs(failures: number, firstMs: number): number {
  return Math.min(MAX_WAIT_MS, firstMs * 2 ** (failures - 1));
}
