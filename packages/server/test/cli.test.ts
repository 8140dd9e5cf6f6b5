import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { csvRecords, openStore } from '@leadloop/server';
import { main } from '@leadloop/server/cli';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const log = console.log, error = console.error;
  console.log = (...args: unknown[]) => void out.push(args.join(' '));
  console.error = (...args: unknown[]) => void err.push(args.join(' '));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function records(text: string, size = text.length || 1) {
  const found: { line: number; fields: string[] }[] = [];
  for await (const r of csvRecords(chunksOf(text, size))) found.push(r);
  return found;
}

describe('CSV records', () => {
  const text = 'a,b,c\r\n1,"two, with comma","three ""quoted"""\r\n"multi\nline",x,\n\nlast,row,end';
  const expected = [
    { line: 1, fields: ['a', 'b', 'c'] },
    { line: 2, fields: ['1', 'two, with comma', 'three "quoted"'] },
    { line: 3, fields: ['multi\nline', 'x', ''] },
    { line: 5, fields: [''] },
    { line: 6, fields: ['last', 'row', 'end'] },
  ];
  test('quotes, escaped quotes, commas and line breaks inside quotes, CRLF; records keep the line they start on', async () => {
    assert.deepEqual(await records(text), expected);
  });
  test('the same whatever the chunk boundaries (a quote split from its escape included)', async () => {
    for (const size of [1, 2, 3, 5, 7]) assert.deepEqual(await records(text, size), expected, `chunks of ${size}`);
  });
  test('an unclosed quote is an error naming its line', async () => {
    await assert.rejects(records('a,b\n1,"open\n'), /never closed|problem/);
  });
});

describe('leadloop CLI', () => {
  let dir: string;
  let spec: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leadloop-cli-'));
    spec = `pglite:${join(dir, 'data')}`;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('--help on each command exits 0 and describes its options', async () => {
    const top = await run('--help');
    assert.equal(top.code, 0);
    assert.match(top.out, /serve[\s\S]*seed[\s\S]*import/);
    for (const [command, option] of [['serve', '--cors-origin'], ['serve', '--write-concurrency'], ['seed', '--leads'], ['import', 'FILE.csv']] as const) {
      const res = await run(command, '--help');
      assert.equal(res.code, 0);
      assert.ok(res.out.includes(option), `${command} --help mentions ${option}`);
    }
  });

  test('bad usage exits 2 with the help', async () => {
    assert.equal((await run('launch')).code, 2);
    const res = await run('seed', '--leads', 'many', '--store', spec);
    assert.equal(res.code, 2);
    assert.match(res.err, /--leads must be a whole number/);
    assert.equal((await run('seed', '--colour', 'red')).code, 2);
    const serve = await run('serve', '--write-concurrency', '0', '--store', spec);
    assert.equal(serve.code, 2);
    assert.match(serve.err, /--write-concurrency must be a whole number ≥ 1/);
  });

  test('seed adds realistic leads with feedback and a definition; import is all or nothing with problems by line', async () => {
    const seeded = await run('seed', '--leads', '300', '--seed', '3', '--store', spec);
    assert.equal(seeded.code, 0, seeded.err);
    assert.match(seeded.out, /Seeded 300 leads and \d+ feedback/);

    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'id,name,createdAt,stage,source\nN-1,Ok,2026-01-02T03:04:05Z,mql,Web\nN-2,"Bad, date",yesterday,mql,Web\nN-3,Bad stage,2026-01-02T03:04:05Z,lunch,Web\n');
    const rejected = await run('import', bad, '--store', spec);
    assert.equal(rejected.code, 1);
    assert.match(rejected.err, /line 3, createdAt: /);
    assert.match(rejected.err, /line 4, stage: /);
    assert.match(rejected.err, /nothing was imported/);

    const good = join(dir, 'good.csv');
    await writeFile(good, 'ID,Name,Created At,Stage,Exit Kind,Exit Reason,Exit At\nN-1,Ok,2026-01-02T03:04:05Z,mql,disqualified,spam,2026-01-03T00:00:00Z\nN-2,"Quoted ""name""",2026-01-02T03:04:05Z,inquiry,,,\n');
    const imported = await run('import', good, '--store', spec);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /Imported 2 leads/);

    const store = await openStore(spec);
    try {
      assert.equal(await store.countLeads(), 302);
      assert.equal((await store.getLead('N-2')).name, 'Quoted "name"');
      assert.deepEqual((await store.getLead('N-1')).exit, { kind: 'disqualified', reason: 'spam', at: '2026-01-03T00:00:00Z' });
      assert.ok(Object.keys((await store.getDefinition()).stages).length > 0, 'seed gave the store a definition');
      const funnel = await store.getFunnel();
      assert.ok(funnel.followUp.touched > 0 && funnel.exits.some((e) => e.count > 0));
    } finally {
      await store.close();
    }
  });

  test('import of a missing file or a file with an unknown column fails cleanly', async () => {
    assert.equal((await run('import', join(dir, 'nope.csv'), '--store', spec)).code, 1);
    const odd = join(dir, 'odd.csv');
    await writeFile(odd, 'id,createdAt,stage,shoeSize\n');
    const res = await run('import', odd, '--store', spec);
    assert.equal(res.code, 1);
    assert.match(res.err, /line 1, shoeSize: unknown column/);
  });

  test('serve refuses an allow-listed origin that could never match or would match too much, before opening the store', async () => {
    for (const [origin, said] of [['https://crm.example.com/', /write https:\/\/crm\.example\.com/], ['null', /sandboxed frames/], ['https://*.example.com', /wildcards/]] as const) {
      const res = await run('serve', '--store', 'memory', '--port', '0', '--cors-origin', origin);
      assert.equal(res.code, 1, origin);
      assert.match(res.err, said);
      assert.doesNotMatch(res.out, /LeadLoop API on/);
    }
  });
});

test('leadloop serve prints its URL and serves the API with the tokens file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'leadloop-serve-'));
  const tokens = join(dir, 'tokens.json');
  await writeFile(tokens, JSON.stringify({ tokens: [{ token: 'marketing-token-for-serve', role: 'marketing', user: 'mia' }] }));
  const cli = fileURLToPath(import.meta.resolve('@leadloop/server/cli'));
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--store', `pglite:${join(dir, 'data')}`, '--tokens', tokens], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let url: string | undefined;
    for await (const line of createInterface({ input: child.stdout! })) {
      url = /LeadLoop API on (http:\/\/\S+)/.exec(line)?.[1];
      if (url) break;
    }
    assert.ok(url, 'serve printed the URL');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    assert.equal((await fetch(`${url}/health`)).status, 200);
    assert.equal((await fetch(`${url}/config`)).status, 401);
    const config = await fetch(`${url}/config`, { headers: { Authorization: 'Bearer marketing-token-for-serve' } });
    assert.equal(config.status, 200);
    assert.equal(((await config.json()) as { waterfall: { handoffStage: string } }).waterfall.handoffStage, 'mql');
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
});
