import type { CompositeSubrequest, SalesforceClient, SaveResult } from '@leadloop/adapters/salesforce-adapter-client';
import { compositeFailure, subrequestBody } from '@leadloop/adapters/salesforce-adapter-client';
import { errorFromSalesforce } from '@leadloop/adapters/salesforce-adapter-errors';

/**
 * The store's calls within Salesforce's limits: sObject Collections take 200 records, a Composite
 * call takes 5 queries or collections.
 */

export const COLLECTION = 200;
const HEAVY_PER_COMPOSITE = 5;
/** Ids (or names) one query selects by. */
export const IDS_PER_QUERY = 500;

export const chunk = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * PATCH subrequests that write `records` through sObject Collections, all or none, 200 a
 * subrequest referenced `${referenceId}0`, `${referenceId}1`…: `url` upserts by an external id
 * (`/composite/sobjects/Type/Field`) or updates records carrying their `id` (`/composite/sobjects`).
 */
export function collectionWrites(url: string, records: Record<string, unknown>[], referenceId: string): CompositeSubrequest[] {
  return chunk(records, COLLECTION).map((part, i) => ({ method: 'PATCH', url, referenceId: `${referenceId}${i}`, body: { allOrNone: true, records: part } }));
}

/** True for a record of a collection that failed on its own account, not rolled back for another's failure. */
export function failedOnItsOwn(result: SaveResult): boolean {
  return !result.success && result.errors.some((e) => e.statusCode !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
}

/** The records of each query, in order, five queries to a Composite call. */
export async function queryAll(client: SalesforceClient, soqls: string[]): Promise<Record<string, unknown>[][]> {
  const results: Record<string, unknown>[][] = [];
  for (const group of chunk(soqls, HEAVY_PER_COMPOSITE)) results.push(...(await client.queries(group)));
  return results;
}

/**
 * Runs collection writes, five to an all-or-none Composite call. The first record refused fails
 * the whole with its error, its fields named as paths under `prefix` (`leads.`); calls made before
 * it stay written.
 */
export async function writeAll(client: SalesforceClient, subrequests: CompositeSubrequest[], prefix: string): Promise<void> {
  for (const group of chunk(subrequests, HEAVY_PER_COMPOSITE)) {
    const results = await client.composite(group, true);
    // All or none: the others answer PROCESSING_HALTED or rolled back; report the one that failed.
    const failure = compositeFailure(results);
    for (const result of failure ? [failure] : results) {
      const body = subrequestBody<SaveResult[] | unknown>(result, prefix);
      const failed = Array.isArray(body) ? (body as SaveResult[]).find(failedOnItsOwn) : undefined;
      if (failed) throw errorFromSalesforce(400, failed.errors, prefix);
    }
  }
}
