import * as z from 'zod/mini';
import { describeValue, idSchema, isoDateTime, once, parseWith, requireArray, requireObject, shortText } from './parse.js';
import { DEFAULT_WATERFALL, indexWaterfall, type Waterfall } from './waterfall.js';
import { invalidInput, type Issue, type ParseResult } from './errors.js';

export interface Criterion {
  id: string;
  label: string;
  help?: string;
  required?: boolean;
  /** Share of the score, default 1. */
  weight?: number;
}

export interface StageDefinition {
  criteria: Criterion[];
  /** Score (0..1) a lead needs besides every required criterion; default 0. */
  threshold?: number;
}

export type ApprovalRole = 'sales' | 'marketing';

export interface Approval {
  role: ApprovalRole;
  by: string;
  at: string;
  /** The definition version this approval signs. */
  version: number;
}

/** The written, versioned definition of each stage that the sales and marketing leaders both sign. */
export interface QualificationDefinition {
  id: string;
  version: number;
  stages: Record<string, StageDefinition>;
  approvals: Approval[];
}

export interface QualificationResult {
  stage: string;
  met: boolean;
  /** Checked weight / total weight, 0..1. */
  score: number;
  threshold: number;
  /** Ids of required criteria not checked. */
  missingRequired: string[];
}

export type ChecklistAnswers = Record<string, boolean>;

export const APPROVAL_ROLES: readonly ApprovalRole[] = ['sales', 'marketing'];

const criterionSchema = /* @__PURE__ */ once(() => z.object({
  id: idSchema(),
  label: shortText(200).check(z.minLength(1)),
  help: z.optional(shortText(1000)),
  required: z.optional(z.boolean()),
  weight: z.optional(z.number().check(z.minimum(0), z.maximum(1000))),
}));

const approvalSchema = /* @__PURE__ */ once(() => z.object({
  role: z.enum(APPROVAL_ROLES as [ApprovalRole, ...ApprovalRole[]]),
  by: shortText(255).check(z.minLength(1)),
  at: isoDateTime(),
  version: z.number().check(z.int(), z.minimum(1)),
}));

const definitionSchema = /* @__PURE__ */ once(() => z.object({
  id: idSchema(),
  version: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
  stages: z.record(idSchema(), z.object({
    criteria: z.array(criterionSchema()).check(z.maxLength(50)),
    threshold: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  })),
  approvals: z.array(approvalSchema()).check(z.maxLength(1000)),
}));

function definitionIssues(def: QualificationDefinition, waterfall: Waterfall): Issue[] {
  const { stageIndex } = indexWaterfall(waterfall);
  const issues: Issue[] = [];
  for (const [stageId, stage] of Object.entries(def.stages)) {
    if (!stageIndex.has(stageId)) issues.push({ path: `stages.${stageId}`, message: `unknown stage "${stageId}"` });
    const ids = new Set<string>();
    stage.criteria.forEach((c, i) => {
      if (ids.has(c.id)) issues.push({ path: `stages.${stageId}.criteria.${i}.id`, message: `duplicate criterion id "${c.id}"` });
      ids.add(c.id);
    });
  }
  def.approvals.forEach((a, i) => {
    if (a.version > def.version) issues.push({ path: `approvals.${i}.version`, message: 'approves a version that does not exist yet' });
  });
  return issues;
}

/** Parses an untrusted definition (an admin's edit, a stored record) against the waterfall's stage ids. */
export function parseDefinition(input: unknown, options: { waterfall?: Waterfall } = {}): ParseResult<QualificationDefinition> {
  const waterfall = options.waterfall ?? DEFAULT_WATERFALL;
  return parseWith(definitionSchema(), input, 'definition', (def) => definitionIssues(def, waterfall));
}

/**
 * Scores a lead's checklist for one stage. Answers for criteria the definition no longer has
 * are ignored (they may predate the current version); non-boolean answers are errors.
 */
export function evaluateQualification(
  definition: QualificationDefinition,
  stageId: string,
  answers: ChecklistAnswers,
): QualificationResult {
  const stages = requireObject<Record<string, StageDefinition>>(requireObject<QualificationDefinition>(definition, 'definition', 'qualification').stages, 'definition.stages', 'qualification');
  const stage = typeof stageId === 'string' && Object.hasOwn(stages, stageId) ? stages[stageId] : undefined;
  if (!stage) throw invalidInput([{ path: 'stage', message: `the definition has no stage ${describeValue(stageId)}` }], 'qualification');
  requireArray(stage.criteria, `definition.stages.${stageId}.criteria`, 'qualification');
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    throw invalidInput([{ path: 'answers', message: 'expected an object of criterion id → boolean' }], 'qualification');
  }
  const issues: Issue[] = [];
  let total = 0;
  let checked = 0;
  const missingRequired: string[] = [];
  for (const [i, c] of stage.criteria.entries()) {
    const weight = c.weight ?? 1;
    if (!(Number.isFinite(weight) && weight >= 0)) issues.push({ path: `stages.${stageId}.criteria.${i}.weight`, message: 'must be a number ≥ 0' });
    const answer = Object.hasOwn(answers, c.id) ? answers[c.id] : false;
    if (typeof answer !== 'boolean') {
      issues.push({ path: `answers.${c.id}`, message: 'expected true or false' });
      continue;
    }
    total += weight;
    if (answer) checked += weight;
    else if (c.required) missingRequired.push(c.id);
  }
  const threshold = stage.threshold ?? 0;
  if (!(threshold >= 0 && threshold <= 1)) issues.push({ path: `stages.${stageId}.threshold`, message: 'must be between 0 and 1' });
  if (issues.length > 0) throw invalidInput(issues, 'qualification');
  // A stage with nothing to weigh asks nothing of the lead.
  const score = total === 0 ? 1 : checked / total;
  return { stage: stageId, met: missingRequired.length === 0 && score >= threshold, score, threshold, missingRequired };
}

/** True when both the sales and the marketing leader approved the definition's current version. */
export function isApproved(definition: QualificationDefinition): boolean {
  const approvals = requireArray<Approval>(requireObject<QualificationDefinition>(definition, '', 'definition').approvals, 'approvals', 'definition');
  return APPROVAL_ROLES.every((role) =>
    approvals.some((a) => a !== null && typeof a === 'object' && a.role === role && a.version === definition.version),
  );
}

/** Validates checklist answers for a stage before storing them: only criteria of that stage, only booleans. */
export function parseChecklistAnswers(definition: QualificationDefinition, stageId: string, input: unknown): ParseResult<ChecklistAnswers> {
  const parsed = parseWith(z.record(idSchema(), z.boolean()), input, 'answers');
  if (!parsed.ok) return parsed;
  const stages = requireObject<Record<string, StageDefinition>>(requireObject<QualificationDefinition>(definition, 'definition', 'answers').stages, 'definition.stages', 'answers');
  const stage = typeof stageId === 'string' && Object.hasOwn(stages, stageId) ? stages[stageId] : undefined;
  if (!stage) return { ok: false, error: invalidInput([{ path: 'stage', message: `the definition has no stage ${describeValue(stageId)}` }], 'answers') };
  const known = new Set(stage.criteria.map((c) => c.id));
  const issues = Object.keys(parsed.value).filter((id) => !known.has(id)).map((id) => ({ path: id, message: `not a criterion of stage ${stageId}` }));
  return issues.length > 0 ? { ok: false, error: invalidInput(issues, 'answers') } : parsed;
}

/** A definition with no criteria yet, version 1, unapproved. */
export function emptyDefinition(id = 'default'): QualificationDefinition {
  return { id, version: 1, stages: {}, approvals: [] };
}

