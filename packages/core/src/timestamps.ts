
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
const MONTHS = 300 * 12;
/**
 * Per month from January 1900 to December 2199: days from 1970-01-01 to its first day, and its
 * length. One table read each, instead of leap-year arithmetic, for the canonical form below.
 */
const MONTH_START_DAYS = new Float64Array(MONTHS);
const MONTH_LENGTH = new Uint8Array(MONTHS);
for (let m = 0, days = -25_567 /* 1900-01-01 */; m < MONTHS; m++) {
  const year = FIRST_YEAR + Math.floor(m / 12), month = m % 12;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  MONTH_START_DAYS[m] = days;
  days += MONTH_LENGTH[m] = month === 1 ? (leap ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]!;
}

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
  if (s.length !== 24) return slowInto(s, out, index);
  // Locals, not a helper: at a million leads every call shows. Each charCodeAt costs a few ns,
  // so every character is read once.
  const y0 = s.charCodeAt(0) - 48, y1 = s.charCodeAt(1) - 48, y2 = s.charCodeAt(2) - 48, y3 = s.charCodeAt(3) - 48;
  const mo0 = s.charCodeAt(5) - 48, mo1 = s.charCodeAt(6) - 48, d0 = s.charCodeAt(8) - 48, d1 = s.charCodeAt(9) - 48;
  const h0 = s.charCodeAt(11) - 48, h1 = s.charCodeAt(12) - 48, mi0 = s.charCodeAt(14) - 48, mi1 = s.charCodeAt(15) - 48;
  const s0 = s.charCodeAt(17) - 48, s1 = s.charCodeAt(18) - 48, f0 = s.charCodeAt(20) - 48, f1 = s.charCodeAt(21) - 48, f2 = s.charCodeAt(22) - 48;
  // One test instead of twenty-four: a digit d is 0..9 exactly when d and 9 - d are both ≥ 0, so
  // OR-ing them all is negative when any character is not a digit; a separator XOR its expected
  // code is 0 exactly when it is the expected one.
  const digits = y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | mo0 | (9 - mo0) | mo1 | (9 - mo1)
    | d0 | (9 - d0) | d1 | (9 - d1) | h0 | (9 - h0) | h1 | (9 - h1) | mi0 | (9 - mi0) | mi1 | (9 - mi1)
    | s0 | (9 - s0) | s1 | (9 - s1) | f0 | (9 - f0) | f1 | (9 - f1) | f2 | (9 - f2);
  const separators = (s.charCodeAt(4) ^ 45 /* - */) | (s.charCodeAt(7) ^ 45) | (s.charCodeAt(10) ^ 84 /* T */)
    | (s.charCodeAt(13) ^ 58 /* : */) | (s.charCodeAt(16) ^ 58) | (s.charCodeAt(19) ^ 46 /* . */) | (s.charCodeAt(23) ^ 90 /* Z */);
  const month = mo0 * 10 + mo1, day = d0 * 10 + d1, hour = h0 * 10 + h1, minute = mi0 * 10 + mi1, second = s0 * 10 + s1;
  const m = (y0 * 1000 + y1 * 100 + y2 * 10 + y3 - FIRST_YEAR) * 12 + month - 1;
  // `x >>> 0 >= n` is also true for any negative x (it wraps to a huge unsigned value).
  if (digits < 0 || separators !== 0 || (m >>> 0) >= MONTHS || ((month - 1) >>> 0) > 11 || ((day - 1) >>> 0) >= MONTH_LENGTH[m]!
    || hour > 23 || minute > 59 || second > 59) {
    return slowInto(s, out, index);
  }
  out[index] = ((MONTH_START_DAYS[m]! + day - 1) * 24 + hour) * 3_600_000 + minute * 60_000 + second * 1000 + f0 * 100 + f1 * 10 + f2;
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
