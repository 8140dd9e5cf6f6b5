
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Milliseconds since the epoch of an ISO-8601 date-time with a zone (`Z` or ±hh:mm, or ±hhmm as
 * Salesforce writes it), or NaN. Rejects impossible calendar dates (2026-02-30) that Date.parse
 * would roll over.
 */
export function isoToMs(value: string): number {
  const m = typeof value === 'string' ? ISO_RE.exec(value) : null;
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || Number(s ?? 0) > 59) return NaN;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return NaN;
  const zone = m[8]!;
  return Date.parse(zone.length === 5 ? `${value.slice(0, -5)}${zone.slice(0, 3)}:${zone.slice(3)}` : value);
}

const FIRST_YEAR = 1900;
const YEARS = 300;
/** Days from 1970-01-01 to 1 January of each year 1900–2199: one table read instead of calendar arithmetic. */
const YEAR_START_DAYS = new Float64Array(YEARS);
for (let y = 0, days = 0; y < YEARS; y++) {
  YEAR_START_DAYS[y] = days;
  const year = FIRST_YEAR + y;
  days += year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 366 : 365;
}
const OFFSET_1970 = YEAR_START_DAYS[1970 - FIRST_YEAR]!;
for (let y = 0; y < YEARS; y++) YEAR_START_DAYS[y] = YEAR_START_DAYS[y]! - OFFSET_1970;
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch milliseconds of an ISO-8601 time, written to `out[index]`; false (and NaN written) when
 * the text is not a time. The canonical UTC form that `Date#toISOString` writes
 * (`2026-01-31T09:30:00.000Z`) is read digit by digit, several times faster than Date.parse;
 * anything else goes the careful way. Writing to a typed array instead of returning the number
 * matters at a million leads: a function V8 does not inline boxes every non-small number it
 * returns, and those boxes make the collector run mid-loop.
 */
export function timeMsInto(s: string, out: Float64Array, index: number): boolean {
  if (typeof s !== 'string') {
    out[index] = NaN;
    return false;
  }
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */) return slowInto(s, out, index);
  // Locals, not a helper: at a million leads every call and bounds check shows.
  const y0 = s.charCodeAt(0) - 48, y1 = s.charCodeAt(1) - 48, y2 = s.charCodeAt(2) - 48, y3 = s.charCodeAt(3) - 48;
  const mo0 = s.charCodeAt(5) - 48, mo1 = s.charCodeAt(6) - 48, d0 = s.charCodeAt(8) - 48, d1 = s.charCodeAt(9) - 48;
  const h0 = s.charCodeAt(11) - 48, h1 = s.charCodeAt(12) - 48, mi0 = s.charCodeAt(14) - 48, mi1 = s.charCodeAt(15) - 48;
  const s0 = s.charCodeAt(17) - 48, s1 = s.charCodeAt(18) - 48, f0 = s.charCodeAt(20) - 48, f1 = s.charCodeAt(21) - 48, f2 = s.charCodeAt(22) - 48;
  // `x >>> 0 > 9` is true for anything but a digit (a negative wraps to a huge unsigned value).
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (mo0 >>> 0) > 9 || (mo1 >>> 0) > 9
    || (d0 >>> 0) > 9 || (d1 >>> 0) > 9 || (h0 >>> 0) > 9 || (h1 >>> 0) > 9 || (mi0 >>> 0) > 9 || (mi1 >>> 0) > 9
    || (s0 >>> 0) > 9 || (s1 >>> 0) > 9 || (f0 >>> 0) > 9 || (f1 >>> 0) > 9 || (f2 >>> 0) > 9
    || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58
    || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) {
    return slowInto(s, out, index);
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3, month = mo0 * 10 + mo1, day = d0 * 10 + d1;
  const hour = h0 * 10 + h1, minute = mi0 * 10 + mi1, second = s0 * 10 + s1;
  const leap = (year & 3) === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (year < FIRST_YEAR || year >= FIRST_YEAR + YEARS || month < 1 || month > 12 || day < 1
    || day > DAYS_IN_MONTH[month - 1]! + (leap && month === 2 ? 1 : 0) || hour > 23 || minute > 59 || second > 59) {
    return slowInto(s, out, index);
  }
  const days = YEAR_START_DAYS[year - FIRST_YEAR]! + DAYS_BEFORE_MONTH[month - 1]! + (leap && month > 2 ? 1 : 0) + day - 1;
  out[index] = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + f0 * 100 + f1 * 10 + f2;
  return true;
}

function slowInto(s: string, out: Float64Array, index: number): boolean {
  const ms = isoToMs(s);
  out[index] = ms;
  return ms === ms;
}

const one = new Float64Array(1);

/** Epoch milliseconds of an ISO-8601 time with a zone, or NaN (see timeMsInto). */
export function timeMs(s: string): number {
  timeMsInto(s, one, 0);
  return one[0]!;
}
