import type { FieldDef } from './schema.js';
import { exprKey, SoqlError, type Cond, type Expr, type FieldPath, type Query } from './soql.js';

/**
 * Evaluates a parsed query over records as Salesforce does: WHERE conditions (text ignoring case,
 * ids on their 15-character form), aggregates per group, and ORDER BY with SOQL's null order.
 */

/** Reads a record's related records: how the fake follows a lookup. */
export type Lookup = (objectName: string, id: string) => Record<string, unknown> | undefined;

/** The value at a path for one record (stored form: datetimes as epoch ms, ids 18 chars). */
export function valueAt(record: Record<string, unknown>, path: FieldPath, lookup: Lookup): unknown {
  let current: Record<string, unknown> | undefined = record;
  for (const step of path.steps) {
    const id: unknown = current?.[step.name];
    current = typeof id === 'string' ? lookup(step.referenceTo!, id) : undefined;
    if (!current) return null;
  }
  return current[path.field.name] ?? null;
}

export function evalExpr(record: Record<string, unknown>, expr: Expr, lookup: Lookup): unknown {
  if (expr.kind === 'agg') throw new SoqlError('MALFORMED_QUERY', 'aggregate outside an aggregate query');
  const value = valueAt(record, expr.path, lookup);
  if (expr.kind === 'field' || value === null) return value;
  const d = new Date(typeof value === 'number' ? value : `${String(value)}T00:00:00Z`);
  return expr.fn === 'CALENDAR_YEAR' ? d.getUTCFullYear() : d.getUTCMonth() + 1;
}

/** SOQL equality: text ignores case; ids compare on their 15-character form. */
function normalize(value: unknown, field: FieldDef): unknown {
  if (typeof value !== 'string') return value;
  if (field.type === 'id' || field.type === 'reference') return value.slice(0, 15);
  return value.toLowerCase();
}

export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase(), y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

export function matches(record: Record<string, unknown>, cond: Cond | null, lookup: Lookup): boolean {
  if (!cond) return true;
  switch (cond.kind) {
    case 'and': return cond.parts.every((p) => matches(record, p, lookup));
    case 'or': return cond.parts.some((p) => matches(record, p, lookup));
    case 'not': return !matches(record, cond.part, lookup);
    case 'like': {
      const v = evalExpr(record, cond.left, lookup);
      return typeof v === 'string' && cond.pattern.test(v);
    }
    case 'in': {
      const field = cond.left.path!.field;
      const v = normalize(evalExpr(record, cond.left, lookup), field);
      const found = cond.values.some((x) => normalize(x, field) === v);
      return cond.negate ? !found && v !== null : found;
    }
    case 'cmp': {
      const field = cond.left.path!.field;
      const v = normalize(evalExpr(record, cond.left, lookup), field);
      const x = normalize(cond.value, field);
      if (cond.op === '=') return v === x;
      if (cond.op === '!=') return v !== x;
      if (v === null || x === null) return false;
      const c = compareValues(v, x);
      return cond.op === '<' ? c < 0 : cond.op === '<=' ? c <= 0 : cond.op === '>' ? c > 0 : c >= 0;
    }
  }
}

export interface AggregateRow {
  /** Output values by key (alias, field name or exprN). */
  values: Record<string, unknown>;
  /** Values by expression, for ORDER BY. */
  byExpr: Map<string, unknown>;
}

/** Key of a select item in an aggregate result: its alias, the field name, or exprN for functions. */
export function outputKeys(query: Query): string[] {
  let n = 0;
  return query.select.map((s) => s.alias ?? (s.expr.kind === 'field' ? s.expr.path.field.name : `expr${n++}`));
}

export function aggregate(query: Query, records: Record<string, unknown>[], lookup: Lookup): AggregateRow[] {
  const groups = new Map<string, { keys: unknown[]; members: Record<string, unknown>[] }>();
  for (const record of records) {
    const keys = query.groupBy.map((g) => evalExpr(record, g, lookup));
    const id = JSON.stringify(keys.map((k, i) => normalize(k, query.groupBy[i]!.path!.field)));
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { keys, members: [] }));
    group.members.push(record);
  }
  // An aggregate over no rows (no GROUP BY) still returns one row: COUNT 0, SUM null.
  if (query.groupBy.length === 0 && groups.size === 0) groups.set('[]', { keys: [], members: [] });
  const keysOut = outputKeys(query);
  const allExprs = [...query.select.map((s) => s.expr), ...query.orderBy.map((o) => o.expr)];
  return [...groups.values()].map((group) => {
    const byExpr = new Map<string, unknown>();
    query.groupBy.forEach((g, i) => byExpr.set(exprKey(g), group.keys[i]));
    for (const expr of allExprs) {
      if (expr.kind !== 'agg') continue;
      const values = expr.path ? group.members.map((r) => valueAt(r, expr.path!, lookup)).filter((v) => v !== null) : group.members;
      let result: unknown;
      switch (expr.fn) {
        case 'COUNT': result = values.length; break;
        case 'COUNT_DISTINCT': result = new Set(values.map((v) => normalize(v, expr.path!.field))).size; break;
        case 'SUM': result = values.length ? (values as number[]).reduce((a, b) => a + b, 0) : null; break;
        case 'AVG': result = values.length ? (values as number[]).reduce((a, b) => a + b, 0) / values.length : null; break;
        case 'MIN': result = values.length ? values.reduce((a, b) => (compareValues(a, b) <= 0 ? a : b)) : null; break;
        case 'MAX': result = values.length ? values.reduce((a, b) => (compareValues(a, b) >= 0 ? a : b)) : null; break;
      }
      byExpr.set(exprKey(expr), result);
    }
    const values: Record<string, unknown> = {};
    query.select.forEach((s, i) => (values[keysOut[i]!] = byExpr.get(exprKey(s.expr)) ?? null));
    return { values, byExpr };
  });
}

/** Sorts by ORDER BY: nulls first ascending and last descending unless NULLS says otherwise. */
export function sortBy<T>(rows: T[], orderBy: Query['orderBy'], valueOf: (row: T, expr: Expr) => unknown): T[] {
  if (orderBy.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const { expr, desc, nullsLast } of orderBy) {
      const x = valueOf(a, expr), y = valueOf(b, expr);
      if (x === y) continue;
      if (x === null || x === undefined) return nullsLast ? 1 : -1;
      if (y === null || y === undefined) return nullsLast ? -1 : 1;
      const c = compareValues(x, y);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
}
