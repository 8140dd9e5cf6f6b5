import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

// The elements' API reference (docs/api.md) and their Custom Elements Manifest are generated from
// the TypeScript and JSDoc by scripts/api-docs.mjs. These tests keep them true to the code and
// complete: every element registered, every public attribute, property, event and part described.

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('packages/elements/custom-elements.json', root), 'utf8'));
const elements: Record<string, any>[] = manifest.modules.flatMap((m: any) => m.declarations ?? []).filter((d: any) => d.customElement && d.tagName);

describe('API reference', () => {
  test('custom-elements.json and docs/api.md are what `npm run docs` makes of the sources now', () => {
    const run = spawnSync(process.execPath, ['scripts/api-docs.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr || run.stdout);
  });

  test('lists every element the package has an entry for, at its published path', () => {
    const entries = readdirSync(new URL('packages/elements/src/entries/', root)).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    assert.deepEqual(elements.map((d) => d.tagName).sort(), entries);
    for (const mod of manifest.modules) assert.match(mod.path, /^dist\/.*\.js$/, `${mod.path} names a file the package does not publish`);
  });

  test('describes every element and everything public on it', () => {
    const undescribed: string[] = [];
    for (const el of elements) {
      if (!el.summary) undescribed.push(`${el.tagName}: summary`);
      const publicMembers = (el.members ?? []).filter((m: any) => !m.static && (m.privacy ?? 'public') === 'public' && !m.name.startsWith('#'));
      for (const [kind, items] of [['attribute', el.attributes], ['member', publicMembers], ['event', el.events], ['part', el.cssParts], ['css property', el.cssProperties], ['slot', el.slots]] as const) {
        for (const item of items ?? []) if (!item.description) undescribed.push(`${el.tagName}: ${kind} ${item.name || '(default)'}`);
      }
    }
    assert.deepEqual(undescribed, []);
  });
});
