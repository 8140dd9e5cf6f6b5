import { type Waterfall } from './waterfall.js';
import { type ParseResult } from './errors.js';
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
export declare const APPROVAL_ROLES: readonly ApprovalRole[];
/** Parses an untrusted definition (an admin's edit, a stored record) against the waterfall's stage ids. */
export declare function parseDefinition(input: unknown, options?: {
    waterfall?: Waterfall;
}): ParseResult<QualificationDefinition>;
/**
 * Scores a lead's checklist for one stage. Answers for criteria the definition no longer has
 * are ignored (they may predate the current version); non-boolean answers are errors.
 */
export declare function evaluateQualification(definition: QualificationDefinition, stageId: string, answers: ChecklistAnswers): QualificationResult;
/** True when both the sales and the marketing leader approved the definition's current version. */
export declare function isApproved(definition: QualificationDefinition): boolean;
/** Validates checklist answers for a stage before storing them: only criteria of that stage, only booleans. */
export declare function parseChecklistAnswers(definition: QualificationDefinition, stageId: string, input: unknown): ParseResult<ChecklistAnswers>;
/** A definition with no criteria yet, version 1, unapproved. */
export declare function emptyDefinition(id?: string): QualificationDefinition;
//# sourceMappingURL=qualification.d.ts.map