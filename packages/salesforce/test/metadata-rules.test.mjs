// What `sf project deploy start` would refuse, checked offline against the Metadata API and LWC
// configuration rules (no org here): one API version everywhere, field types with the attributes
// their type requires and allows, object settings that go together, and LWC targets and properties.
// Metadata API, CustomField: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
// Metadata API, CustomObject: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customobject.htm
// LWC configuration tags: https://developer.salesforce.com/docs/platform/lwc/guide/reference-configuration-tags.html
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { sourceFiles } from './source-files.mjs';

const project = join(import.meta.dirname, '..');
const main = join(project, 'force-app', 'main', 'default');
const tag = (xml, name) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];
const tags = (xml, name) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

const all = sourceFiles(main);
const read = (file) => readFileSync(file, 'utf8');

describe('the sfdx project against the Metadata API rules', () => {
  test('every component has the API version of sfdx-project.json', () => {
    const { sourceApiVersion } = JSON.parse(read(join(project, 'sfdx-project.json')));
    const versions = all.filter((f) => f.endsWith('-meta.xml')).map((f) => [relative(project, f), tag(read(f), 'apiVersion')]).filter(([, v]) => v !== undefined);
    assert.ok(versions.length >= 9, 'classes and LWC bundles carry an apiVersion');
    assert.deepEqual(versions.filter(([, v]) => v !== sourceApiVersion), []);
  });

  const fields = all.filter((f) => f.endsWith('.field-meta.xml')).map((f) => ({ file: relative(main, f), object: f.split('/objects/')[1].split('/')[0], xml: read(f) }));

  test('fields: API names match their files, custom names end in __c', () => {
    for (const { file, xml } of fields) {
      const name = tag(xml, 'fullName');
      assert.equal(`${name}.field-meta.xml`, file.split('/').pop(), file);
      assert.match(name, /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__c$/, `${file}: letters, digits and single underscores, ending in __c`);
      assert.ok(name.length <= 43, `${file}: an API name has at most 40 characters before __c`);
    }
  });

  test('fields: each type has the attributes it requires and none it refuses', () => {
    for (const { file, xml } of fields) {
      const type = tag(xml, 'type');
      const length = Number(tag(xml, 'length'));
      const where = `${file} (${type})`;
      assert.ok(tag(xml, 'label'), `${where}: label is required`);
      if (type === 'Text') assert.ok(length >= 1 && length <= 255, `${where}: length 1–255`);
      else if (type === 'LongTextArea') {
        assert.ok(length >= 256 && length <= 131072, `${where}: length 256–131,072`);
        assert.ok(Number(tag(xml, 'visibleLines')) > 0, `${where}: visibleLines is required`);
      } else assert.equal(tag(xml, 'length'), undefined, `${where}: no length`);
      if (type === 'Number') {
        const precision = Number(tag(xml, 'precision')), scale = Number(tag(xml, 'scale'));
        assert.ok(precision >= 1 && precision <= 18 && scale >= 0 && scale <= precision, `${where}: precision 1–18, scale 0–precision`);
      }
      if (tag(xml, 'unique') === 'true' || tag(xml, 'externalId') === 'true') assert.ok(['Text', 'Number', 'Email'].includes(type), `${where}: only text, number and email fields are unique or external ids`);
      if (tag(xml, 'caseSensitive') === 'true') assert.equal(tag(xml, 'unique'), 'true', `${where}: caseSensitive goes with unique`);
      if (type === 'Lookup' || type === 'MasterDetail') {
        assert.ok(tag(xml, 'referenceTo') && tag(xml, 'relationshipName'), `${where}: referenceTo and relationshipName`);
        assert.match(tag(xml, 'relationshipName'), /^[A-Za-z][A-Za-z0-9_]*$/, `${where}: relationshipName without __r`);
      }
      if (type === 'Lookup') {
        assert.ok(['SetNull', 'Restrict', 'Cascade'].includes(tag(xml, 'deleteConstraint')), `${where}: deleteConstraint`);
        if (tag(xml, 'deleteConstraint') === 'SetNull') assert.notEqual(tag(xml, 'required'), 'true', `${where}: a required lookup cannot clear itself`);
      }
      if (type === 'MasterDetail') assert.equal(tag(xml, 'deleteConstraint'), undefined, `${where}: a master-detail field takes no deleteConstraint`);
    }
  });

  test('objects: a detail object is ControlledByParent; sharing, bulk and streaming go together; auto-numbered names', () => {
    for (const file of all.filter((f) => f.endsWith('.object-meta.xml'))) {
      const xml = read(file);
      const object = file.split('/objects/')[1].split('/')[0];
      const where = relative(main, file);
      const detail = fields.some((f) => f.object === object && tag(f.xml, 'type') === 'MasterDetail');
      assert.equal(tag(xml, 'sharingModel'), detail ? 'ControlledByParent' : tag(xml, 'sharingModel'), `${where}: a detail object's sharing is its parent's`);
      if (!detail) assert.ok(['Private', 'Read', 'ReadWrite'].includes(tag(xml, 'sharingModel')), `${where}: sharingModel`);
      const flags = ['enableBulkApi', 'enableSharing', 'enableStreamingApi'].map((t) => tag(xml, t));
      assert.ok(flags.every((f) => f === flags[0]), `${where}: enableBulkApi, enableSharing and enableStreamingApi are set together`);
      assert.ok(tag(xml, 'label') && tag(xml, 'pluralLabel') && tag(xml, 'deploymentStatus'), `${where}: label, pluralLabel, deploymentStatus`);
      if (xml.includes('<type>AutoNumber</type>')) assert.match(xml, /<displayFormat>[^<]*\{0+\}[^<]*<\/displayFormat>/, `${where}: an auto-number name needs a displayFormat with {0…}`);
    }
  });

  test('permission sets: each permission with those it depends on, no required field, a label and a short description', () => {
    const objects = new Set(['Lead', ...all.filter((f) => f.endsWith('.object-meta.xml')).map((f) => f.split('/objects/')[1].split('/')[0])]);
    const required = new Set(fields.filter((f) => tag(f.xml, 'required') === 'true').map((f) => `${f.object}.${tag(f.xml, 'fullName')}`));
    const sets = all.filter((f) => f.endsWith('.permissionset-meta.xml'));
    assert.ok(sets.length >= 2);
    for (const file of sets) {
      const xml = read(file);
      const where = relative(main, file);
      assert.ok(tag(xml, 'label') && tag(xml, 'label').length <= 80, `${where}: label of at most 80 characters`);
      assert.ok((tag(xml, 'description') ?? '').length <= 255, `${where}: description of at most 255 characters`);
      for (const [, block] of xml.matchAll(/<objectPermissions>([\s\S]*?)<\/objectPermissions>/g)) {
        const on = (name) => tag(block, name) === 'true';
        const object = tag(block, 'object');
        const at = `${where}: ${object}`;
        assert.ok(objects.has(object), `${at}: an object the package has`);
        if (on('allowCreate') || on('allowEdit') || on('viewAllRecords')) assert.ok(on('allowRead'), `${at}: create, edit and view all need read`);
        if (on('allowDelete')) assert.ok(on('allowEdit'), `${at}: delete needs edit`);
        if (on('modifyAllRecords')) assert.ok(on('viewAllRecords') && on('allowDelete'), `${at}: modify all needs view all and delete`);
      }
      for (const [, block] of xml.matchAll(/<fieldPermissions>([\s\S]*?)<\/fieldPermissions>/g)) {
        const field = tag(block, 'field');
        assert.ok(!required.has(field), `${where}: ${field} is required, and a required field takes no field permissions`);
        if (tag(block, 'editable') === 'true') assert.equal(tag(block, 'readable'), 'true', `${where}: ${field} editable needs readable`);
      }
    }
  });

  test('LWC bundles: exposed ones have targets, target configs name declared targets, properties are well typed', () => {
    const TARGETS = new Set(['lightning__AppPage', 'lightning__HomePage', 'lightning__RecordPage', 'lightning__RecordAction', 'lightning__Tab', 'lightningCommunity__Page', 'lightningCommunity__Default', 'lightning__FlowScreen', 'lightning__UtilityBar']);
    for (const file of all.filter((f) => f.endsWith('.js-meta.xml'))) {
      const xml = read(file);
      const where = relative(main, file);
      const targets = tags(xml, 'target');
      if (tag(xml, 'isExposed') !== 'true') {
        assert.deepEqual(targets, [], `${where}: a bundle that is not exposed has no targets`);
        continue;
      }
      assert.ok(targets.length > 0 && tag(xml, 'masterLabel'), `${where}: targets and masterLabel`);
      for (const t of targets) assert.ok(TARGETS.has(t), `${where}: unknown target ${t}`);
      for (const [, names, body] of xml.matchAll(/<targetConfig targets="([^"]+)">([\s\S]*?)<\/targetConfig>/g)) {
        for (const t of names.split(',')) assert.ok(targets.includes(t.trim()), `${where}: targetConfig for ${t} which is not a target`);
        if (body.includes('<objects>')) assert.equal(names, 'lightning__RecordPage', `${where}: objects belong to a record page config`);
        for (const [, attributes] of body.matchAll(/<property\s([^>]*?)\/?>/g)) {
          const attr = (n) => attributes.match(new RegExp(`\\b${n}="([^"]*)"`))?.[1];
          assert.match(attr('name') ?? '', /^[a-z][A-Za-z0-9]*$/, `${where}: property name is a camelCase @api name`);
          assert.ok(['String', 'Integer', 'Boolean'].includes(attr('type')), `${where}: property ${attr('name')} type`);
          const js = read(file.replace('.js-meta.xml', '.js'));
          assert.match(js, new RegExp(`@api\\s+${attr('name')}\\b`), `${where}: property ${attr('name')} is an @api field of the component`);
          if (attr('type') === 'Integer' && attr('default') !== undefined) {
            const [d, min, max] = ['default', 'min', 'max'].map((n) => Number(attr(n) ?? NaN));
            assert.ok(Number.isInteger(d) && !(d < min) && !(d > max), `${where}: ${attr('name')} default within min–max`);
          }
          if (attr('min') !== undefined || attr('max') !== undefined) assert.equal(attr('type'), 'Integer', `${where}: min and max only on Integer`);
        }
      }
    }
  });
});
