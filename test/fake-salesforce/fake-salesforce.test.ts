import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { FakeSalesforce } from './index.js';

// The fake answers as the Salesforce REST API documentation describes; these cases pin the
// behaviours the adapter and the store rely on.
let fake: FakeSalesforce;
const v = '/services/data/v64.0';
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; limit: string | null }> {
  const response = await fetch(`${fake.url}${path}`, {
    method, headers: { Authorization: `Bearer ${fake.accessToken}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, limit: response.headers.get('Sforce-Limit-Info') };
}
const query = (soql: string) => call('GET', `${v}/query?q=${encodeURIComponent(soql)}`);

before(async () => {
  fake = await FakeSalesforce.start({ pageSize: 3, dailyLimit: 1000 });
});
after(async () => {
  await fake?.close();
});

describe('fake Salesforce REST API', () => {
  beforeEach(() => {
    fake.reset();
    for (let i = 0; i < 7; i++) fake.insert('Lead', { LastName: `L${i}`, Company: 'Acme', Status: i % 2 ? 'Working - Contacted' : 'Open - Not Contacted', CreatedDate: `2026-01-0${i + 1}T10:00:00.456Z` });
  });

  test('versions need no session; data calls do, and count against the limit in Sforce-Limit-Info', async () => {
    const versions = await fetch(`${fake.url}/services/data/`).then((r) => r.json()) as { version: string }[];
    assert.ok(versions.some((x) => x.version === '64.0'));
    const first = await query('SELECT Id FROM Lead');
    assert.equal(first.limit, 'api-usage=1/1000');
    const stale = fake.accessToken;
    fake.expireSession();
    const denied = await fetch(`${fake.url}${v}/query?q=SELECT+Id+FROM+Lead`, { headers: { Authorization: `Bearer ${stale}` } });
    assert.equal(denied.status, 401);
    assert.deepEqual(await denied.json(), [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  test('query pages with nextRecordsUrl; date-times keep whole seconds', async () => {
    const first = await query('SELECT Name, CreatedDate FROM Lead ORDER BY CreatedDate');
    assert.equal(first.body.totalSize, 7);
    assert.equal(first.body.done, false);
    assert.equal(first.body.records.length, 3);
    assert.equal(first.body.records[0].CreatedDate, '2026-01-01T10:00:00.000+0000');
    const names = first.body.records.map((r: any) => r.Name);
    let next = first.body.nextRecordsUrl;
    while (next) {
      const page = await call('GET', next);
      names.push(...page.body.records.map((r: any) => r.Name));
      next = page.body.nextRecordsUrl;
    }
    assert.deepEqual(names, ['L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
  });

  test('aggregates: GROUP BY with exprN names; ungroupable fields and bad literals are refused as SOQL does', async () => {
    const grouped = await query("SELECT Status, COUNT(Id) FROM Lead WHERE CreatedDate >= 2026-01-03T00:00:00Z GROUP BY Status ORDER BY Status");
    assert.deepEqual(grouped.body.records, [
      { attributes: { type: 'AggregateResult' }, Status: 'Open - Not Contacted', expr0: 3 },
      { attributes: { type: 'AggregateResult' }, Status: 'Working - Contacted', expr0: 2 },
    ]);
    assert.equal((await query('SELECT CreatedDate, COUNT(Id) FROM Lead GROUP BY CreatedDate')).body[0].errorCode, 'MALFORMED_QUERY');
    assert.equal((await query("SELECT Id FROM Lead WHERE CreatedDate > '2026-01-01'")).body[0].errorCode, 'INVALID_FIELD');
    assert.equal((await query("SELECT Id FROM Lead WHERE Status = 'a' AND Company = 'b' OR Company = 'c'")).status, 400);
    assert.equal((await query('SELECT Nope__c FROM Lead')).body[0].errorCode, 'INVALID_FIELD');
  });

  test('collections: at most 200 records; allOrNone rolls every record back and says why per record', async () => {
    const tooMany = await call('POST', `${v}/composite/sobjects`, { records: Array.from({ length: 201 }, () => ({ attributes: { type: 'Lead' }, LastName: 'x', Company: 'y' })) });
    assert.equal(tooMany.status, 400);
    const mixed = await call('POST', `${v}/composite/sobjects`, { allOrNone: true, records: [{ attributes: { type: 'Lead' }, LastName: 'ok', Company: 'y' }, { attributes: { type: 'Lead' }, LastName: 'no company' }] });
    assert.equal(mixed.status, 200);
    assert.equal(mixed.body[0].errors[0].statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
    assert.deepEqual(mixed.body[1], { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Company]', fields: ['Company'] }] });
    assert.equal(fake.records('Lead').length, 7);
    const partial = await call('POST', `${v}/composite/sobjects`, { allOrNone: false, records: [{ attributes: { type: 'Lead' }, LastName: 'ok', Company: 'y' }, { attributes: { type: 'Lead' }, LastName: 'no company' }] });
    assert.equal(partial.body[0].success, true);
    assert.equal(fake.records('Lead').length, 8);
  });

  test('composite: one API call; all or none rolls back and halts the others; more than 5 queries is refused', async () => {
    fake.resetCalls();
    const [lead] = fake.records('Lead');
    const result = await call('POST', `${v}/composite`, {
      allOrNone: true,
      compositeRequest: [
        { method: 'PATCH', url: `${v}/sobjects/Lead/${lead!.Id}`, referenceId: 'a', body: { Company: 'Changed' } },
        { method: 'POST', url: `${v}/sobjects/Lead`, referenceId: 'b', body: { LastName: 'x' } },
      ],
    });
    assert.equal(fake.apiCalls, 1);
    assert.equal(result.body.compositeResponse[0].body[0].errorCode, 'PROCESSING_HALTED');
    assert.equal(result.body.compositeResponse[1].httpStatusCode, 400);
    assert.equal(fake.records('Lead')[0]!.Company, 'Acme');
    const six = await call('POST', `${v}/composite`, { compositeRequest: Array.from({ length: 6 }, (_, i) => ({ method: 'GET', url: `${v}/query?q=SELECT+Id+FROM+Lead`, referenceId: `q${i}` })) });
    assert.equal(six.status, 400);
  });

  test('upsert by external id: 201 created, then 200 updated; the daily limit answers 403 REQUEST_LIMIT_EXCEEDED; injected 503', async () => {
    const [lead] = fake.records('Lead');
    const body = { Lead__c: lead!.Id, Outcome__c: 'attempted', At__c: '2026-01-05T10:00:00Z' };
    assert.equal((await call('PATCH', `${v}/sobjects/LeadLoop_Feedback__c/Idempotency_Key__c/k1`, body)).status, 201);
    const again = await call('PATCH', `${v}/sobjects/LeadLoop_Feedback__c/Idempotency_Key__c/k1`, body);
    assert.equal(again.status, 200);
    assert.equal(again.body.created, false);
    assert.equal(fake.records('LeadLoop_Feedback__c').length, 1);
    fake.fail({ status: 503 });
    assert.equal((await query('SELECT Id FROM Lead')).body[0].errorCode, 'SERVER_UNAVAILABLE');
    fake.apiUsage = fake.dailyLimit;
    const limited = await query('SELECT Id FROM Lead');
    assert.equal(limited.status, 403);
    assert.equal(limited.body[0].errorCode, 'REQUEST_LIMIT_EXCEEDED');
  });

  test('collections: every record names its type; an upsert takes only the URI\'s type, keyed by an external id', async () => {
    const untyped = await call('POST', `${v}/composite/sobjects`, { records: [{ LastName: 'x', Company: 'y' }] });
    assert.equal(untyped.body[0].errors[0].statusCode, 'INVALID_TYPE');
    const url = `${v}/composite/sobjects/LeadLoop_Feedback__c/Idempotency_Key__c`;
    const [lead] = fake.records('Lead');
    const feedback = { Lead__c: lead!.Id, Outcome__c: 'attempted', At__c: '2026-01-05T10:00:00Z' };
    const wrongType = await call('PATCH', url, { records: [{ attributes: { type: 'Lead' }, Idempotency_Key__c: 'k', ...feedback }] });
    assert.equal(wrongType.body[0].errors[0].statusCode, 'INVALID_TYPE');
    const noAttributes = await call('PATCH', url, { records: [{ Idempotency_Key__c: 'k', ...feedback }] });
    assert.equal(noAttributes.body[0].errors[0].statusCode, 'INVALID_TYPE');
    assert.equal((await call('PATCH', `${v}/composite/sobjects/Lead/Id`, { records: [{ attributes: { type: 'Lead' }, Id: lead!.Id }] })).status, 400);
    assert.equal(fake.records('LeadLoop_Feedback__c').length, 0);
  });

  test("composite: an all-or-none Composite overrides a collection's allOrNone false; without it the collection's own flag holds", async () => {
    const subrequest = (ref: string) => ({
      method: 'POST', url: `${v}/composite/sobjects`, referenceId: ref,
      body: { allOrNone: false, records: [{ attributes: { type: 'Lead' }, LastName: 'ok', Company: 'y' }, { attributes: { type: 'Lead' }, LastName: 'no company' }] },
    });
    const outer = await call('POST', `${v}/composite`, { allOrNone: true, compositeRequest: [subrequest('c')] });
    assert.equal(outer.body.compositeResponse[0].body[0].errors[0].statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
    assert.equal(fake.records('Lead').length, 7);
    const inner = await call('POST', `${v}/composite`, { allOrNone: false, compositeRequest: [subrequest('c')] });
    assert.equal(inner.body.compositeResponse[0].body[0].success, true);
    assert.equal(fake.records('Lead').length, 8);
  });

  test('composite: methods in capitals, a unique referenceId, no inherited headers; a create answers with its Location', async () => {
    const create = { method: 'POST', url: `${v}/sobjects/Lead`, referenceId: 'a', body: { LastName: 'x', Company: 'y' } };
    assert.equal((await call('POST', `${v}/composite`, { compositeRequest: [{ ...create, method: 'post' }] })).status, 400);
    assert.equal((await call('POST', `${v}/composite`, { compositeRequest: [{ ...create, referenceId: undefined }] })).status, 400);
    assert.equal((await call('POST', `${v}/composite`, { compositeRequest: [create, create] })).status, 400);
    assert.equal((await call('POST', `${v}/composite`, { compositeRequest: [{ ...create, httpHeaders: { Authorization: 'Bearer x' } }] })).status, 400);
    assert.equal(fake.records('Lead').length, 7);
    const ok = await call('POST', `${v}/composite`, { compositeRequest: [create] });
    const [result] = ok.body.compositeResponse;
    assert.equal(result.httpStatusCode, 201);
    assert.equal(result.httpHeaders.Location, `${v}/sobjects/Lead/${result.body.id}`);
  });

  test('a locked record: UNABLE_TO_LOCK_ROW as a 400 for one record, per record in a collection', async () => {
    const [lead] = fake.records('Lead');
    fake.failRecords('UNABLE_TO_LOCK_ROW');
    const single = await call('PATCH', `${v}/sobjects/Lead/${lead!.Id}`, { Company: 'Changed' });
    assert.equal(single.status, 400);
    assert.deepEqual(single.body, [{ message: `unable to obtain exclusive access to this record or 1 records: ${lead!.Id}`, errorCode: 'UNABLE_TO_LOCK_ROW', fields: [] }]);
    fake.failRecords('UNABLE_TO_LOCK_ROW', { when: (_, record) => record.Id === lead!.Id });
    const [other] = fake.records('Lead').slice(1);
    const collection = await call('PATCH', `${v}/composite/sobjects`, { records: [lead, other].map((r) => ({ attributes: { type: 'Lead' }, id: r!.Id, Company: 'Changed' })) });
    assert.equal(collection.body[0].errors[0].statusCode, 'UNABLE_TO_LOCK_ROW');
    assert.equal(collection.body[1].success, true);
    assert.equal(fake.records('Lead')[0]!.Company, 'Acme');
    assert.equal((await call('PATCH', `${v}/sobjects/Lead/${lead!.Id}`, { Company: 'Changed' })).status, 204, 'the lock is gone');
  });
});
