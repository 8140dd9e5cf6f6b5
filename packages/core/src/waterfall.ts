import * as z from 'zod/mini';
import { expectValid, idSchema, parseWith, shortText } from './parse.js';
import type { Issue, ParseResult } from './errors.js';

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

const waterfallSchema = z.object({
  stages: z.array(z.object({ id: idSchema, label: shortText(100).check(z.minLength(1)) })).check(z.minLength(2), z.maxLength(20)),
  handoffStage: idSchema,
  exits: z.array(z.object({ kind: idSchema, label: shortText(100).check(z.minLength(1)) })).check(z.maxLength(20)),
});

function waterfallIssues(w: Waterfall): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  w.stages.forEach((s, i) => {
    if (seen.has(s.id)) issues.push({ path: `stages.${i}.id`, message: `duplicate stage id "${s.id}"` });
    seen.add(s.id);
  });
  if (!seen.has(w.handoffStage)) issues.push({ path: 'handoffStage', message: 'must be one of the stage ids' });
  const kinds = new Set<string>();
  w.exits.forEach((e, i) => {
    if (kinds.has(e.kind)) issues.push({ path: `exits.${i}.kind`, message: `duplicate exit kind "${e.kind}"` });
    kinds.add(e.kind);
  });
  return issues;
}

/** Validates a configured waterfall: unique ids, at least two stages, a hand-off stage that exists. */
export function parseWaterfall(input: unknown): ParseResult<Waterfall> {
  return parseWith(waterfallSchema, input, 'waterfall', waterfallIssues);
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
