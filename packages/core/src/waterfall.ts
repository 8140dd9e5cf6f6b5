import { expectValid, findHostileKeys, ID_MESSAGE, ID_PATTERN } from './parse.js';
import { invalidInput, type Issue, type ParseResult } from './errors.js';

export interface WaterfallStage {
  id: string;
  label: string;
}

export interface WaterfallExit {
  /** `disqualified`, `recycled`, `lost` by default. */
  kind: string;
  label: string;
}

/** The ordered stages a lead moves through, the stage at which marketing hands it to sales, and the ways out. */
export interface Waterfall {
  stages: WaterfallStage[];
  handoffStage: string;
  exits: WaterfallExit[];
}

/** Inquiry → MQL → SAL → SQL → Opportunity → Won, handed off at MQL. */
export const DEFAULT_WATERFALL: Waterfall = Object.freeze({
  stages: Object.freeze([
    { id: 'inquiry', label: 'Inquiry' },
    { id: 'mql', label: 'Marketing Qualified' },
    { id: 'sal', label: 'Sales Accepted' },
    { id: 'sql', label: 'Sales Qualified' },
    { id: 'opportunity', label: 'Opportunity' },
    { id: 'won', label: 'Won' },
  ]) as WaterfallStage[],
  handoffStage: 'mql',
  exits: Object.freeze([
    { kind: 'disqualified', label: 'Disqualified' },
    { kind: 'recycled', label: 'Recycled to nurture' },
    { kind: 'lost', label: 'Lost' },
  ]) as WaterfallExit[],
}) as Waterfall;

const LABEL_MAX = 100;

function checkList<T>(list: unknown, path: string, min: number, issues: Issue[], item: (value: Record<string, unknown>, at: string) => T | undefined): T[] {
  if (!Array.isArray(list)) {
    issues.push({ path, message: 'expected an array' });
    return [];
  }
  if (list.length < min || list.length > 20) issues.push({ path, message: `must have ${min}–20 items` });
  const out: T[] = [];
  list.forEach((value, i) => {
    if (value === null || typeof value !== 'object') issues.push({ path: `${path}.${i}`, message: 'expected an object' });
    else {
      const parsed = item(value as Record<string, unknown>, `${path}.${i}`);
      if (parsed) out.push(parsed);
    }
  });
  return out;
}

function checkId(value: unknown, path: string, issues: Issue[]): value is string {
  const ok = typeof value === 'string' && ID_PATTERN.test(value);
  if (!ok) issues.push({ path, message: ID_MESSAGE });
  return ok;
}

function checkLabel(value: unknown, path: string, issues: Issue[]): value is string {
  const ok = typeof value === 'string' && value.length > 0 && value.length <= LABEL_MAX;
  if (!ok) issues.push({ path, message: `must be text of 1–${LABEL_MAX} characters` });
  return ok;
}

/**
 * Validates a configured waterfall: at least two stages with unique ids, a hand-off stage that
 * exists, exits with unique kinds. Written without zod so that drawing a funnel never bundles it.
 */
export function parseWaterfall(input: unknown): ParseResult<Waterfall> {
  const issues: Issue[] = findHostileKeys(input);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, error: invalidInput([{ path: '', message: 'expected a waterfall object' }], 'waterfall') };
  }
  const raw = input as Record<string, unknown>;
  const seen = new Set<string>();
  const stages = checkList(raw.stages, 'stages', 2, issues, (v, at) => {
    const idOk = checkId(v.id, `${at}.id`, issues);
    const labelOk = checkLabel(v.label, `${at}.label`, issues);
    if (idOk && seen.has(v.id as string)) issues.push({ path: `${at}.id`, message: `duplicate stage id "${String(v.id)}"` });
    if (idOk) seen.add(v.id as string);
    return idOk && labelOk ? { id: v.id as string, label: v.label as string } : undefined;
  });
  if (checkId(raw.handoffStage, 'handoffStage', issues) && stages.length > 0 && !seen.has(raw.handoffStage)) {
    issues.push({ path: 'handoffStage', message: 'must be one of the stage ids' });
  }
  const kinds = new Set<string>();
  const exits = checkList(raw.exits, 'exits', 0, issues, (v, at) => {
    const kindOk = checkId(v.kind, `${at}.kind`, issues);
    const labelOk = checkLabel(v.label, `${at}.label`, issues);
    if (kindOk && kinds.has(v.kind as string)) issues.push({ path: `${at}.kind`, message: `duplicate exit kind "${String(v.kind)}"` });
    if (kindOk) kinds.add(v.kind as string);
    return kindOk && labelOk ? { kind: v.kind as string, label: v.label as string } : undefined;
  });
  if (issues.length > 0) return { ok: false, error: invalidInput(issues, 'waterfall') };
  return { ok: true, value: { stages, handoffStage: raw.handoffStage as string, exits } };
}

/** A waterfall with its lookups prepared once, for code that runs per lead. */
export interface WaterfallIndex {
  waterfall: Waterfall;
  stageIndex: ReadonlyMap<string, number>;
  exitIndex: ReadonlyMap<string, number>;
  handoffIndex: number;
}

const prepared = new WeakMap<Waterfall, WaterfallIndex>();

/** Validates (once per object) and indexes a waterfall; throws LeadLoopError on a bad one. */
export function indexWaterfall(waterfall: Waterfall = DEFAULT_WATERFALL): WaterfallIndex {
  const cached = prepared.get(waterfall);
  if (cached) return cached;
  const valid = expectValid(parseWaterfall(waterfall));
  const index: WaterfallIndex = {
    waterfall: valid,
    stageIndex: new Map(valid.stages.map((s, i) => [s.id, i])),
    exitIndex: new Map(valid.exits.map((e, i) => [e.kind, i])),
    handoffIndex: valid.stages.findIndex((s) => s.id === valid.handoffStage),
  };
  if (typeof waterfall === 'object' && waterfall !== null) prepared.set(waterfall, index);
  return index;
}

/** The stage a lead moves to when sales accepts it (after the hand-off) or qualifies it (one further). */
export function stageAfterHandoff(waterfall: Waterfall, steps: 1 | 2): string {
  const { handoffIndex } = indexWaterfall(waterfall);
  const stages = waterfall.stages;
  return stages[Math.min(handoffIndex + steps, stages.length - 1)]!.id;
}
