import { definitionToRecord, feedbackToRecord, leadToRecord, resolveMapping } from '@leadloop/adapters/salesforce-adapter-mapping';
import type { Feedback, Lead, QualificationDefinition } from '@leadloop/core';
import type { FakeSalesforce } from './fake-salesforce.js';

/**
 * Puts leads, their feedback and a definition into the fake org as a data load would: owners as
 * users, CreatedDate kept. Returns each lead's record Id by core id.
 */
export function seedOrg(fake: FakeSalesforce, leads: Lead[], options: { feedback?: Feedback[]; definition?: QualificationDefinition } = {}): Map<string, string> {
  const mapping = resolveMapping();
  const users = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const lead of leads) {
    let ownerId: string | undefined;
    if (lead.owner) {
      ownerId = users.get(lead.owner);
      if (!ownerId) users.set(lead.owner, (ownerId = fake.insert('User', { Name: lead.owner, Alias: lead.owner.slice(0, 8) })));
    }
    ids.set(lead.id, fake.insert('Lead', { ...leadToRecord(lead, mapping), CreatedDate: lead.createdAt, ...(ownerId ? { OwnerId: ownerId } : {}) }));
  }
  options.feedback?.forEach((f, i) => fake.insert('LeadLoop_Feedback__c', feedbackToRecord(f, ids.get(f.leadId)!, `seed-${i}`, 'seed')));
  if (options.definition) fake.insert('LeadLoop_Definition__c', definitionToRecord(options.definition));
  return ids;
}
