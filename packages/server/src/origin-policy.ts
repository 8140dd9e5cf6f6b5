import type { Context, MiddlewareHandler } from 'hono';
import { invalidInput, LeadLoopError, type Issue } from '@leadloop/core';

/**
 * Which browser origins may call the API. An origin is compared as a whole string with the
 * `Origin` header, so `https://crm.example.com` never admits `https://crm.example.com.evil.com`;
 * `*` admits any origin (no credentials are ever allowed: the API takes bearer tokens, not cookies).
 */

/**
 * Checks the configured origins (from `--cors-origin` or the app options): each must be `*` or an
 * origin exactly as a browser sends it (`https://host[:port]`, lowercase, no path or trailing
 * slash), since anything else would never match, or match more than meant. `null` is refused:
 * sandboxed frames, `file:` and `data:` pages all send it, so allowing it allows any of them.
 */
export function parseCorsOrigins(input: readonly unknown[]): string[] {
  const issues: Issue[] = [];
  input.forEach((entry, i) => {
    const path = `corsOrigins.${i}`;
    if (entry === '*') return;
    if (typeof entry !== 'string' || entry.length === 0) return void issues.push({ path, message: 'expected an origin such as https://crm.example.com, or *' });
    if (entry === 'null') return void issues.push({ path, message: '"null" is what sandboxed frames, file: and data: pages send: allowing it allows any of them' });
    if (entry.includes('*')) return void issues.push({ path, message: `"${entry}": wildcards are not patterns; list each origin, or * alone for any` });
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return void issues.push({ path, message: `"${entry}" is not an origin such as https://crm.example.com` });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return void issues.push({ path, message: `"${entry}": only http and https origins call an API` });
    if (url.origin !== entry) issues.push({ path, message: `"${entry}" would never match what a browser sends: write ${url.origin}` });
  });
  if (issues.length > 0) throw invalidInput(issues, 'CORS origins');
  return [...new Set(input as string[])];
}

/** The origin the request was addressed to, as far as the Host header tells (scheme aside: a proxy may end TLS). */
function sameHost(c: Context, origin: string): boolean {
  const host = c.req.header('Host');
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * The origin check of every API route, `/events` and preflights included. A request without an
 * `Origin` header (curl, a server, a same-origin GET) passes; a page of the server's own host
 * passes; an allowed origin gets the CORS headers (and a preflight its 204); any other origin,
 * `null` included, gets 403 before anything is read or run, so nothing is accepted from it even
 * when it holds a valid token.
 */
export function originPolicy(origins: readonly string[], refuse: (c: Context, error: LeadLoopError) => Response): MiddlewareHandler {
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins);
  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (origins.length > 0 && !anyOrigin) c.header('Vary', 'Origin');
    if (origin === undefined) return next();
    if (anyOrigin || allowed.has(origin)) {
      c.header('Access-Control-Allow-Origin', anyOrigin ? '*' : origin);
      c.header('Access-Control-Expose-Headers', 'Retry-After,Idempotency-Replayed');
      if (c.req.method !== 'OPTIONS') return next();
      // A preflight: what a browser may send, for 10 minutes.
      c.header('Access-Control-Allow-Methods', 'GET,PUT,POST,OPTIONS');
      c.header('Access-Control-Allow-Headers', 'Authorization,Content-Type,Idempotency-Key');
      c.header('Access-Control-Max-Age', '600');
      c.header('Vary', 'Access-Control-Request-Headers', { append: true });
      return c.body(null, 204);
    }
    if (sameHost(c, origin)) return next();
    c.header('Vary', 'Origin');
    return refuse(c, new LeadLoopError('forbidden', `The origin ${JSON.stringify(origin.slice(0, 200))} may not call this API: it is not on the server's allow-list (--cors-origin).`));
  };
}
