#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isLeadLoopError } from '@leadloop/core';
import { API_BASE, createApp } from './app.js';
import { CsvImportError, importCsv } from './csv-import.js';
import { DEFAULT_STORE, describeStore, openStore } from './open-store.js';
import { openSalesforceStore } from './salesforce-store.js';
import { parseCorsOrigins } from './origin-policy.js';
import { ensureDefinition, seedStore } from './seed.js';
import { startServer } from './server.js';
import type { SqlStore } from './sql-store.js';
import { generateTokens, loadTokens, type TokenEntry } from './tokens.js';

const STORE_HELP = `  --store SPEC        where the data lives (default ${DEFAULT_STORE}):
                        memory              PGlite in memory, gone on exit
                        pglite:DIR          PGlite keeping its files in DIR
                        postgres://user:password@host:5432/db   a PostgreSQL server
                        salesforce          a Salesforce org: --target-org ALIAS (sf CLI login), or
                                            --instance-url URL with the token in SF_ACCESS_TOKEN`;

const HELP: Record<string, string> = {
  main: `leadloop — the LeadLoop server: REST contract v1 over an embedded PGlite or a PostgreSQL store.

Usage: leadloop <command> [options]

Commands:
  serve               serve the REST API and print its URL
  seed --leads N      add N realistic generated leads, with feedback
  import FILE.csv     import leads from a CSV file, all or nothing

Run "leadloop <command> --help" for a command's options.`,
  serve: `Usage: leadloop serve [options]

Serves REST contract v1 under ${API_BASE} and prints the URL it listens on.

Options:
  --port N            port to listen on (default 8787; 0 picks a free one)
  --host HOST         address to listen on (default 127.0.0.1)
${STORE_HELP}
  --cors-origin URL   an origin allowed to call the API from a browser, exactly as browsers send it
                      (https://crm.example.com: no path, no trailing slash); repeat for more, * for
                      any. Requests from any other origin are refused with 403
  --write-concurrency N
                      feedback batches written at once on PostgreSQL, each on its own connection
                      (default 1, best when the database answers fast; raise it when round trips
                      are slow, as across a network)
  --tokens FILE       JSON file { "tokens": [{ "token", "role": "rep|marketing|admin", "user" }] };
                      without it, one token per role is generated and printed. A marketing
                      token signs the definition as marketing only: give the sales leader an
                      admin token
  --help              show this help`,
  seed: `Usage: leadloop seed --leads N [options]

Adds N generated leads over the past months with sources, campaigns, owners, stage drop-off,
feedback with reasons and ratings, and first touches inside and outside the SLA. The same
--seed gives the same data. Gives the store a demo qualification definition if it has none.

Options:
  --leads N           how many leads (required)
  --seed N            random seed (default 1)
  --days N            spread the leads over this many days before now (default 180)
  --prefix TEXT       lead id prefix (default "L-"; use another to add more leads to a seeded store)
  --reset             delete every lead, feedback and definition version first
${STORE_HELP}
  --help              show this help`,
  import: `Usage: leadloop import FILE.csv [options]

Imports leads from a CSV file with a header row. Columns: id, createdAt and stage are required;
name, company, email, source, campaign, owner, handedOffAt, firstTouchAt, exitKind, exitReason,
exitAt are optional (times in ISO-8601 with a zone). Every row is checked first; if any is bad,
the bad rows are listed by line number and nothing is imported. A lead whose id exists is replaced.

Options:
${STORE_HELP}
  --help              show this help`,
};

class UsageError extends Error {}

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(command: string, argv: string[], options: ParseArgsConfig['options'], allowPositionals = false): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, allowPositionals, strict: true });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP[command]}`);
  }
}

function integer(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, not "${value}"`);
  return Number(value);
}

async function withStore<T>(spec: string | undefined, fn: (store: SqlStore) => Promise<T>): Promise<T> {
  const store = await openStore(spec ?? DEFAULT_STORE);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function printTokens(tokens: readonly TokenEntry[]): void {
  console.log('Bearer tokens (generated for this run):');
  for (const t of tokens) console.log(`  ${t.role.padEnd(9)} ${t.token}  (${t.user})`);
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parse('serve', argv, {
    port: { type: 'string' }, host: { type: 'string' }, store: { type: 'string' },
    'cors-origin': { type: 'string', multiple: true }, tokens: { type: 'string' },
    'target-org': { type: 'string' }, 'instance-url': { type: 'string' }, 'write-concurrency': { type: 'string' },
  });
  if (values.help) return void console.log(HELP.serve);
  const port = integer(values.port as string | undefined, 'port', 8787);
  const writeConcurrency = integer(values['write-concurrency'] as string | undefined, 'write-concurrency', 1, 1);
  const spec = (values.store as string | undefined) ?? DEFAULT_STORE;
  const tokens = values.tokens ? await loadTokens(values.tokens as string) : generateTokens();
  // Checked before the store is opened: a bad origin leaves nothing open behind it.
  const corsOrigins = parseCorsOrigins((values['cors-origin'] as string[] | undefined) ?? []);
  const store = spec === 'salesforce'
    ? await openSalesforceStore({ targetOrg: values['target-org'] as string | undefined, instanceUrl: values['instance-url'] as string | undefined })
    : await openStore(spec, { writeConcurrency });
  const app = createApp({ store, tokens, corsOrigins });
  const server = await startServer({ fetch: app.fetch, port, hostname: (values.host as string | undefined) ?? '127.0.0.1' });
  if (!values.tokens) printTokens(tokens);
  console.log(`LeadLoop API on ${server.url}${API_BASE} (store: ${describeStore(spec)}, ${await store.countLeads()} leads)`);
  const stop = async () => {
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function seed(argv: string[]): Promise<void> {
  const { values } = parse('seed', argv, {
    leads: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' }, prefix: { type: 'string' },
    reset: { type: 'boolean' }, store: { type: 'string' },
  });
  if (values.help) return void console.log(HELP.seed);
  if (values.leads === undefined) throw new UsageError(`--leads is required\n\n${HELP.seed}`);
  const leads = integer(values.leads as string, 'leads', 0, 1);
  const options = {
    leads,
    seed: integer(values.seed as string | undefined, 'seed', 1),
    days: integer(values.days as string | undefined, 'days', 180, 1),
    idPrefix: (values.prefix as string | undefined) ?? 'L-',
  };
  await withStore(values.store as string | undefined, async (store) => {
    if (values.reset) await store.reset();
    await ensureDefinition(store);
    const counts = await seedStore(store, options);
    console.log(`Seeded ${counts.leads} leads and ${counts.feedback} feedback (seed ${options.seed}); the store holds ${await store.countLeads()} leads.`);
  });
}

async function importFile(argv: string[]): Promise<void> {
  const { values, positionals } = parse('import', argv, { store: { type: 'string' } }, true);
  if (values.help) return void console.log(HELP.import);
  if (positionals.length !== 1) throw new UsageError(`import takes one CSV file\n\n${HELP.import}`);
  await withStore(values.store as string | undefined, async (store) => {
    const count = await importCsv(store, positionals[0]!);
    console.log(`Imported ${count} leads from ${positionals[0]}; the store holds ${await store.countLeads()} leads.`);
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        await serve(rest);
        return 0;
      case 'seed':
        await seed(rest);
        return 0;
      case 'import':
        await importFile(rest);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP.main);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${HELP.main}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof CsvImportError) {
      console.error(error.message);
      for (const p of error.problems) console.error(`  line ${p.line}${p.path ? `, ${p.path}` : ''}: ${p.message}`);
      return 1;
    }
    if (isLeadLoopError(error)) {
      console.error(`${error.code}: ${error.message}`);
      for (const issue of error.issues) console.error(`  ${issue.path || '(root)'}: ${issue.message}`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') {
      console.error(`No such file: ${(error as NodeJS.ErrnoException).path}`);
      return 1;
    }
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

// Run when executed (the `leadloop` bin), not when imported by a test.
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL((await import('node:fs')).realpathSync(process.argv[1])).href) {
  const code = await main(process.argv.slice(2));
  if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;
}
