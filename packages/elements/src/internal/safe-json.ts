/** Keys that could reach a prototype if parsed data were ever merged naively; dropped on parse. */
const HOSTILE = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A property's value as data: objects and arrays as they are, a string (an attribute: LWC and
 * plain HTML can only set those) parsed as JSON without prototype keys. Never throws.
 */
export function readJsonValue(input: unknown, what: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (typeof input !== 'string') return { ok: true, value: input };
  try {
    return { ok: true, value: JSON.parse(input, (key, value: unknown) => (HOSTILE.has(key) ? undefined : value)) };
  } catch {
    return { ok: false, message: `${what}: not valid JSON` };
  }
}
