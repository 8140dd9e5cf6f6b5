import { ID_RE, type FieldDef, type ObjectDef, type Schema } from './schema.js';

/**
 * The SOQL subset the fake understands — what LeadLoop sends, interpreted as Salesforce does:
 *
 *   SELECT item, … FROM Object [WHERE cond] [GROUP BY key, …] [ORDER BY key [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]
 *
 * - item: a field path (`Status`, `Owner.Name`, `Lead__r.Owner.Name`), an aggregate
 *   (`COUNT()`, `COUNT(f)`, `COUNT_DISTINCT(f)`, `SUM`, `AVG`, `MIN`, `MAX`) or a date function
 *   (`CALENDAR_YEAR(f)`, `CALENDAR_MONTH(f)`), each with an optional alias.
 * - cond: comparisons `= != <> < <= > >=`, `[NOT] IN (…)`, `LIKE`, joined by AND / OR / NOT with
 *   parentheses; mixing AND and OR without parentheses is an error, as in SOQL. Literals are typed as
 *   in SOQL: quoted strings for text and ids, bare numbers, true/false, null, date (2026-01-31) and
 *   date-time (2026-01-31T10:00:00Z) literals unquoted. Text comparisons ignore case, as in SOQL.
 * - Not supported (MALFORMED_QUERY): subqueries, HAVING, date literals like TODAY, TYPEOF, FOR UPDATE.
 */

export class SoqlError extends Error {
  constructor(readonly errorCode: string, message: string) {
    super(message);
  }
}

type Token = { kind: 'ident' | 'string' | 'number' | 'datetime' | 'date' | 'op' | 'punct'; text: string; value?: unknown; pos: number };

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'LIMIT', 'OFFSET', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'NULL', 'TRUE', 'FALSE', 'HAVING']);

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))|(\d{4}-\d{2}-\d{2})(?![\d:T])|(-?\d+(?:\.\d+)?)(?![\w.])|('(?:[^'\\]|\\.)*')|(!=|<>|<=|>=|=|<|>)|([(),])|([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/y;
  let pos = 0;
  while (pos < soql.length) {
    re.lastIndex = pos;
    const m = re.exec(soql);
    if (!m) throw new SoqlError('MALFORMED_QUERY', `unexpected token at position ${pos}: ${soql.slice(pos, pos + 20)}`);
    const [text, dt, date, num, str, op, punct, ident] = m;
    if (dt) tokens.push({ kind: 'datetime', text: dt, value: Date.parse(dt.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')), pos });
    else if (date) tokens.push({ kind: 'date', text: date, value: date, pos });
    else if (num) tokens.push({ kind: 'number', text: num, value: Number(num), pos });
    else if (str) tokens.push({ kind: 'string', text: str, value: str.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c), pos });
    else if (op) tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op, pos });
    else if (punct) tokens.push({ kind: 'punct', text: punct, pos });
    else if (ident) tokens.push({ kind: 'ident', text: ident, pos });
    pos += text.length;
  }
  return tokens;
}

export type AggregateFn = 'COUNT' | 'COUNT_DISTINCT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';
export type DateFn = 'CALENDAR_YEAR' | 'CALENDAR_MONTH';
const AGGREGATES = new Set<string>(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);
const DATE_FNS = new Set<string>(['CALENDAR_YEAR', 'CALENDAR_MONTH']);

/** A resolved field path: the relationships walked and the field at the end. */
export interface FieldPath {
  text: string;
  steps: FieldDef[];
  field: FieldDef;
}

export type Expr =
  | { kind: 'field'; path: FieldPath }
  | { kind: 'date'; fn: DateFn; path: FieldPath }
  | { kind: 'agg'; fn: AggregateFn; path: FieldPath | null };

export interface SelectItem {
  expr: Expr;
  alias?: string;
}

export type Cond =
  | { kind: 'and' | 'or'; parts: Cond[] }
  | { kind: 'not'; part: Cond }
  | { kind: 'cmp'; left: Expr; op: string; value: unknown }
  | { kind: 'in'; left: Expr; values: unknown[]; negate: boolean }
  | { kind: 'like'; left: Expr; pattern: RegExp };

export interface Query {
  object: ObjectDef;
  select: SelectItem[];
  where: Cond | null;
  groupBy: Expr[];
  orderBy: { expr: Expr; desc: boolean; nullsLast: boolean }[];
  limit: number | null;
  offset: number;
  aggregate: boolean;
  /** `SELECT COUNT() FROM …`: only totalSize is returned. */
  countOnly: boolean;
}

class Parser {
  i = 0;
  constructor(readonly tokens: Token[], readonly schema: Schema) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'ident' && t.text.toUpperCase() === word;
  }
  expectKeyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(`expecting ${word}`);
    this.i++;
  }
  expectPunct(p: string): void {
    const t = this.peek();
    if (t?.kind !== 'punct' || t.text !== p) this.fail(`expecting '${p}'`);
    this.i++;
  }
  fail(message: string): never {
    const t = this.peek();
    throw new SoqlError('MALFORMED_QUERY', t ? `unexpected token: '${t.text}' (${message})` : `unexpected end of query (${message})`);
  }

  parse(): Query {
    this.expectKeyword('SELECT');
    const rawSelect: { fn?: string; path?: string | null; alias?: string }[] = [];
    do {
      if (rawSelect.length > 0) this.i++;
      rawSelect.push(this.selectItem());
    } while (this.peek()?.text === ',');
    this.expectKeyword('FROM');
    const objectToken = this.peek();
    if (objectToken?.kind !== 'ident') this.fail('expecting an object name');
    this.i++;
    const object = this.schema.get(objectToken.text.toLowerCase());
    if (!object) throw new SoqlError('INVALID_TYPE', `sObject type '${objectToken.text}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`);
    const resolve = (text: string) => resolvePath(this.schema, object, text);
    const toExpr = (item: { fn?: string; path?: string | null }): Expr => {
      if (item.fn && AGGREGATES.has(item.fn)) return { kind: 'agg', fn: item.fn as AggregateFn, path: item.path ? resolve(item.path) : null };
      if (item.fn && DATE_FNS.has(item.fn)) return { kind: 'date', fn: item.fn as DateFn, path: resolve(item.path!) };
      return { kind: 'field', path: resolve(item.path!) };
    };
    const select = rawSelect.map((item) => ({ expr: toExpr(item), ...(item.alias ? { alias: item.alias } : {}) }));
    let where: Cond | null = null;
    if (this.isKeyword('WHERE')) {
      this.i++;
      where = this.condition(resolve);
    }
    const groupBy: Expr[] = [];
    if (this.isKeyword('GROUP')) {
      this.i++;
      this.expectKeyword('BY');
      do {
        if (groupBy.length > 0) this.i++;
        const item = this.selectItem(false);
        const expr = toExpr(item);
        if (expr.kind === 'agg') this.fail('an aggregate cannot be grouped');
        const field = expr.path.field;
        if (expr.kind === 'field' && field.groupable === false) {
          throw new SoqlError('MALFORMED_QUERY', `field '${field.name}' can not be grouped in a query call`);
        }
        groupBy.push(expr);
      } while (this.peek()?.text === ',');
    }
    if (this.isKeyword('HAVING')) this.fail('HAVING is not supported by this fake');
    const orderBy: Query['orderBy'] = [];
    if (this.isKeyword('ORDER')) {
      this.i++;
      this.expectKeyword('BY');
      do {
        if (orderBy.length > 0) this.i++;
        const expr = toExpr(this.selectItem(false));
        let desc = false;
        if (this.isKeyword('ASC')) this.i++;
        else if (this.isKeyword('DESC')) {
          this.i++;
          desc = true;
        }
        let nullsLast = desc; // SOQL: nulls first ascending, last descending
        if (this.isKeyword('NULLS')) {
          this.i++;
          if (this.isKeyword('FIRST')) nullsLast = false;
          else if (this.isKeyword('LAST')) nullsLast = true;
          else this.fail('expecting FIRST or LAST');
          this.i++;
        }
        orderBy.push({ expr, desc, nullsLast });
      } while (this.peek()?.text === ',');
    }
    let limit: number | null = null;
    let offset = 0;
    if (this.isKeyword('LIMIT')) {
      this.i++;
      limit = this.integer();
    }
    if (this.isKeyword('OFFSET')) {
      this.i++;
      offset = this.integer();
      if (offset > 2000) throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
    }
    if (this.peek()) this.fail('expecting the end of the query');

    const countOnly = select.length === 1 && select[0]!.expr.kind === 'agg' && select[0]!.expr.fn === 'COUNT' && select[0]!.expr.path === null;
    if (groupBy.length === 0 && limit !== null && select.some((s) => s.expr.kind === 'agg') && !countOnly) {
      throw new SoqlError('MALFORMED_QUERY', 'an aggregate query with LIMIT needs a GROUP BY clause');
    }
    const aggregate = !countOnly && (groupBy.length > 0 || select.some((s) => s.expr.kind === 'agg'));
    if (aggregate) {
      const grouped = new Set(groupBy.map(exprKey));
      for (const s of select) {
        if (s.expr.kind !== 'agg' && !grouped.has(exprKey(s.expr))) {
          throw new SoqlError('MALFORMED_QUERY', `field '${s.expr.path.text}' must be grouped or aggregated`);
        }
      }
      for (const o of orderBy) {
        if (o.expr.kind !== 'agg' && !grouped.has(exprKey(o.expr))) {
          throw new SoqlError('MALFORMED_QUERY', `Ordered field '${o.expr.path.text}' must be grouped or aggregated`);
        }
      }
    } else if (select.some((s) => s.expr.kind !== 'field') && !countOnly) {
      throw new SoqlError('MALFORMED_QUERY', 'date functions are only allowed in aggregate queries');
    }
    return { object, select, where, groupBy, orderBy, limit, offset, aggregate, countOnly };
  }

  integer(): number {
    const t = this.peek();
    if (t?.kind !== 'number' || !Number.isInteger(t.value)) this.fail('expecting an integer');
    this.i++;
    return t.value as number;
  }

  selectItem(allowAlias = true): { fn?: string; path?: string | null; alias?: string } {
    const t = this.peek();
    if (t?.kind !== 'ident' || KEYWORDS.has(t.text.toUpperCase())) this.fail('expecting a field');
    this.i++;
    let item: { fn?: string; path?: string | null; alias?: string };
    if (this.peek()?.text === '(') {
      const fn = t.text.toUpperCase();
      if (!AGGREGATES.has(fn) && !DATE_FNS.has(fn)) throw new SoqlError('MALFORMED_QUERY', `unknown function: ${t.text}`);
      this.i++;
      let path: string | null = null;
      if (this.peek()?.kind === 'ident') {
        path = this.peek()!.text;
        this.i++;
      } else if (fn !== 'COUNT') this.fail(`${fn} needs a field`);
      this.expectPunct(')');
      item = { fn, path };
    } else item = { path: t.text };
    const next = this.peek();
    if (allowAlias && next?.kind === 'ident' && !KEYWORDS.has(next.text.toUpperCase())) {
      item.alias = next.text;
      this.i++;
    }
    return item;
  }

  condition(resolve: (text: string) => FieldPath): Cond {
    const first = this.unary(resolve);
    const joiner = this.isKeyword('AND') ? 'and' : this.isKeyword('OR') ? 'or' : null;
    if (!joiner) return first;
    const parts = [first];
    while (this.isKeyword(joiner.toUpperCase())) {
      this.i++;
      parts.push(this.unary(resolve));
    }
    if (this.isKeyword('AND') || this.isKeyword('OR')) this.fail('mixing AND and OR needs parentheses');
    return { kind: joiner, parts };
  }

  unary(resolve: (text: string) => FieldPath): Cond {
    if (this.isKeyword('NOT')) {
      this.i++;
      return { kind: 'not', part: this.unary(resolve) };
    }
    if (this.peek()?.text === '(') {
      this.i++;
      const inner = this.condition(resolve);
      this.expectPunct(')');
      return inner;
    }
    const item = this.selectItem(false);
    if (item.fn && AGGREGATES.has(item.fn)) throw new SoqlError('MALFORMED_QUERY', 'aggregates are not allowed in WHERE: use HAVING');
    const left: Exclude<Expr, { kind: 'agg' }> = item.fn ? { kind: 'date', fn: item.fn as DateFn, path: resolve(item.path!) } : { kind: 'field', path: resolve(item.path!) };
    const field = left.path.field;
    if (field.filterable === false) throw new SoqlError('INVALID_FIELD', `field '${field.name}' can not be filtered in a query call`);
    let negate = false;
    if (this.isKeyword('NOT') && this.isKeyword('IN', 1)) {
      this.i++;
      negate = true;
    }
    if (this.isKeyword('IN')) {
      this.i++;
      this.expectPunct('(');
      const values: unknown[] = [];
      do {
        if (values.length > 0) this.i++;
        values.push(this.literal(left));
      } while (this.peek()?.text === ',');
      this.expectPunct(')');
      return { kind: 'in', left, values, negate };
    }
    if (this.isKeyword('LIKE')) {
      this.i++;
      const t = this.peek();
      if (t?.kind !== 'string') this.fail('LIKE needs a quoted pattern');
      this.i++;
      const source = String(t.value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
      return { kind: 'like', left, pattern: new RegExp(`^${source}$`, 'is') };
    }
    const op = this.peek();
    if (op?.kind !== 'op') this.fail('expecting an operator');
    this.i++;
    return { kind: 'cmp', left, op: op.text, value: this.literal(left) };
  }

  /** A literal, type-checked against the field as SOQL does. */
  literal(left: Exclude<Expr, { kind: 'agg' }>): unknown {
    const t = this.peek();
    if (!t) this.fail('expecting a value');
    this.i++;
    if (t.kind === 'ident' && t.text.toUpperCase() === 'NULL') return null;
    const field = left.path.field;
    const type = left.kind === 'date' ? 'double' : field.type;
    const mismatch = (what: string): never => {
      throw new SoqlError('INVALID_FIELD', `value of filter criterion for field '${field.name}' must be of type ${what} and should not be enclosed in quotes`);
    };
    switch (type) {
      case 'datetime':
        if (t.kind === 'datetime') return t.value;
        return mismatch('dateTime');
      case 'date':
        if (t.kind === 'date') return t.value;
        return mismatch('date');
      case 'double':
        if (t.kind === 'number') return t.value;
        return mismatch('double');
      case 'boolean':
        if (t.kind === 'ident' && ['TRUE', 'FALSE'].includes(t.text.toUpperCase())) return t.text.toUpperCase() === 'TRUE';
        return mismatch('boolean');
      case 'id':
      case 'reference':
        if (t.kind !== 'string') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${t.text}'`);
        if (!ID_RE.test(String(t.value))) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${String(t.value)}`);
        return String(t.value).slice(0, 15);
      default:
        if (t.kind !== 'string') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${t.text}': text values must be quoted`);
        return t.value;
    }
  }
}

/** Resolves `Lead__r.Owner.Name` from an object: relationships by name, the last part a field. */
export function resolvePath(schema: Schema, from: ObjectDef, text: string): FieldPath {
  const parts = text.split('.');
  const steps: FieldDef[] = [];
  let object = from;
  // `Lead.Status` from Lead is allowed in SOQL: a leading object name is ignored.
  if (parts.length > 1 && parts[0]!.toLowerCase() === object.name.toLowerCase()) parts.shift();
  for (let i = 0; i < parts.length - 1; i++) {
    const rel = object.relationships.get(parts[i]!.toLowerCase());
    if (!rel) {
      throw new SoqlError('INVALID_FIELD', `Didn't understand relationship '${parts[i]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`);
    }
    steps.push(rel);
    object = schema.get(rel.referenceTo!.toLowerCase())!;
  }
  const field = object.fields.get(parts[parts.length - 1]!.toLowerCase());
  if (!field) {
    throw new SoqlError('INVALID_FIELD', `No such column '${parts[parts.length - 1]}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
  }
  return { text, steps, field };
}

/** The identity of an expression: how GROUP BY, ORDER BY and the select list are matched. */
export function exprKey(expr: Expr): string {
  const path = expr.path ? expr.path.steps.map((s) => s.name).concat(expr.path.field.name).join('.').toLowerCase() : '';
  return expr.kind === 'field' ? path : `${expr.kind === 'agg' ? expr.fn : expr.fn}(${path})`;
}

export function parseSoql(soql: string, schema: Schema): Query {
  return new Parser(tokenize(soql), schema).parse();
}
