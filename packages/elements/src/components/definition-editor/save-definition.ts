// Loaded on demand (import()), when the editor first saves or needs the default waterfall: turning
// edits into a definition and a reason catalog, checking them with core's schemas (zod, which an
// editor that is only being read never downloads), and explaining a refusal. The default
// waterfall lives beside the schemas in core, so it comes from here too.
import { msg } from '@lit/localize';
import { parseDefinition, parseReasonCatalog, type ApprovalRole, type Criterion, type Issue, type QualificationDefinition, type Reason, type Waterfall } from '@leadloop/core';
import { parseLocaleNumber } from '../../internal/parse-number.js';

export { DEFAULT_WATERFALL } from '@leadloop/core';

/** One criterion as edited: the fields as typed. */
export interface DraftCriterion {
  /** Local key for rendering; `id` is kept for criteria that were saved before. */
  key: number;
  id?: string;
  label: string;
  help: string;
  required: boolean;
  weight: string;
}

export interface DraftStage {
  criteria: DraftCriterion[];
  /** Percent text, as typed. */
  threshold: string;
}

export interface DraftReason {
  key: number;
  id?: string;
  label: string;
  retired: boolean;
}

/** What the editor says after an action; an approval's outcome (`role`) is said in that role's sign-off, beside its button. */
export type Notice = { kind: 'ok' | 'error' | 'conflict'; text: string; detail?: string; role?: ApprovalRole };

/** Problems by field path (`stages.mql.criteria.0.label`), shown beside the field. */
export type Issues = Map<string, string>;

/** An id for a new criterion or reason, from its label: "Budget confirmed" → "budget-confirmed", unique among `taken`. */
export function idFromLabel(label: string, taken: ReadonlySet<string>, fallback: string): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

const issuesFrom = (list: Issue[], prefix = ''): Issues => new Map(list.map((i) => [`${prefix}${i.path}`, i.message]));

/**
 * The draft as the next version of `base`, checked: first the fields as typed (a label, a weight,
 * a threshold in range), then the whole definition against the schema and the waterfall.
 */
export function definitionFromDraft(
  draft: Record<string, DraftStage>,
  base: QualificationDefinition,
  waterfall: Waterfall,
  lang: string,
): { ok: true; value: QualificationDefinition } | { ok: false; issues: Issues } {
  const issues: Issues = new Map();
  const stages: QualificationDefinition['stages'] = {};
  for (const [stageId, stage] of Object.entries(draft)) {
    const taken = new Set(stage.criteria.flatMap((c) => (c.id ? [c.id] : [])));
    const criteria: Criterion[] = stage.criteria.map((c, i) => {
      const path = `stages.${stageId}.criteria.${i}`;
      if (!c.label.trim()) issues.set(`${path}.label`, msg('Give the criterion a label.'));
      const weight = c.weight.trim() === '' ? 1 : parseLocaleNumber(c.weight, lang);
      if (!(weight >= 0 && weight <= 1000)) issues.set(`${path}.weight`, msg('A weight from 0 to 1000.'));
      let id = c.id;
      if (!id) {
        id = idFromLabel(c.label, taken, 'criterion');
        taken.add(id);
      }
      const criterion: Criterion = { id, label: c.label.trim() };
      if (c.help.trim()) criterion.help = c.help.trim();
      if (c.required) criterion.required = true;
      if (weight !== 1 && Number.isFinite(weight)) criterion.weight = weight;
      return criterion;
    });
    const percent = stage.threshold.trim() === '' ? 0 : parseLocaleNumber(stage.threshold, lang);
    if (!(percent >= 0 && percent <= 100)) issues.set(`stages.${stageId}.threshold`, msg('A score from 0 to 100 %.'));
    if (criteria.length > 0 || percent > 0) stages[stageId] = percent > 0 ? { criteria, threshold: percent / 100 } : { criteria };
  }
  if (issues.size > 0) return { ok: false, issues };
  const parsed = parseDefinition({ id: base.id, version: base.version, stages, approvals: base.approvals }, { waterfall });
  return parsed.ok ? parsed : { ok: false, issues: issuesFrom(parsed.error.issues) };
}

/** The reason draft as a catalog, new reasons given ids from their labels, checked against the schema. */
export function reasonsFromDraft(draft: DraftReason[]): { ok: true; value: Reason[] } | { ok: false; issues: Issues } {
  const taken = new Set(draft.flatMap((r) => (r.id ? [r.id] : [])));
  const reasons: Reason[] = draft.map((r) => {
    let id = r.id;
    if (!id) {
      id = idFromLabel(r.label, taken, 'reason');
      taken.add(id);
    }
    return r.retired ? { id, label: r.label.trim(), retired: true } : { id, label: r.label.trim() };
  });
  const parsed = parseReasonCatalog(reasons);
  return parsed.ok ? parsed : { ok: false, issues: issuesFrom(parsed.error.issues, 'reasons.') };
}

/** What to tell the editor's user when a save or an approval failed, and the fields to mark. */
export function explainFailure(error: unknown): { notice: Notice; issues?: Issues } {
  const e = error as { code?: string; message?: string; issues?: Issue[] };
  if (e?.code === 'conflict') {
    return { notice: { kind: 'conflict', text: msg('Someone saved or approved a newer version while you were editing.'), detail: e.message } };
  }
  if (e?.code === 'invalid_input' && e.issues?.length) {
    return { notice: { kind: 'error', text: msg('The definition was refused: fix the fields marked below.') }, issues: issuesFrom(e.issues) };
  }
  return { notice: { kind: 'error', text: msg('That did not work.'), detail: e?.message } };
}
