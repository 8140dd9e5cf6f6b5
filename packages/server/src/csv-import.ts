import { createReadStream } from 'node:fs';
import { parseLead, type Issue, type Lead, type Waterfall } from '@leadloop/core';
import { unstorableText } from './sql/storable-text.js';
import type { Store } from './store.js';

/** One bad cell or row of a CSV file, by the line it starts on (the header is line 1). */
export interface CsvProblem {
  line: number;
  path: string;
  message: string;
}

export class CsvImportError extends Error {
  readonly problems: CsvProblem[];
  constructor(problems: CsvProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the CSV file; nothing was imported.`);
    this.name = 'CsvImportError';
    this.problems = problems;
  }
}

/**
 * The longest cell and the most cells a record may have. A lead's longest field is 320 characters;
 * without a bound, one unclosed quote makes the rest of the file a single field, held in memory
 * until the process runs out of it.
 */
export const MAX_CSV_FIELD_CHARS = 10_000;
export const MAX_CSV_FIELDS = 100;

function tooBig(line: number, what: string): CsvImportError {
  return new CsvImportError([{ line, path: '', message: what }]);
}

/**
 * Splits CSV text (RFC 4180: quoted fields with "" escapes and line breaks inside them; CRLF or
 * LF) into records, each with the line it starts on. Streams: only one record is held at a time,
 * and a record past MAX_CSV_FIELD_CHARS or MAX_CSV_FIELDS is an error at its line.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<{ line: number; fields: string[] }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let pendingQuote = false; // a `"` at the end of a chunk inside a quoted field: escape or closing?
  let sawAny = false;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      sawAny = true;
      if (pendingQuote) {
        pendingQuote = false;
        if (ch === '"') {
          field += '"';
          continue;
        }
        quoted = false;
        afterQuote = true;
      }
      if (quoted) {
        if (ch === '"') {
          if (i + 1 < chunk.length) {
            if (chunk[i + 1] === '"') {
              field += '"';
              i++;
            } else {
              quoted = false;
              afterQuote = true;
            }
          } else pendingQuote = true;
        } else {
          if (ch === '\n') line++;
          field += ch;
          if (field.length > MAX_CSV_FIELD_CHARS) throw tooBig(recordLine, `a quoted field runs past ${MAX_CSV_FIELD_CHARS} characters: is a closing quote missing?`);
        }
        continue;
      }
      if (ch === '"' && field.length === 0 && !afterQuote) {
        quoted = true;
      } else if (ch === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
        if (fields.length >= MAX_CSV_FIELDS) throw tooBig(recordLine, `has more than ${MAX_CSV_FIELDS} fields`);
      } else if (ch === '\n') {
        fields.push(field.endsWith('\r') && !afterQuote ? field.slice(0, -1) : field);
        yield { line: recordLine, fields };
        fields = [];
        field = '';
        afterQuote = false;
        line++;
        recordLine = line;
      } else if (ch === '\r' && afterQuote) {
        // CR of a CRLF after a closing quote: dropped.
      } else {
        field += ch;
        if (field.length > MAX_CSV_FIELD_CHARS) throw tooBig(recordLine, `has a field longer than ${MAX_CSV_FIELD_CHARS} characters`);
      }
    }
  }
  if (pendingQuote) {
    quoted = false;
    afterQuote = true;
  }
  if (quoted) throw new CsvImportError([{ line: recordLine, path: '', message: 'a quoted field is never closed' }]);
  if (sawAny && (field.length > 0 || fields.length > 0 || afterQuote)) {
    fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
    yield { line: recordLine, fields };
  }
}

/** CSV columns and the lead fields they fill; header names are matched case-insensitively, `_`/`-`/spaces ignored. */
const COLUMNS: Record<string, string> = {
  id: 'id', name: 'name', company: 'company', email: 'email', source: 'source', campaign: 'campaign', owner: 'owner',
  createdat: 'createdAt', stage: 'stage', handedoffat: 'handedOffAt', firsttouchat: 'firstTouchAt',
  exitkind: 'exitKind', exitreason: 'exitReason', exitat: 'exitAt',
};
const REQUIRED = ['id', 'createdAt', 'stage'];

function readStream(file: string): AsyncIterable<string> {
  return createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
}

/** Reads a lead CSV file and yields each row as an untrusted lead object, or the problems of its header. */
async function* csvLeads(file: string): AsyncGenerator<{ line: number; input: Record<string, unknown> } | { problems: CsvProblem[] }> {
  let header: string[] | undefined;
  for await (const { line, fields } of csvRecords(readStream(file))) {
    if (!header) {
      const names = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim());
      const problems: CsvProblem[] = [];
      header = names.map((name, i) => {
        const column = COLUMNS[name.toLowerCase().replace(/[\s_-]/g, '')];
        if (!column) problems.push({ line, path: name || `column ${i + 1}`, message: `unknown column: use ${Object.values(COLUMNS).join(', ')}` });
        return column ?? '';
      });
      for (const column of REQUIRED) if (!header.includes(column)) problems.push({ line, path: column, message: 'the column is required' });
      if (problems.length > 0) {
        yield { problems };
        return;
      }
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue; // a blank line
    const row: Record<string, string> = {};
    header.forEach((column, i) => {
      const value = fields[i]?.trim();
      if (value) row[column] = value;
    });
    if (fields.length !== header.length) {
      yield { problems: [{ line, path: '', message: `has ${fields.length} fields, the header has ${header.length}` }] };
      continue;
    }
    const { exitKind, exitReason, exitAt, ...rest } = row;
    const input: Record<string, unknown> = { ...rest };
    if (exitKind || exitReason || exitAt) input.exit = { kind: exitKind, at: exitAt, ...(exitReason ? { reason: exitReason } : {}) };
    yield { line, input };
  }
  if (!header) yield { problems: [{ line: 1, path: '', message: 'the file is empty: a header row is required' }] };
}

/**
 * Imports leads from a CSV file with a header row, all or nothing: a first pass validates every
 * row with core's parseLead (and finds duplicate ids), a second writes them in one transaction.
 * Throws CsvImportError listing the bad rows by line number.
 */
export async function importCsv(store: Store, file: string, options: { waterfall?: Waterfall; batchSize?: number; maxProblems?: number } = {}): Promise<number> {
  const waterfall = options.waterfall ?? (await store.getConfig()).waterfall;
  const maxProblems = options.maxProblems ?? 200;
  const problems: CsvProblem[] = [];
  const firstLineOf = new Map<string, number>();
  let rows = 0;
  for await (const item of csvLeads(file)) {
    if ('problems' in item) {
      problems.push(...item.problems);
    } else {
      rows++;
      const parsed = parseLead(item.input, { waterfall });
      const issues = parsed.ok ? unstorableText(parsed.value) : parsed.error.issues;
      if (issues.length > 0) problems.push(...issues.map((issue: Issue) => ({ line: item.line, path: fieldName(issue.path), message: issue.message })));
      else if (parsed.ok) {
        const seen = firstLineOf.get(parsed.value.id);
        if (seen !== undefined) problems.push({ line: item.line, path: 'id', message: `duplicate of line ${seen}` });
        else firstLineOf.set(parsed.value.id, item.line);
      }
    }
    if (problems.length >= maxProblems) break;
  }
  if (problems.length > 0) throw new CsvImportError(problems);
  if (rows === 0) return 0;
  const batchSize = options.batchSize ?? 1000;
  async function* batches(): AsyncGenerator<Lead[]> {
    let batch: Lead[] = [];
    for await (const item of csvLeads(file)) {
      if ('problems' in item) throw new CsvImportError(item.problems); // the file changed between passes
      batch.push(item.input as unknown as Lead);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return store.putLeadBatches(batches());
}

/** The CSV column a lead field came from, for messages. */
function fieldName(path: string): string {
  if (path === 'exit.kind') return 'exitKind';
  if (path === 'exit.reason') return 'exitReason';
  if (path === 'exit.at') return 'exitAt';
  return path;
}
