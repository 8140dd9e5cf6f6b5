#!/usr/bin/env node
// `npm run docs`: the elements' API from their TypeScript sources and JSDoc, written twice —
// packages/elements/custom-elements.json (the Custom Elements Manifest that editors, Storybook
// and framework wrappers read; the package's "customElements" field names it) and docs/api.md
// (the same, for people). `--check` writes nothing and fails when either file is stale; a test
// runs it, so the reference cannot drift from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';

const root = join(import.meta.dirname, '..');
const elementsDir = join(root, 'packages/elements');
export const MANIFEST = join(elementsDir, 'custom-elements.json');
export const API_DOC = join(root, 'docs/api.md');

/** Lit's and LlElement's plumbing: public in TypeScript, not part of an element's API. */
const PLUMBING = new Set(['LitElement', 'ReactiveElement', 'LlElement']);

/** The analyzer's paths name the TypeScript sources; the published package has dist/*.js. */
function toDist(value) {
  if (typeof value === 'string') return value.replace(/^\/?src\/(.*)\.[jt]s$/, 'dist/$1.js');
  if (Array.isArray(value)) return value.map(toDist);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDist(v)]));
  return value;
}

/**
 * What the analyzer reads that is no API: `emit(name, detail)` dispatches whatever its caller
 * names, which it reads as an event called "name"; `#private` members (with their source as a
 * default), which no tool can reach and which would change the manifest with every refactoring.
 */
function dropNonApi(manifest) {
  for (const mod of manifest.modules) {
    for (const decl of mod.declarations ?? []) {
      if (decl.events) decl.events = decl.events.filter((e) => !(e.name === 'name' && !e.description));
      if (decl.members) decl.members = decl.members.filter((m) => !m.name.startsWith('#'));
    }
  }
  return manifest;
}

/**
 * Only what describes the elements: the modules that declare or define one, and those of their
 * base classes. Internal helpers stay out, so the manifest changes when an element's API does.
 */
function elementModules(manifest) {
  const declares = (mod, test) => (mod.declarations ?? []).some(test);
  const keep = new Set(manifest.modules.filter((mod) =>
    declares(mod, (d) => d.customElement) || (mod.exports ?? []).some((e) => e.kind === 'custom-element-definition')));
  for (let grew = true; grew;) {
    grew = false;
    const bases = new Set([...keep].flatMap((mod) => (mod.declarations ?? []).map((d) => d.superclass?.name).filter(Boolean)));
    for (const mod of manifest.modules) {
      if (!keep.has(mod) && declares(mod, (d) => d.kind === 'class' && bases.has(d.name))) {
        keep.add(mod);
        grew = true;
      }
    }
  }
  // By path: the analyzer lists files in the order the file system gives them, which differs
  // between checkouts, and the manifest must come out the same on every machine.
  const modules = manifest.modules.filter((mod) => keep.has(mod)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...manifest, modules };
}

export async function buildManifest() {
  const manifest = await cli({ argv: ['analyze', '--quiet'], cwd: elementsDir, noWrite: true });
  return dropNonApi(elementModules(toDist(manifest)));
}

/** Markdown text on one line: pipes escaped, and `<` outside code spans, so `<ll-provider>` is not read as HTML. */
const prose = (text) => String(text ?? '').trim().replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').split('`').map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;'))).join('`');
const code = (text) => (text ? `\`${String(text).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')}\`` : '');

/** A titled table, or nothing when there are no rows. */
function section(title, head, rows) {
  if (rows.length === 0) return [];
  return [`### ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

function elementSection(decl) {
  const members = (decl.members ?? []).filter((m) => !m.static && (m.privacy ?? 'public') === 'public' && !m.name.startsWith('#') && !PLUMBING.has(m.inheritedFrom?.name));
  const attributes = decl.attributes ?? [];
  const withAttribute = new Set(attributes.map((a) => a.fieldName));
  const fields = members.filter((m) => m.kind === 'field' && !withAttribute.has(m.name));
  const fieldOf = (name) => members.find((m) => m.name === name);
  return [
    `## \`<${decl.tagName}>\``, '',
    ...(decl.summary ? [prose(decl.summary), ''] : []),
    ...(decl.description ? [prose(decl.description), ''] : []),
    '```js', `import '@leadloop/elements/${decl.tagName}';`, '```', '',
    ...section('Attributes and properties', ['Attribute', 'Property', 'Type', 'Default', 'Description'], attributes.map((a) => {
      const field = fieldOf(a.fieldName);
      return [code(a.name), code(a.fieldName), code(a.type?.text ?? field?.type?.text), code(a.default ?? field?.default), prose(a.description ?? field?.description)];
    })),
    ...section('Properties only', ['Property', 'Type', 'Description'], fields.map((m) => [code(m.name), code(m.type?.text), prose(`${m.readonly ? '(read-only) ' : ''}${m.description ?? ''}`)])),
    ...section('Methods', ['Method', 'Description'], members.filter((m) => m.kind === 'method').map((m) => [code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`), prose(m.description)])),
    ...section('Events', ['Event', 'Description'], (decl.events ?? []).map((e) => [code(e.name), prose(e.description)])),
    ...section('Slots', ['Slot', 'Description'], (decl.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', prose(s.description)])),
    ...section('CSS parts', ['Part', 'Description'], (decl.cssParts ?? []).map((p) => [code(p.name), prose(p.description)])),
    ...section('CSS custom properties', ['Property', 'Description'], (decl.cssProperties ?? []).map((p) => [code(p.name), prose(p.description)])),
  ];
}

export function apiMarkdown(manifest) {
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName).sort((a, b) => a.tagName.localeCompare(b.tagName));
  return [
    '# @leadloop/elements API reference',
    '',
    '<!-- Generated by `npm run docs` (scripts/api-docs.mjs) from the components\' TypeScript and JSDoc. Do not edit: change the source and run it again. -->',
    '',
    'Every element is a custom element with an open shadow root (closed in the Salesforce build). Set',
    'data as properties from JavaScript, or as attributes (JSON for objects) from HTML. The same facts',
    'are in `packages/elements/custom-elements.json` for editors and tools. Themes and tokens:',
    '[portal-widgets.md](portal-widgets.md) and [rep-widgets.md](rep-widgets.md).',
    '',
    ...elements.map((d) => `- [\`<${d.tagName}>\`](#${d.tagName})`),
    '',
    ...elements.flatMap(elementSection),
  ].join('\n').replace(/\n+$/, '\n');
}

/** The two files as they should be now. */
export async function expectedFiles() {
  const manifest = await buildManifest();
  return [[MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`], [API_DOC, apiMarkdown(manifest)]];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, text] of await expectedFiles()) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {}
    if (current === text) continue;
    if (check) {
      console.error(`✗ ${file} is stale: run \`npm run docs\``);
      stale++;
    } else {
      writeFileSync(file, text);
      console.log(`wrote ${file}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
