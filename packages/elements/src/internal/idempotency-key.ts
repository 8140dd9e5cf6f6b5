/**
 * A fresh idempotency key for one user action: a retry of that action sends the same key, so the
 * store saves it once. `crypto.randomUUID` exists only in secure contexts; a page served over
 * plain http still gets 128 random bits from `getRandomValues`, as hex.
 */
export function newIdempotencyKey(): string {
  return crypto.randomUUID?.() ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
