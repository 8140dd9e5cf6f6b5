import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import { delimiter, dirname, join, relative, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The packages as a developer gets them from npm, not through the workspace symlinks: `npm pack`
// each one (from the built dist), install the four tarballs into a fresh project outside the
// repository, and use them there from Node, from a browser bundle (esbuild) and from TypeScript.
// Catches what the workspace hides: an exports map or `files` list that leaves out an entry, a
// runtime import listed nowhere or only in devDependencies, types that point at unshipped files.

const root = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['core', 'elements', 'adapters', 'server'] as const;
type PackageDir = (typeof PACKAGES)[number];

interface PackedFile { path: string }
interface Packed { name: string; version: string; filename: string; files: PackedFile[] }
interface Manifest {
  name: string;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, string | Record<string, string>>;
  files?: string[];
  customElements?: string;
  dependencies?: Record<string, string>;
}

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'leadloop-packaging-')));
const project = join(scratch, 'project');
const packed = new Map<PackageDir, Packed>();

/**
 * The environment for npm and node: Node 22 first on PATH (npm's `#!/usr/bin/env node` then runs
 * on it, as scripts/node22.sh arranges), and without the npm_* variables of an enclosing
 * `npm test`, which would otherwise point a nested npm at the repository (prefix, workspace).
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !/^npm_config_(cache|registry|userconfig|globalconfig|strict_ssl|cafile|proxy|https_proxy|noproxy)$/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
  env.NO_UPDATE_NOTIFIER = '1';
  return env;
}

interface Ran { status: number | null; stdout: string; stderr: string }

function runSync(command: string, args: readonly string[], cwd: string, timeout: number): Ran {
  const result = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

/** Like runSync, but lets the checks after the install run side by side (two tsc runs, PGlite). */
function run(command: string, args: readonly string[], cwd: string, timeout = 120_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(), timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function ok(result: Ran, what: string): string {
  assert.equal(result.status, 0, `${what} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const manifestOf = (dir: PackageDir): Manifest => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
const fileListOf = (dir: PackageDir): Set<string> => new Set(packed.get(dir)!.files.map((f) => f.path));
const installed = (name: string, ...path: string[]) => join(project, 'node_modules', ...name.split('/'), ...path);

/** Every file a package.json path (possibly an exports pattern with one `*`) could name, in the tarball. */
function matches(files: Set<string>, target: string): string[] {
  const path = target.replace(/^\.\//, '');
  if (!path.includes('*')) return files.has(path) ? [path] : [];
  const [head, tail] = path.split('*') as [string, string];
  return [...files].filter((f) => f.startsWith(head) && f.endsWith(tail) && f.length >= head.length + tail.length);
}

function exportTargets(manifest: Manifest): string[] {
  const targets: string[] = [];
  for (const value of Object.values(manifest.exports ?? {})) {
    if (typeof value === 'string') targets.push(value);
    else targets.push(...Object.values(value));
  }
  return targets;
}

before(() => {
  mkdirSync(project);
  // One npm for the four: `npm pack` packs what is built; `tsc -b` ran before the tests.
  const out = ok(runSync('npm', ['pack', '--json', '--pack-destination', scratch, ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`])], root, 120_000), 'npm pack');
  const list: Packed[] = JSON.parse(out.slice(out.indexOf('[')));
  for (const dir of PACKAGES) {
    const entry = list.find((p) => p.name === manifestOf(dir).name);
    assert.ok(entry, `npm pack did not pack packages/${dir}`);
    packed.set(dir, entry);
  }

  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'leadloop-consumer', private: true, type: 'module' }));
  // From the npm cache where it can: a fresh CI machine has the tarballs `npm ci` fetched for the repo.
  ok(runSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES.map((p) => join(scratch, packed.get(p)!.filename))], project, 300_000), 'npm install of the packed tarballs');
});

after(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under dir, as paths relative to it. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]);
}

/** The bare specifiers a .js or .d.ts file imports: import/export … from, import '…', import('…'), triple-slash types. */
function bareImports(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const code = line.trimStart();
    const reference = /^\/\/\/\s*<reference\s+types=["']([^"']+)["']/.exec(code);
    if (reference) found.push(reference[1]!);
    if (/^(\/\/|\/\*|\*)/.test(code)) continue;
    for (const match of code.matchAll(/(?:\bfrom\s*|^import\s*|\bimport\s*\(\s*)(['"])([^'"\s]+)\1/g)) found.push(match[2]!);
  }
  return found.filter((s) => !s.startsWith('.') && !s.startsWith('/'));
}

// The checks after the install only read the temp project, so they run side by side.
describe('packaging', { concurrency: true }, () => {
  describe('the packed tarballs', () => {
    test('hold no tests, test helpers or build state', () => {
      const stray = PACKAGES.flatMap((dir) => [...fileListOf(dir)]
        .filter((f) => /(^|\/)[^/]*\.test\.[^/]*$|(^|\/)(dist-test|test|node_modules)\/|\.tsbuildinfo$/.test(f))
        .map((f) => `@leadloop/${dir}: ${f}`));
      assert.deepEqual(stray, [], 'files that are not for users');
    });

    test('hold every file their package.json names: main, types, bin, each exports target, the custom elements manifest', () => {
      const missing = PACKAGES.flatMap((dir) => {
        const manifest = manifestOf(dir);
        const named = [manifest.main, manifest.types, manifest.customElements, ...Object.values(manifest.bin ?? {}), ...exportTargets(manifest)];
        return named.filter((p): p is string => p !== undefined && matches(fileListOf(dir), p).length === 0).map((p) => `${manifest.name}: ${p}`);
      });
      assert.deepEqual(missing, [], 'named in package.json, not in the tarball');
    });

    test('hold the sources their source maps and declaration maps point at', (t) => {
      // A map whose source is missing makes Vite warn on every dev start and editors' "go to
      // definition" land nowhere.
      const unshipped: string[] = [];
      const stale: string[] = [];
      for (const dir of PACKAGES) {
        const base = installed(`@leadloop/${dir}`);
        const files = new Set(walk(base));
        for (const map of [...files].filter((f) => f.endsWith('.map'))) {
          const { sources, sourceRoot } = JSON.parse(readFileSync(join(base, map), 'utf8')) as { sources: string[]; sourceRoot?: string };
          for (const source of sources) {
            const path = relative(base, join(base, dirname(map), sourceRoot ?? '', source)).split(sep).join('/');
            if (files.has(path)) continue;
            // tsc -b never deletes the output of a deleted source: a checkout's dist may hold such
            // leftovers, which only a clean build (a fresh clone, CI) is free of. Not a files-list bug.
            if (existsSync(join(root, 'packages', dir, path))) unshipped.push(`@leadloop/${dir}/${map} → ${path}`);
            else stale.push(`packages/${dir}/${map.replace(/\.map$/, '')}`);
          }
        }
      }
      if (stale.length > 0) t.diagnostic(`dist holds ${stale.length} outputs of deleted sources, which npm pack here would publish (rebuild clean: tsc -b --clean && tsc -b): ${stale.join(', ')}`);
      assert.deepEqual(unshipped.slice(0, 10), [], `${unshipped.length} source map sources are not in the packages`);
    });

    test('import, in code and in types, only packages they declare as dependencies', () => {
      // The workspace hoists every package to the root node_modules, so an import of a package
      // that is only a devDependency, or only a dependency of a dependency, works here; installed
      // by pnpm, Yarn or `npm --install-strategy=linked` it does not.
      const undeclared = new Set<string>();
      for (const dir of PACKAGES) {
        const base = installed(`@leadloop/${dir}`);
        const manifest = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8')) as Manifest & { peerDependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
        const declared = new Set([manifest.name, ...Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies })]);
        for (const file of walk(base).filter((f) => /\.(js|d\.ts)$/.test(f) && !f.startsWith('src/'))) {
          for (const specifier of bareImports(readFileSync(join(base, file), 'utf8'))) {
            const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
            if (!declared.has(name) && !isBuiltin(specifier)) undeclared.add(`${manifest.name} imports ${name} (${file})`);
          }
        }
      }
      assert.deepEqual([...undeclared], []);
    });

    test('pin each other at the versions packed together (no workspace:, file: or link: specs)', () => {
      const versions = new Map(PACKAGES.map((dir) => [manifestOf(dir).name, packed.get(dir)!.version]));
      for (const dir of PACKAGES) {
        for (const [name, spec] of Object.entries(manifestOf(dir).dependencies ?? {})) {
          assert.doesNotMatch(spec, /^(workspace|file|link):/, `${manifestOf(dir).name} depends on ${name}@${spec}`);
          if (versions.has(name)) assert.equal(spec, versions.get(name), `${manifestOf(dir).name} depends on ${name}@${spec}, packed ${versions.get(name)}`);
        }
      }
    });

    test('install one @leadloop/core that the other three share (no copy from the registry)', async () => {
      const out = ok(await run('npm', ['ls', '--all', '--parseable', '@leadloop/core'], project), 'npm ls');
      const copies = new Set(out.split('\n').filter(Boolean));
      assert.deepEqual([...copies], [installed('@leadloop/core')]);
    });
  });

  describe('in Node, installed', () => {
    test('@leadloop/core computes a funnel, directly and through MemoryAdapter', async () => {
      writeFileSync(join(project, 'core-check.mjs'), `
        import { computeFunnel, MemoryAdapter } from '@leadloop/core';
        const leads = [
          { id: 'L1', createdAt: '2026-01-05T10:00:00Z', stage: 'sql', handedOffAt: '2026-01-05T11:00:00Z', firstTouchAt: '2026-01-05T11:03:00Z' },
          { id: 'L2', createdAt: '2026-01-06T10:00:00Z', stage: 'mql', handedOffAt: '2026-01-06T11:00:00Z' },
          { id: 'L3', createdAt: '2026-01-07T10:00:00Z', stage: 'inquiry' },
        ];
        const now = new Date('2026-02-01T00:00:00Z');
        const direct = computeFunnel(leads, { now });
        const viaAdapter = await new MemoryAdapter({ leads, clock: () => now }).getFunnel();
        const reached = (report) => Object.fromEntries(report.stages.map((s) => [s.id, s.reached]));
        console.log(JSON.stringify({ direct: reached(direct), viaAdapter: reached(viaAdapter), followUp: direct.followUp }));
      `);
      const result = JSON.parse(ok(await run(process.execPath, ['core-check.mjs'], project), 'core-check.mjs'));
      const expected = { inquiry: 3, mql: 2, sal: 1, sql: 1, opportunity: 0, won: 0 };
      assert.deepEqual(result.direct, expected);
      assert.deepEqual(result.viaAdapter, expected);
      assert.deepEqual(result.followUp, { handedOff: 2, touched: 1, rate: 0.5 });
    });

    test('@leadloop/server serves the REST contract from createApp, and @leadloop/adapters talks to it', async () => {
      // An in-memory PGlite store: the server's runtime dependencies installed and loading.
      writeFileSync(join(project, 'server-check.mjs'), `
        import { createApp, openStore } from '@leadloop/server';
        import { RestAdapter } from '@leadloop/adapters';
        const store = await openStore('memory');
        try {
          const app = createApp({ store, tokens: [{ token: 'secret-m', role: 'marketing', user: 'mia' }] });
          const adapter = new RestAdapter({ baseUrl: 'http://leadloop.test/api/v1', token: 'secret-m', fetch: (input, init) => app.fetch(new Request(input, init)) });
          await store.putLeads([{ id: 'L1', createdAt: '2026-01-05T10:00:00Z', stage: 'mql', handedOffAt: '2026-01-05T11:00:00Z' }]);
          const health = await (await app.fetch(new Request('http://leadloop.test/api/v1/health'))).json();
          const funnel = await adapter.getFunnel();
          console.log(JSON.stringify({ status: health.status, mql: funnel.stages.find((s) => s.id === 'mql')?.reached }));
        } finally {
          await store.close();
        }
      `);
      const result = JSON.parse(ok(await run(process.execPath, ['server-check.mjs'], project), 'server-check.mjs'));
      assert.deepEqual(result, { status: 'ok', mql: 1 });
    });

    test('the leadloop bin answers --help, run as npx runs it', async () => {
      const out = ok(await run('npx', ['--no-install', 'leadloop', '--help'], project), 'npx --no-install leadloop --help');
      assert.match(out, /Usage: leadloop <command>/);
      assert.match(out, /\bserve\b/);
    });

    test('each package.json, and the elements\' custom elements manifest, resolve through the exports maps', async () => {
      writeFileSync(join(project, 'resolve-check.mjs'), `
        const specifiers = ${JSON.stringify([...PACKAGES.map((p) => `@leadloop/${p}/package.json`), '@leadloop/elements/custom-elements.json'])};
        console.log(JSON.stringify(specifiers.map((s) => { try { return import.meta.resolve(s); } catch (error) { return s + ': ' + error.code; } })));
      `);
      const resolved = JSON.parse(ok(await run(process.execPath, ['resolve-check.mjs'], project), 'resolve-check.mjs')) as string[];
      const expected = [...PACKAGES.map((p) => installed(`@leadloop/${p}`, 'package.json')), installed('@leadloop/elements', 'custom-elements.json')];
      assert.deepEqual(resolved.map((r) => (r.startsWith('file:') ? fileURLToPath(r) : r)), expected);
    });
  });

  describe('in a browser bundle, installed', () => {
    test('esbuild bundles the documented entries from the installed packages alone', async () => {
      writeFileSync(join(project, 'page.js'), `
        import '@leadloop/elements/ll-funnel-chart';
        import '@leadloop/elements';
        import { darkTheme } from '@leadloop/elements/themes/dark.js';
        import { RestAdapter, Outbox, SalesforceAdapter } from '@leadloop/adapters';
        export const used = [darkTheme, RestAdapter, Outbox, SalesforceAdapter, customElements.get('ll-funnel-chart')];
      `);
      // The repository's esbuild, resolving from the temp project: nothing may come from the repository.
      writeFileSync(join(project, 'bundle.mjs'), `
        import { build } from ${JSON.stringify(pathToFileURL(join(root, 'node_modules', 'esbuild', 'lib', 'main.js')).href)};
        const result = await build({ entryPoints: ['page.js'], bundle: true, format: 'esm', platform: 'browser', write: false, metafile: true, logLevel: 'silent', outfile: 'out/page.js' });
        console.log(JSON.stringify({ inputs: Object.keys(result.metafile.inputs), bytes: result.outputFiles[0].contents.length }));
      `);
      const { inputs, bytes } = JSON.parse(ok(await run(process.execPath, ['bundle.mjs'], project), 'esbuild')) as { inputs: string[]; bytes: number };
      const outside = inputs.filter((p) => p !== 'page.js' && !p.startsWith('node_modules/'));
      assert.deepEqual(outside, [], 'the bundle read files from outside the temp project');
      const from = (name: string) => inputs.filter((p) => p.startsWith(`node_modules/${name}/`)).length;
      for (const name of ['@leadloop/elements', '@leadloop/adapters', '@leadloop/core', 'lit', '@lit/localize', '@lit/context']) assert.ok(from(name) > 0, `nothing bundled from ${name}`);
      assert.ok(inputs.includes('node_modules/@leadloop/elements/dist/entries/ll-funnel-chart.js'));
      assert.ok(inputs.includes('node_modules/@leadloop/elements/dist/themes/dark.js'));
      assert.ok(bytes > 10_000);
    });

    test('@leadloop/elements ships its custom elements manifest, and every module it lists', () => {
      const manifest = JSON.parse(readFileSync(installed('@leadloop/elements', 'package.json'), 'utf8')) as Manifest;
      assert.ok(manifest.customElements, 'no "customElements" field: editors and tools cannot find the manifest');
      const cem = JSON.parse(readFileSync(installed('@leadloop/elements', manifest.customElements), 'utf8')) as { modules: { path: string; declarations?: { tagName?: string }[] }[] };
      const missing = cem.modules.map((m) => m.path).filter((p) => !existsSync(installed('@leadloop/elements', p)));
      assert.deepEqual(missing, []);
      const tags = cem.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter(Boolean);
      assert.ok(tags.includes('ll-funnel-chart'));
    });
  });

  describe('in TypeScript, installed', () => {
    const consumer = `
      import { computeFunnel, MemoryAdapter, type FunnelReport, type Lead } from '@leadloop/core';
      import '@leadloop/elements/ll-funnel-chart';
      import type { LlFunnelChart } from '@leadloop/elements/ll-funnel-chart';
      import { RestAdapter, type RestAdapterOptions } from '@leadloop/adapters';
      import { darkTheme } from '@leadloop/elements/themes/dark.js';

      const leads: Lead[] = [{ id: 'L1', createdAt: '2026-01-05T10:00:00Z', stage: 'mql' }];
      const report: FunnelReport = computeFunnel(leads, { now: new Date() });
      const chart: LlFunnelChart = document.querySelector('ll-funnel-chart')!;
      document.querySelector('ll-funnel-chart')!.report = report;
      const options: RestAdapterOptions = { baseUrl: 'https://leadloop.example.com/api/v1', token: () => 'token' };
      const adapter = new RestAdapter(options);
      export const uses = [chart, adapter, new MemoryAdapter({ leads }), darkTheme] as const;

      // Each of these must fail: were the packages' types missing, or any, the directive would be unused.
      // @ts-expect-error a lead needs createdAt and stage
      export const bad: Lead = { id: 'L2' };
      // @ts-expect-error the chart's report is a FunnelReport (or its JSON), not a number
      document.querySelector('ll-funnel-chart')!.report = 42;
      // @ts-expect-error the REST adapter needs a baseUrl
      new RestAdapter({ token: 'token' });
    `;
    // The server is for Node: its types need @types/node, which a Node project has; here the repository's.
    const serverConsumer = `
      import { createApp, openStore, type AppOptions } from '@leadloop/server';
      const store = await openStore('memory');
      const options: AppOptions = { store, tokens: [{ token: 't', role: 'rep', user: 'rex' }] };
      export const app = createApp(options);
      // @ts-expect-error a role is rep, marketing or admin
      createApp({ store, tokens: [{ token: 't', role: 'root', user: 'rex' }] });
    `;

    for (const resolution of ['bundler', 'nodenext'] as const) {
      const withServer = resolution === 'nodenext';
      test(`consumer.ts type-checks, strict, with moduleResolution ${resolution}, against the installed types${withServer ? ' (and the server\'s, in Node)' : ''}`, async () => {
        const dir = join(project, `types-${resolution}`);
        mkdirSync(dir);
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
        writeFileSync(join(dir, 'consumer.ts'), consumer);
        if (withServer) writeFileSync(join(dir, 'server-consumer.ts'), serverConsumer);
        writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
          compilerOptions: {
            target: 'ES2022', module: withServer ? 'NodeNext' : 'ESNext', moduleResolution: resolution,
            lib: ['ES2023', 'DOM'], strict: true, noEmit: true, verbatimModuleSyntax: true,
            // Our .d.ts files and those they import are checked too; the DOM and ES libs are not.
            skipLibCheck: false, skipDefaultLibCheck: true,
            ...(withServer ? { types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] } : { types: [] }),
          },
          files: withServer ? ['consumer.ts', 'server-consumer.ts'] : ['consumer.ts'],
        }));
        const result = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--listFiles'], dir);
        const lines = result.stdout.split('\n');
        assert.equal(result.status, 0, `tsc failed:\n${lines.filter((l) => !existsSync(l)).join('\n')}`);
        const listed = lines.filter((line) => line.split(/[\\/]/).includes('@leadloop'));
        const read = new Set(listed.map((f) => f.split(/[\\/]/)[f.split(/[\\/]/).indexOf('@leadloop') + 1]));
        assert.deepEqual([...read].sort(), withServer ? ['adapters', 'core', 'elements', 'server'] : ['adapters', 'core', 'elements']);
        const elsewhere = listed.filter((f) => relative(project, f).startsWith('..'));
        assert.deepEqual(elsewhere, [], 'tsc read @leadloop types from outside the temp project');
      });
    }
  });
});
