// The editor's draft, apart from the element: a definition turned into editable text fields and
// back into a comparable snapshot, and who signs a version off. (Turning a draft into a checked
// definition needs core's schemas, so that part loads on demand: save-definition.ts.)
import { msg } from '@lit/localize';
import type { ApprovalRole, QualificationDefinition, Reason, Waterfall } from '@leadloop/core';
import { formatNumber } from '../../internal/format.js';
import type { DraftReason, DraftStage } from './save-definition.js';

export const ROLES: ApprovalRole[] = ['marketing', 'sales'];

/** The stages while neither a waterfall, a config nor the default waterfall has arrived. */
export const NO_WATERFALL: Waterfall = { stages: [], handoffStage: '', exits: [] };

let nextKey = 1;
/** A key to render a criterion or reason by, unique on the page. */
export const newKey = () => nextKey++;

export function roleLabel(role: ApprovalRole): string {
  return role === 'sales' ? msg('Sales leader') : msg('Marketing leader');
}

/** The approval of `role` for the definition's current version, if it has one. */
export const approvalOf = (d: QualificationDefinition, role: ApprovalRole) => d.approvals.find((a) => a.role === role && a.version === d.version);

/** Both leaders approved this version. (isApproved in core, without loading its schemas.) */
export const approvedBoth = (d: QualificationDefinition) => ROLES.every((role) => approvalOf(d, role));

/** Every stage of the waterfall with the definition's criteria as editable text, thresholds in percent. */
export function toDraft(definition: QualificationDefinition, waterfall: Waterfall, lang: string): Record<string, DraftStage> {
  const draft: Record<string, DraftStage> = {};
  for (const stage of waterfall.stages) {
    const saved = Object.hasOwn(definition.stages, stage.id) ? definition.stages[stage.id] : undefined;
    draft[stage.id] = {
      criteria: (saved?.criteria ?? []).map((c) => ({
        key: newKey(),
        id: c.id,
        label: c.label,
        help: c.help ?? '',
        required: !!c.required,
        weight: c.weight === undefined ? '1' : String(c.weight),
      })),
      threshold: saved?.threshold ? formatNumber(lang, saved.threshold * 100, { maximumFractionDigits: 1, useGrouping: false }) : '0',
    };
  }
  return draft;
}

export const toReasonDraft = (catalog: readonly Reason[] | undefined): DraftReason[] => (catalog ?? []).map((r) => ({ key: newKey(), id: r.id, label: r.label, retired: !!r.retired }));

/** What a draft says, without its render keys: two drafts with the same snapshot are the same edit. */
export const draftSnapshot = (draft: Record<string, DraftStage>) =>
  JSON.stringify(Object.entries(draft).map(([id, s]) => [id, s.threshold, s.criteria.map((c) => [c.id, c.label, c.help, c.required, c.weight])]));

export const reasonSnapshot = (reasons: DraftReason[]) => JSON.stringify(reasons.map((r) => [r.id, r.label, r.retired]));
