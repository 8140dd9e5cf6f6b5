import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SalesforceAdapter } from '@leadloop/adapters';
import { LeadLoopError } from '@leadloop/core';
import { fails } from '../contract/expect-error.js';
import { FakeSalesforce } from './index.js';
import { seedOrg } from './seed-org.js';

// Who may write what in an org with the package deployed: the permission sets and sharing models
// of packages/salesforce, as the fake reads them from the metadata, and what the adapter tells the
// user when Salesforce refuses a write for access.

const NOW = new Date('2026-06-30T12:00:00.000Z');
const v = '/services/data/v64.0';
const REFUSED = [{ message: 'insufficient access rights on object id', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', fields: [] }];

let fake: FakeSalesforce;
let leadId: string;

async function call(token: string, method: string, path: string, body?: unknown, org = fake): Promise<{ status: number; body: any }> {
  const response = await fetch(`${org.url}${v}${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
const query = (token: string, soql: string, org = fake) => call(token, 'GET', `/query?q=${encodeURIComponent(soql)}`, undefined, org);
const adapterAs = (token: string, user: string) => new SalesforceAdapter({ baseUrl: fake.url, accessToken: token, clock: () => NOW, user });
const feedbackBody = (key: string, outcome = 'attempted') => ({ Lead__c: leadId, Outcome__c: outcome, At__c: '2026-06-30T10:00:00.000Z', Idempotency_Key__c: key, By__c: 'rep' });

before(async () => {
  fake = await FakeSalesforce.start();
});
after(async () => {
  await fake?.close();
});

describe('fake Salesforce: object permissions from the permission sets, record access from sharing', () => {
  let manager: { id: string; accessToken: string };
  let ann: { id: string; accessToken: string };
  let bob: { id: string; accessToken: string };
  let leader: { id: string; accessToken: string };
  beforeEach(() => {
    fake.reset();
    leadId = seedOrg(fake, [{ id: 'A-1', createdAt: '2026-06-01T10:00:00.000Z', stage: 'mql' }]).get('A-1')!;
    manager = fake.addUser({ name: 'Sales Manager', permissionSets: ['LeadLoop_User'] });
    ann = fake.addUser({ name: 'Ann Rep', permissionSets: ['LeadLoop_User'], managerId: manager.id });
    bob = fake.addUser({ name: 'Bob Rep', permissionSets: ['LeadLoop_User'] });
    leader = fake.addUser({ name: 'Marketing Lead', permissionSets: ['LeadLoop_User', 'LeadLoop_Leader'] });
  });

  test('feedback (Read): everyone reads it; its owner and those above them edit it; anyone else is refused, one record or in a collection', async () => {
    const created = await call(ann.accessToken, 'POST', '/sobjects/LeadLoop_Feedback__c', feedbackBody('k-ann'));
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    assert.equal(fake.records('LeadLoop_Feedback__c')[0]!.OwnerId, ann.id, 'the creator owns it');
    const seen = await query(bob.accessToken, 'SELECT Id, Outcome__c, Owner.Name FROM LeadLoop_Feedback__c');
    assert.deepEqual(seen.body.records.map((r: any) => [r.Id, r.Outcome__c, r.Owner.Name]), [[id, 'attempted', 'Ann Rep']]);

    assert.deepEqual(await call(bob.accessToken, 'PATCH', `/sobjects/LeadLoop_Feedback__c/${id}`, { Outcome__c: 'rejected' }), { status: 400, body: REFUSED });
    const upsert = await call(bob.accessToken, 'PATCH', '/composite/sobjects/LeadLoop_Feedback__c/Idempotency_Key__c', {
      allOrNone: false, records: [{ attributes: { type: 'LeadLoop_Feedback__c' }, ...feedbackBody('k-ann', 'rejected') }],
    });
    assert.deepEqual(upsert.body, [{ success: false, errors: [{ statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access rights on object id', fields: [] }] }]);
    assert.equal(fake.records('LeadLoop_Feedback__c')[0]!.Outcome__c, 'attempted', 'unchanged');

    assert.equal((await call(ann.accessToken, 'PATCH', `/sobjects/LeadLoop_Feedback__c/${id}`, { Note__c: 'left a voicemail' })).status, 204);
    assert.equal((await call(manager.accessToken, 'PATCH', `/sobjects/LeadLoop_Feedback__c/${id}`, { Rating__c: 3 })).status, 204, 'above the owner in the role hierarchy');
    assert.equal((await call(fake.accessToken, 'PATCH', `/sobjects/LeadLoop_Feedback__c/${id}`, { Rating__c: 4 })).status, 204, 'the integration user is an administrator');
  });

  test('checklists (ReadWrite): the lead\'s next owner updates the answers another rep created', async () => {
    const path = `/sobjects/LeadLoop_Checklist__c/Key__c/${leadId}:sql`;
    const body = { Lead__c: leadId, Stage__c: 'sql', Answers__c: '{}', At__c: '2026-06-30T10:00:00.000Z', Definition_Version__c: 1 };
    assert.equal((await call(ann.accessToken, 'PATCH', path, body)).status, 201);
    assert.equal((await call(bob.accessToken, 'PATCH', path, { ...body, Answers__c: '{"budget":true}' })).status, 200);
    assert.equal(fake.records('LeadLoop_Checklist__c')[0]!.OwnerId, ann.id);
  });

  test('definitions: a rep reads them and may not create or edit one; a leader creates, and edits another leader\'s', async () => {
    const record = { Definition_Id__c: 'default', Version__c: 2, Key__c: 'default:2', Stages__c: '{}', Approvals__c: '[]' };
    assert.deepEqual(await call(ann.accessToken, 'POST', '/sobjects/LeadLoop_Definition__c', record), { status: 400, body: REFUSED });
    assert.equal(fake.records('LeadLoop_Definition__c').length, 0);
    const created = await call(leader.accessToken, 'POST', '/sobjects/LeadLoop_Definition__c', record);
    assert.equal(created.status, 201);
    assert.equal((await query(ann.accessToken, 'SELECT Id FROM LeadLoop_Definition__c')).body.totalSize, 1);
    assert.deepEqual(await call(ann.accessToken, 'PATCH', `/sobjects/LeadLoop_Definition__c/${created.body.id}`, { Approvals__c: '[]' }), { status: 400, body: REFUSED });
    const salesLeader = fake.addUser({ name: 'Sales Leader', permissionSets: ['LeadLoop_User', 'LeadLoop_Leader'] });
    assert.equal((await call(salesLeader.accessToken, 'PATCH', `/sobjects/LeadLoop_Definition__c/${created.body.id}`, { Approvals__c: '[]' })).status, 204);
  });

  test('without LeadLoop User the objects do not exist for a user: INVALID_TYPE in SOQL, NOT_FOUND on writes', async () => {
    const stranger = fake.addUser({ name: 'No Access', permissionSets: [] });
    const read = await query(stranger.accessToken, 'SELECT Id FROM LeadLoop_Feedback__c');
    assert.equal(read.status, 400);
    assert.equal(read.body[0].errorCode, 'INVALID_TYPE');
    const write = await call(stranger.accessToken, 'POST', '/sobjects/LeadLoop_Feedback__c', feedbackBody('k-x'));
    assert.deepEqual([write.status, write.body[0].errorCode], [404, 'NOT_FOUND']);
    assert.throws(() => fake.addUser({ name: 'Typo', permissionSets: ['LeadLoop_Users'] }), /no permission set LeadLoop_Users/);
  });
});

describe('fake Salesforce: field-level security and a Private default (from metadata of its own)', () => {
  let dir: string;
  let other: FakeSalesforce;
  before(async () => {
    // The package's metadata with feedback Private and a permission set that leaves Note__c out.
    dir = mkdtempSync(join(tmpdir(), 'leadloop-access-'));
    const source = join(import.meta.dirname, '..', '..', '..', 'packages', 'salesforce', 'force-app', 'main', 'default');
    cpSync(join(source, 'objects'), join(dir, 'objects'), { recursive: true });
    cpSync(join(source, 'permissionsets'), join(dir, 'permissionsets'), { recursive: true });
    const objectFile = join(dir, 'objects', 'LeadLoop_Feedback__c', 'LeadLoop_Feedback__c.object-meta.xml');
    writeFileSync(objectFile, readFileSync(objectFile, 'utf8').replace(/<sharingModel>\w+</, '<sharingModel>Private<'));
    const setFile = join(dir, 'permissionsets', 'LeadLoop_User.permissionset-meta.xml');
    writeFileSync(join(dir, 'permissionsets', 'No_Note.permissionset-meta.xml'), readFileSync(setFile, 'utf8').replace(/<fieldPermissions>\s*<editable>true<\/editable>\s*<field>LeadLoop_Feedback__c\.Note__c<\/field>[\s\S]*?<\/fieldPermissions>/, ''));
    other = await FakeSalesforce.start({ objectsDir: join(dir, 'objects') });
  });
  after(async () => {
    await other?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a field the user may not edit is refused by name; under Private others\' records are not in their queries', async () => {
    leadId = seedOrg(other, [{ id: 'P-1', createdAt: '2026-06-01T10:00:00.000Z', stage: 'mql' }]).get('P-1')!;
    const ann = other.addUser({ name: 'Ann Rep', permissionSets: ['No_Note'] });
    const bob = other.addUser({ name: 'Bob Rep', permissionSets: ['LeadLoop_User'] });
    const noted = await call(ann.accessToken, 'POST', '/sobjects/LeadLoop_Feedback__c', { ...feedbackBody('k-1'), Note__c: 'hi' }, other);
    assert.equal(noted.status, 400);
    assert.deepEqual([noted.body[0].errorCode, noted.body[0].fields], ['INVALID_FIELD_FOR_INSERT_UPDATE', ['Note__c']]);
    const created = await call(ann.accessToken, 'POST', '/sobjects/LeadLoop_Feedback__c', feedbackBody('k-1'), other);
    assert.equal(created.status, 201);
    assert.equal((await query(bob.accessToken, 'SELECT Id FROM LeadLoop_Feedback__c', other)).body.totalSize, 0);
    assert.equal((await query(ann.accessToken, 'SELECT Id FROM LeadLoop_Feedback__c', other)).body.totalSize, 1);
    assert.equal((await call(bob.accessToken, 'GET', `/sobjects/LeadLoop_Feedback__c/${created.body.id}`, undefined, other)).status, 404);
  });
});

describe('SalesforceAdapter as a rep and as a leader', () => {
  let rep: { id: string; accessToken: string };
  let otherRep: { id: string; accessToken: string };
  let leader: { id: string; accessToken: string };
  beforeEach(() => {
    fake.reset();
    seedOrg(fake, [{ id: 'A-1', createdAt: '2026-06-01T10:00:00.000Z', stage: 'mql', handedOffAt: '2026-06-01T10:00:00.000Z' }]);
    rep = fake.addUser({ name: 'Ann Rep', permissionSets: ['LeadLoop_User'] });
    otherRep = fake.addUser({ name: 'Bob Rep', permissionSets: ['LeadLoop_User'] });
    leader = fake.addUser({ name: 'Marketing Lead', permissionSets: ['LeadLoop_User', 'LeadLoop_Leader'] });
  });

  const leaderHint = (error: LeadLoopError) => {
    assert.match(error.message, /needs the LeadLoop Leader permission set/);
    assert.match(error.message, /INSUFFICIENT_ACCESS_OR_READONLY/);
    assert.equal(error.retryable, false);
  };

  test('a rep reads the definition and the reasons, and saving, signing or changing them is forbidden, saying what it needs', async () => {
    const adapter = adapterAs(rep.accessToken, 'Ann Rep');
    const { definition, reasons } = await adapter.getConfig();
    await assert.rejects(adapter.saveDefinition(definition), fails('forbidden', (e) => {
      leaderHint(e);
      assert.match(e.message, /^Saving the lead definition/);
    }));
    await assert.rejects(adapter.approveDefinition({ role: 'sales', version: definition.version }), fails('forbidden', (e) => {
      leaderHint(e);
      assert.match(e.message, /^Signing off the lead definition/);
    }));
    await assert.rejects(adapter.saveReasons([...reasons, { id: 'student', label: 'Student' }]), fails('forbidden', (e) => {
      leaderHint(e);
      assert.match(e.message, /^Saving the reason catalog/);
    }));
    assert.equal(fake.records('LeadLoop_Definition__c').length, 0, 'nothing written');
  });

  test('a leader saves the definition; the other leader signs the version the first one wrote', async () => {
    const marketing = adapterAs(leader.accessToken, 'Marketing Lead');
    const saved = await marketing.saveDefinition(await marketing.getDefinition());
    await marketing.approveDefinition({ role: 'marketing', version: saved.version });
    const salesLeader = fake.addUser({ name: 'Sales Leader', permissionSets: ['LeadLoop_User', 'LeadLoop_Leader'] });
    const signed = await adapterAs(salesLeader.accessToken, 'Sales Leader').approveDefinition({ role: 'sales', version: saved.version });
    assert.deepEqual(signed.approvals.map((a) => [a.role, a.by]), [['marketing', 'Marketing Lead'], ['sales', 'Sales Leader']]);
  });

  test('feedback by another rep cannot be overwritten: its key with another body is a conflict, and the record stays as its author wrote it', async () => {
    const mine = await adapterAs(rep.accessToken, 'Ann Rep').submitFeedback({ leadId: 'A-1', outcome: 'qualified', rating: 5 }, { idempotencyKey: 'k-ann' });
    const other = adapterAs(otherRep.accessToken, 'Bob Rep');
    await assert.rejects(other.submitFeedback({ leadId: 'A-1', outcome: 'rejected', reason: 'spam' }, { idempotencyKey: 'k-ann' }), fails('conflict'));
    const [record] = fake.records('LeadLoop_Feedback__c');
    assert.deepEqual([record!.Id, record!.Outcome__c, record!.Rating__c, record!.By__c, record!.OwnerId], [mine.id, 'qualified', 5, 'Ann Rep', rep.id]);
    const theirs = await other.submitFeedback({ leadId: 'A-1', outcome: 'attempted' }, { idempotencyKey: 'k-bob' });
    assert.deepEqual((await other.listFeedback('A-1')).map((f) => [f.id, f.by]), [[mine.id, 'Ann Rep'], [theirs.id, 'Bob Rep']], 'everyone reads all feedback');
  });

  test('a lead the rep may not edit: forbidden, naming the lead rather than the feedback rolled back with it', async () => {
    fake.failRecords('INSUFFICIENT_ACCESS_OR_READONLY', { message: 'insufficient access rights on object id', when: (object) => object === 'Lead' });
    await assert.rejects(adapterAs(rep.accessToken, 'Ann Rep').submitFeedback({ leadId: 'A-1', outcome: 'accepted' }, { idempotencyKey: 'k-lead' }), fails('forbidden', (e) => {
      assert.match(e.message, /^You cannot edit this lead in Salesforce/);
    }));
    assert.equal(fake.records('LeadLoop_Feedback__c').length, 0);
  });

  test('a user without the LeadLoop permission sets is told to get them', async () => {
    const stranger = fake.addUser({ name: 'No Access', permissionSets: [] });
    await assert.rejects(adapterAs(stranger.accessToken, 'No Access').getConfig(), (e: unknown) => {
      assert.ok(e instanceof LeadLoopError);
      assert.match(e.message, /permission set assigned/);
      return true;
    });
  });
});
