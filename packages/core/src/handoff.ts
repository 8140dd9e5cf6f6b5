import type { Lead } from './lead.js';

/**
 * The ISO time a lead was handed off: `handedOffAt`, else its visit to the hand-off stage in
 * `stageHistory` (`handoffStage`, the waterfall's), else `createdAt` (a lead created straight at or past the hand-off stage).
 * Text, not a number, so a caller picks its parser: computeFunnel's bulk one, or `isoToMs` where
 * a few leads are read and bytes count more.
 */
export function handoffAt(lead: Lead, handoffStage: string): string {
  if (lead.handedOffAt) return lead.handedOffAt;
  const visit = Array.isArray(lead.stageHistory) ? lead.stageHistory.find((v) => v?.stage === handoffStage) : undefined;
  return visit ? visit.at : lead.createdAt;
}
