import type { Issue } from '@leadloop/core';

// PostgreSQL text cannot hold U+0000, and jsonb refuses half of a UTF-16 surrogate pair.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every string (and key) in a JSON-like value that PostgreSQL cannot store, as issues. */
export function unstorableText(value: unknown, path = '', issues: Issue[] = []): Issue[] {
  if (issues.length >= 20) return issues;
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) issues.push({ path, message: 'contains a NUL character or half of a surrogate pair, which cannot be stored' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorableText(item, path ? `${path}.${i}` : String(i), issues));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) issues.push({ path: at, message: 'the key contains characters that cannot be stored' });
      else unstorableText(item, at, issues);
    }
  }
  return issues;
}
