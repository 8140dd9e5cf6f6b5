import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { invalidInput, type Issue } from '@leadloop/core';

export const ROLES = ['rep', 'marketing', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** One bearer token: who holds it and what it may do. */
export interface TokenEntry {
  token: string;
  role: Role;
  /** Written as `by` on the feedback, checklists and approvals this token makes. */
  user: string;
}

/** Shorter tokens are guessable: refuse them. */
export const MIN_TOKEN_LENGTH = 16;

/** Validates `{ tokens: [{ token, role, user }] }`, naming every bad entry. */
export function parseTokens(input: unknown): TokenEntry[] {
  const list = (input as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(list)) throw invalidInput([{ path: 'tokens', message: 'expected { "tokens": [{ "token", "role", "user" }] }' }], 'tokens file');
  const issues: Issue[] = [];
  const seen = new Set<string>();
  list.forEach((entry: Partial<TokenEntry> | null, i) => {
    const at = `tokens.${i}`;
    if (typeof entry?.token !== 'string' || entry.token.length < MIN_TOKEN_LENGTH || /\s/.test(entry.token)) {
      issues.push({ path: `${at}.token`, message: `must be at least ${MIN_TOKEN_LENGTH} characters without spaces` });
    } else if (seen.has(entry.token)) issues.push({ path: `${at}.token`, message: 'is listed twice' });
    else seen.add(entry.token);
    if (!ROLES.includes(entry?.role as Role)) issues.push({ path: `${at}.role`, message: `must be one of ${ROLES.join(', ')}` });
    if (typeof entry?.user !== 'string' || entry.user.length === 0 || entry.user.length > 255) issues.push({ path: `${at}.user`, message: 'must be a name of 1–255 characters' });
  });
  if (issues.length > 0) throw invalidInput(issues, 'tokens file');
  return list.map((e: TokenEntry) => ({ token: e.token, role: e.role, user: e.user }));
}

export async function loadTokens(file: string): Promise<TokenEntry[]> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidInput([{ path: '', message: 'is not JSON' }], 'tokens file');
  }
  return parseTokens(json);
}

/** A fresh token per role, for the demo and for `serve` without `--tokens`. */
export function generateTokens(users: Partial<Record<Role, string>> = {}): TokenEntry[] {
  return ROLES.map((role) => ({
    token: `ll_${role}_${randomBytes(18).toString('base64url')}`,
    role,
    user: users[role] ?? { rep: 'rep@example.com', marketing: 'marketing@example.com', admin: 'admin@example.com' }[role],
  }));
}

/** Looks tokens up by their SHA-256, so no comparison runs over the secret itself. */
export class TokenTable {
  readonly #byHash = new Map<string, TokenEntry>();

  constructor(entries: readonly TokenEntry[]) {
    for (const entry of entries) this.#byHash.set(TokenTable.#hash(entry.token), entry);
  }

  find(token: string): TokenEntry | undefined {
    return this.#byHash.get(TokenTable.#hash(token));
  }

  static #hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
