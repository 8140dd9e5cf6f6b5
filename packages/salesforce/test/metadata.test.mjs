// Offline validation of the sfdx project with @salesforce/source-deploy-retrieve (the library the
// sf CLI deploys with): every file resolves to a metadata component, the project converts to
// metadata format, and the references between components hold — no org needed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { sourceFiles } from './source-files.mjs';

const project = join(import.meta.dirname, '..');
const forceApp = join(project, 'force-app');
const main = join(forceApp, 'main', 'default');


/** Custom fields: top-level for a standard object (Lead), children of the CustomObject for LeadLoop's own. */
const fieldsOf = (set) => set.getSourceComponents().toArray()
  .flatMap((c) => (c.type.name === 'CustomField' ? [c] : c.type.name === 'CustomObject' ? c.getChildren().filter((k) => k.type.name === 'CustomField') : []))
  .map((c) => c.fullName).sort();

const byType = (set, type) => set.getSourceComponents().toArray().filter((c) => c.type.name === type).map((c) => c.fullName).sort();

describe('the sfdx project, offline', () => {
  let set;
  let out;
  before(() => {
    assert.ok(existsSync(join(main, 'staticresources', 'leadloop.js')), 'build the static resource first: npm run build -w packages/salesforce');
    set = ComponentSet.fromSource(forceApp);
    out = mkdtempSync(join(tmpdir(), 'leadloop-mdapi-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  test('every file in force-app resolves to a metadata component', () => {
    const resolved = new Set();
    for (const component of set.getSourceComponents()) {
      if (component.xml) resolved.add(component.xml);
      for (const content of component.walkContent()) resolved.add(content);
      if (component.content && statSync(component.content).isFile()) resolved.add(component.content);
      for (const child of component.getChildren()) {
        if (child.xml) resolved.add(child.xml);
      }
    }
    const stray = sourceFiles(forceApp).filter((f) => !resolved.has(f)).map((f) => relative(project, f));
    assert.deepEqual(stray, []);
  });

  test('the components LeadLoop needs are all there', () => {
    assert.deepEqual(byType(set, 'CustomObject'), ['LeadLoop_Checklist__c', 'LeadLoop_Definition__c', 'LeadLoop_Feedback__c']);
    const fields = fieldsOf(set);
    for (const field of ['Lead.LeadLoop_Id__c', 'Lead.LeadLoop_Stage__c', 'Lead.LeadLoop_Touch_Key__c', 'LeadLoop_Feedback__c.Idempotency_Key__c', 'LeadLoop_Checklist__c.Key__c', 'LeadLoop_Definition__c.Key__c']) {
      assert.ok(fields.includes(field), field);
    }
    assert.deepEqual(byType(set, 'PermissionSet'), ['LeadLoop_Leader', 'LeadLoop_User']);
    assert.deepEqual(byType(set, 'ApexClass'), ['LeadLoopBridge', 'LeadLoopBridgeTest']);
    assert.deepEqual(byType(set, 'StaticResource'), ['leadloop']);
    assert.deepEqual(byType(set, 'LightningComponentBundle'), [
      'leadloopDefinitionEditor', 'leadloopFunnelChart', 'leadloopFunnelPlanner', 'leadloopLeadFeedback',
      'leadloopLeadQualityReport', 'leadloopQualificationChecklist', 'leadloopRuntime',
    ]);
  });

  test('the project converts to metadata format with a package.xml naming every type', async () => {
    const result = await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: out, packageName: 'leadloop', genUniqueDir: false });
    const root = result.packagePath ?? join(out, 'leadloop');
    const manifest = readFileSync(join(root, 'package.xml'), 'utf8');
    for (const type of ['ApexClass', 'CustomField', 'CustomObject', 'LightningComponentBundle', 'PermissionSet', 'StaticResource']) {
      assert.match(manifest, new RegExp(`<name>${type}</name>`), type);
    }
    assert.ok(existsSync(join(root, 'objects', 'LeadLoop_Feedback__c.object')));
    assert.ok(existsSync(join(root, 'objects', 'Lead.object')), 'the LeadLoop fields on Lead convert into Lead.object');
    assert.ok(existsSync(join(root, 'staticresources', 'leadloop.resource')));
  });

  /** A permission set's field permissions (`Object.Field` → { read, edit }) and object permissions (object → flags). */
  const permissionSet = (name) => {
    const xml = readFileSync(join(main, 'permissionsets', `${name}.permissionset-meta.xml`), 'utf8');
    const flag = (block, t) => block.includes(`<${t}>true</${t}>`);
    const fields = new Map([...xml.matchAll(/<fieldPermissions>([\s\S]*?)<\/fieldPermissions>/g)].map(([, b]) => [b.match(/<field>([^<]+)/)[1], { read: flag(b, 'readable'), edit: flag(b, 'editable') }]));
    const objects = new Map([...xml.matchAll(/<objectPermissions>([\s\S]*?)<\/objectPermissions>/g)].map(([, b]) => [b.match(/<object>([^<]+)/)[1], {
      read: flag(b, 'allowRead'), create: flag(b, 'allowCreate'), edit: flag(b, 'allowEdit'), delete: flag(b, 'allowDelete'), viewAll: flag(b, 'viewAllRecords'), modifyAll: flag(b, 'modifyAllRecords'),
    }]));
    return { xml, fields, objects };
  };
  const optionalFields = () => {
    const fields = fieldsOf(set);
    return fields.filter((f) => {
      const [object, name] = f.split('.');
      return !readFileSync(join(main, 'objects', object, 'fields', `${name}.field-meta.xml`), 'utf8').includes('<required>true</required>');
    }).sort();
  };

  test('LeadLoop User grants only fields that exist, every optional LeadLoop field, and the definition read-only', () => {
    const { xml, fields, objects } = permissionSet('LeadLoop_User');
    const all = fieldsOf(set);
    for (const field of fields.keys()) assert.ok(all.includes(field), `${field} does not exist`);
    assert.deepEqual([...fields.keys()].sort(), optionalFields(), 'required fields cannot take field permissions; every other one is granted');
    for (const [field, access] of fields) {
      assert.ok(access.read, `${field} readable`);
      assert.equal(access.edit, !field.startsWith('LeadLoop_Definition__c.'), `${field}: reps edit everything but the definition and reasons`);
    }
    assert.deepEqual(objects.get('LeadLoop_Definition__c'), { read: true, create: false, edit: false, delete: false, viewAll: false, modifyAll: false });
    for (const object of ['LeadLoop_Feedback__c', 'LeadLoop_Checklist__c']) assert.deepEqual(objects.get(object), { read: true, create: true, edit: true, delete: false, viewAll: false, modifyAll: false }, object);
    assert.match(xml, /<apexClass>LeadLoopBridge<\/apexClass>/);
  });

  test('LeadLoop Leader adds create and edit on the definition and its optional fields, nothing else', () => {
    const { fields, objects } = permissionSet('LeadLoop_Leader');
    assert.deepEqual([...objects.keys()], ['LeadLoop_Definition__c']);
    assert.deepEqual(objects.get('LeadLoop_Definition__c'), { read: true, create: true, edit: true, delete: false, viewAll: false, modifyAll: false });
    assert.deepEqual([...fields.keys()].sort(), optionalFields().filter((f) => f.startsWith('LeadLoop_Definition__c.')));
    for (const [field, access] of fields) assert.deepEqual(access, { read: true, edit: true }, field);
  });

  test('sharing: feedback is public read only (its author edits it); checklists and definitions read/write; no permission set overrides it', () => {
    const sharing = (object) => readFileSync(join(main, 'objects', object, `${object}.object-meta.xml`), 'utf8').match(/<sharingModel>(\w+)</)[1];
    assert.equal(sharing('LeadLoop_Feedback__c'), 'Read', 'a verdict is an audit record: everyone reads it, only its owner (and those above) edits it');
    assert.equal(sharing('LeadLoop_Checklist__c'), 'ReadWrite', 'a lead changes hands: its next owner updates the answers the last one gave');
    assert.equal(sharing('LeadLoop_Definition__c'), 'ReadWrite', 'object permissions decide who edits: one leader signs the version another saved');
    for (const name of ['LeadLoop_User', 'LeadLoop_Leader']) {
      for (const [object, access] of permissionSet(name).objects) assert.ok(!access.viewAll && !access.modifyAll && !access.delete, `${name} on ${object}: no view all, modify all or delete`);
    }
  });

  test('LWC hosts reference what the package holds: Apex methods, the static resource, c/ modules, defined tags', () => {
    const bundle = readFileSync(join(main, 'staticresources', 'leadloop.js'), 'utf8');
    const classes = readdirSync(join(main, 'classes')).filter((f) => f.endsWith('.cls')).map((f) => [f.replace('.cls', ''), readFileSync(join(main, 'classes', f), 'utf8')]);
    for (const file of sourceFiles(join(main, 'lwc')).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(file, 'utf8');
      for (const [, cls, method] of code.matchAll(/@salesforce\/apex\/(\w+)\.(\w+)/g)) {
        const source = classes.find(([name]) => name === cls)?.[1];
        assert.ok(source && new RegExp(`@AuraEnabled[\\s\\S]{0,80}static\\s+\\w+\\s+${method}\\(`).test(source), `${relative(project, file)}: ${cls}.${method} is not an @AuraEnabled method`);
      }
      for (const [, resource] of code.matchAll(/@salesforce\/resourceUrl\/(\w+)/g)) assert.ok(existsSync(join(main, 'staticresources', `${resource}.resource-meta.xml`)), resource);
      for (const [, module] of code.matchAll(/from 'c\/(\w+)'/g)) assert.ok(existsSync(join(main, 'lwc', module)), module);
      assert.doesNotMatch(code, /\beval\(|new Function\(|innerHTML\s*=/, relative(project, file));
    }
    for (const file of sourceFiles(join(main, 'lwc')).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(file, 'utf8');
      assert.doesNotMatch(html, /<script/i, `${relative(project, file)}: no inline script`);
      for (const [, tag] of html.matchAll(/<(ll-[a-z-]+)\s+lwc:external/g)) {
        assert.ok(bundle.includes(`"${tag}"`), `${tag} is not defined by the static resource`);
      }
      for (const [, event] of html.matchAll(/\son([\w-]+)=/g)) assert.match(event, /^[a-z]+$/, `${relative(project, file)}: event names must be lowercase: ${event}`);
    }
  });

  test('the static resource renders closed shadow roots, runs no eval and fits the 5 MB limit', () => {
    const bundle = readFileSync(join(main, 'staticresources', 'leadloop.js'), 'utf8');
    assert.match(bundle, /shadowMode="closed"/);
    assert.doesNotMatch(bundle, /\beval\(|new Function\(/);
    assert.ok(!bundle.startsWith('"use strict"'));
    assert.ok(bundle.length < 5 * 1024 * 1024);
  });
});
