import { randomBytes } from 'node:crypto';
import type { FakeOrg, Row } from './org.js';
import { sfError, type Response } from './responses.js';
import { aggregate, evalExpr, matches, outputKeys, sortBy } from './soql-evaluate.js';
import { exprKey, parseSoql, SoqlError, type Expr, type FieldPath, type Query } from './soql.js';

/**
 * SOQL run against a fake org as the query resource answers it: records with their selected
 * fields and parents, or aggregate rows, in pages of the fake's page size that a nextRecordsUrl
 * cursor continues; aggregates past 2,000 rows refused, as Salesforce does.
 */
export class FakeQueries {
  readonly #org: FakeOrg;
  readonly #pageSize: () => number;
  readonly #cursors = new Map<string, { rows: Row[]; query: Query; version: string }>();

  constructor(org: FakeOrg, pageSize: () => number) {
    this.#org = org;
    this.#pageSize = pageSize;
  }

  /** Forgets every open cursor. */
  clear(): void {
    this.#cursors.clear();
  }

  /** The first page of a query's result. */
  run(soql: string, version: string): Response {
    let query: Query;
    try {
      query = parseSoql(soql, this.#org.schema);
    } catch (error) {
      if (error instanceof SoqlError) throw sfError(400, error.errorCode, `\n${soql}\n^\nERROR at Row:1:Column:1\n${error.message}`);
      throw error;
    }
    const { access, actor } = this.#org;
    // An object the user may not read is not there for them; under Private sharing, neither are others' records.
    if (!access.object(actor, query.object).read) throw sfError(400, 'INVALID_TYPE', `\n${soql}\n^\nERROR at Row:1:Column:1\nsObject type '${query.object.name}' is not supported.`);
    const all = [...this.#org.table(query.object).values()].filter((r) => access.canSee(actor, query.object, r) && matches(r, query.where, this.#org.lookup));
    if (query.countOnly) return { status: 200, body: { totalSize: Math.min(all.length, query.limit ?? Infinity), done: true, records: [] } };
    let rows: Row[];
    if (query.aggregate) {
      const groups = sortBy(aggregate(query, all, this.#org.lookup), query.orderBy, (row, expr) => row.byExpr.get(exprKey(expr)));
      const limited = groups.slice(query.offset, query.limit === null ? undefined : query.offset + query.limit);
      if (limited.length > 2000) {
        throw sfError(400, 'EXCEEDED_ID_LIMIT', 'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch');
      }
      rows = limited.map((g) => ({ attributes: { type: 'AggregateResult' }, ...this.#aggregateOutput(query, g.values) }));
      return { status: 200, body: { totalSize: rows.length, done: true, records: rows } };
    }
    const sorted = sortBy(all, query.orderBy, (row, expr: Expr) => evalExpr(row, expr, this.#org.lookup));
    const selected = sorted.slice(query.offset, query.limit === null ? undefined : query.offset + query.limit);
    rows = selected.map((r) => this.#project(query, r, version));
    return this.#page(rows, query, version, 0);
  }

  #page(rows: Row[], query: Query, version: string, start: number): Response {
    const page = rows.slice(start, start + this.#pageSize());
    const done = start + page.length >= rows.length;
    const body: Row = { totalSize: rows.length, done, records: page };
    if (!done) {
      const cursor = `01g${randomBytes(6).toString('hex').toUpperCase()}`;
      this.#cursors.set(cursor, { rows, query, version });
      body.nextRecordsUrl = `/services/data/v${version}/query/${cursor}-${start + page.length}`;
    }
    return { status: 200, body };
  }

  /** The page a nextRecordsUrl locator points to. */
  more(locator: string, version: string): Response {
    const m = locator.match(/^(01g\w+)-(\d+)$/);
    const cursor = m ? this.#cursors.get(m[1]!) : undefined;
    if (!m || !cursor) throw sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return this.#page(cursor.rows, cursor.query, version, Number(m[2]));
  }

  #aggregateOutput(query: Query, values: Record<string, unknown>): Row {
    const out: Row = {};
    const keys = outputKeys(query);
    query.select.forEach((s, i) => {
      const key = keys[i]!;
      const v = values[key];
      out[key] = s.expr.kind === 'field' ? this.#org.format(s.expr.path.field, v) : s.expr.kind === 'agg' && s.expr.path && ['MIN', 'MAX'].includes(s.expr.fn) ? this.#org.format(s.expr.path.field, v) : v;
    });
    return out;
  }

  /** A record as a query returns it: attributes, the selected fields, nested parents for paths. */
  #project(query: Query, record: Row, version: string): Row {
    const out: Row = { attributes: this.#org.attributes(query.object, record, version) };
    for (const item of query.select) {
      if (item.expr.kind !== 'field') continue;
      this.#place(out, record, item.expr.path, version);
    }
    return out;
  }

  #place(out: Row, record: Row, path: FieldPath, version: string): void {
    let target = out;
    let current: Row | undefined = record;
    for (const step of path.steps) {
      const id: unknown = current?.[step.name];
      const parent: Row | undefined = typeof id === 'string' ? this.#org.lookup(step.referenceTo!, id) : undefined;
      if (!parent) {
        target[step.relationshipName!] = null;
        return;
      }
      const existing = target[step.relationshipName!];
      const next = (existing && typeof existing === 'object' ? existing : { attributes: this.#org.attributes(this.#org.object(step.referenceTo!), parent, version) }) as Row;
      target[step.relationshipName!] = next;
      target = next;
      current = parent;
    }
    target[path.field.name] = this.#org.format(path.field, current![path.field.name] ?? null);
  }
}
