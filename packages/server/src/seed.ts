import { demoDefinition, generateSeed, isApproved, type Feedback, type QualificationDefinition, type SeedOptions } from '@leadloop/core';

/** Writes generated leads and feedback into a store, batch by batch; returns the counts. */
export async function seedStore(
  store: { putLeads(leads: readonly unknown[]): Promise<number>; appendFeedback(records: readonly Feedback[]): Promise<number> },
  options: SeedOptions,
): Promise<{ leads: number; feedback: number }> {
  let leads = 0, feedback = 0;
  for (const batch of generateSeed(options)) {
    leads += await store.putLeads(batch.leads);
    feedback += await store.appendFeedback(batch.feedback);
  }
  return { leads, feedback };
}

/** Gives a store whose definition is still empty the demo one, so checklists have something to ask. */
export async function ensureDefinition(store: {
  getDefinition(): Promise<QualificationDefinition>;
  saveDefinition(definition: unknown): Promise<QualificationDefinition>;
}): Promise<void> {
  const current = await store.getDefinition();
  if (Object.keys(current.stages).length > 0 || isApproved(current)) return;
  await store.saveDefinition({ ...demoDefinition(), id: current.id, version: current.version, approvals: current.approvals });
}
