import { LeadLoopError, parseReasonCatalog, type Reason } from '@leadloop/core';
import { DEFINITION_OBJECT, soqlString } from './salesforce-adapter-mapping.js';

/**
 * The reason catalog in an org. It has no object of its own: it is kept as versioned
 * LeadLoop_Definition__c records beside the definition it belongs to — `Definition_Id__c` is the
 * definition id + `:reasons`, `Stages__c` holds the catalog as JSON, and the unique `Key__c`
 * (`<id>:reasons:<version>`) lets only one of two concurrent saves write a given version.
 * Before the first save the catalog is the adapter's `reasons` option.
 */

/** The catalog as stored, and its version (0 when none is stored yet). */
export interface StoredCatalog {
  reasons: Reason[];
  version: number;
}

const catalogSetId = (definitionId: string) => `${definitionId}:reasons`;

/** SOQL for the latest catalog record of a definition. */
export function catalogQuery(definitionId: string): string {
  return `SELECT Id, Version__c, Stages__c FROM ${DEFINITION_OBJECT} WHERE Definition_Id__c = ${soqlString(catalogSetId(definitionId))} ORDER BY Version__c DESC LIMIT 1`;
}

/** The catalog a query of catalogQuery found, or `fallback` (version 0) when there is none. */
export function recordToCatalog(records: Record<string, unknown>[], fallback: readonly Reason[]): StoredCatalog {
  const record = records[0];
  if (!record) return { reasons: fallback.map((r) => ({ ...r })), version: 0 };
  let value: unknown;
  try {
    value = JSON.parse(String(record.Stages__c));
  } catch {
    value = undefined;
  }
  const parsed = parseReasonCatalog(value);
  if (!parsed.ok) throw new LeadLoopError('internal', `The stored reason catalog (${String(record.Id)}) is not valid: ${parsed.error.message}`);
  return { reasons: parsed.value, version: Number(record.Version__c) };
}

export function catalogToRecord(definitionId: string, version: number, reasons: readonly Reason[]): Record<string, unknown> {
  return {
    Definition_Id__c: catalogSetId(definitionId),
    Version__c: version,
    Stages__c: JSON.stringify(reasons),
    Key__c: `${catalogSetId(definitionId)}:${version}`,
  };
}
