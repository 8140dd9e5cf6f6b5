import { findHostileKeys, LeadLoopError, type AdapterChange, type Issue } from '@leadloop/core';

/**
 * The shapes of REST contract v1's answers, checked before the adapter hands them on: a broken or
 * hostile server yields a LeadLoopError, never an object an element trips over with a TypeError,
 * and never one carrying `__proto__` keys. Fields not listed are let through (a newer server may
 * add some); listed ones must have their type. No zod: every page that uses the adapter downloads
 * this (about 1.3 KB min+gzip; a string notation for the shapes came out larger).
 */

type Check = (value: unknown, path: string, issues: Issue[]) => void;

const is = (test: (v: unknown) => boolean, expected: string): Check => (value, path, issues) => {
  if (!test(value)) issues.push({ path, message: `expected ${expected}` });
};
const str = is((v) => typeof v === 'string', 'a string');
const num = is((v) => typeof v === 'number' && Number.isFinite(v), 'a number');
const bool = is((v) => typeof v === 'boolean', 'true or false');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const nullable = (check: Check): Check => (value, path, issues) => {
  if (value !== null) check(value, path, issues);
};
const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
const arr = (check: Check): Check => (value, path, issues) => {
  if (!Array.isArray(value)) return void issues.push({ path, message: 'expected an array' });
  for (let i = 0; i < value.length && issues.length < 20; i++) check(value[i], at(path, i), issues);
};
const record = (check: Check): Check => (value, path, issues) => {
  if (!isObject(value)) return void issues.push({ path, message: 'expected an object' });
  for (const [key, item] of Object.entries(value)) check(item, at(path, key), issues);
};
/** An object with these keys; a key ending in `?` may be missing. */
const obj = (fields: Record<string, Check>): Check => (value, path, issues) => {
  if (!isObject(value)) return void issues.push({ path, message: 'expected an object' });
  for (const [name, check] of Object.entries(fields)) {
    const optional = name.endsWith('?');
    const key = optional ? name.slice(0, -1) : name;
    if (value[key] === undefined) {
      if (!optional) issues.push({ path: at(path, key), message: 'is missing' });
    } else check(value[key], at(path, key), issues);
  }
};

const text = nullable(str);
const count = obj({ reason: str, count: num });

export const feedbackShape = obj({ id: str, leadId: str, outcome: str, by: str, at: str, 'reason?': text, 'rating?': nullable(num), 'note?': text });

const leadFields = {
  id: str, createdAt: str, stage: str, 'name?': text, 'company?': text, 'email?': text, 'source?': text, 'campaign?': text,
  'owner?': text, 'handedOffAt?': text, 'firstTouchAt?': text, 'stageHistory?': arr(obj({ stage: str, at: str })),
  'exit?': nullable(obj({ kind: str, at: str, 'reason?': text })),
};
export const leadDetailShape = obj({
  ...leadFields,
  feedback: arr(feedbackShape),
  checklist: record(obj({ answers: record(bool), by: str, at: str, definitionVersion: num })),
});

export const qualificationShape = obj({ stage: str, met: bool, score: num, threshold: num, missingRequired: arr(str) });

export const funnelShape = obj({
  total: num,
  stages: arr(obj({ id: str, label: str, reached: num, current: num, fromPrevious: nullable(num), fromFirst: nullable(num) })),
  exits: arr(obj({ kind: str, count: num, reasons: arr(count) })),
  followUp: obj({ handedOff: num, touched: num, rate: nullable(num) }),
  timeToFirstTouch: obj({ medianMs: nullable(num), p90Ms: nullable(num) }),
  'sla?': obj({ withinSla: num, breached: num, pending: num, compliance: nullable(num) }),
});

export const summaryShape = obj({
  groups: arr(obj({ key: text, leads: num, feedback: num, accepted: num, rejected: num, recycled: num, reasons: arr(count) })),
});

export const definitionShape = obj({
  id: str,
  version: num,
  stages: record(obj({
    criteria: arr(obj({ id: str, label: str, 'help?': text, 'required?': bool, 'weight?': num })),
    'threshold?': num,
  })),
  approvals: arr(obj({ role: str, by: str, at: str, version: num })),
});

const reasonsShape = arr(obj({ id: str, label: str, 'retired?': bool }));
export const reasonListShape = obj({ reasons: reasonsShape });
export const historyShape = obj({ versions: arr(definitionShape) });

export const configShape = obj({
  waterfall: obj({ stages: arr(obj({ id: str, label: str })), handoffStage: str, exits: arr(obj({ kind: str, label: str })) }),
  reasons: reasonsShape,
  sla: obj({ firstTouchWithinMs: num }),
  definition: definitionShape,
});

/** The value if it has the shape; otherwise a LeadLoopError naming what is wrong (`internal`: the server broke the contract). */
export function expectShape<T>(value: unknown, shape: Check, what: string): T {
  const issues = findHostileKeys(value);
  if (issues.length === 0) shape(value, '', issues);
  if (issues.length === 0) return value as T;
  const first = issues[0]!;
  return rejectResponse(`The server's ${what} does not match the REST contract (${first.path || 'the body'}: ${first.message}).`, issues);
}

function rejectResponse(message: string, issues: Issue[]): never {
  throw new LeadLoopError('internal', message, { issues: issues.slice(0, 20), retryable: false });
}

const CHANGE_SHAPES: Record<AdapterChange['type'], Check> = {
  feedback: obj({ leadId: str, feedback: feedbackShape }),
  checklist: obj({ leadId: str, stage: str }),
  lead: obj({ leadId: str }),
  definition: obj({ version: num }),
  reasons: obj({}),
};

/** A change from the event stream if it is one the contract defines; undefined for anything else. */
export function asChange(value: unknown): AdapterChange | undefined {
  if (!isObject(value) || typeof value.type !== 'string' || !Object.hasOwn(CHANGE_SHAPES, value.type)) return undefined;
  const issues = findHostileKeys(value);
  if (issues.length === 0) CHANGE_SHAPES[value.type as AdapterChange['type']](value, '', issues);
  return issues.length === 0 ? (value as AdapterChange) : undefined;
}
