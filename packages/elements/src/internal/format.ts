/**
 * Numbers, percentages, dates and durations through Intl in the element's language. Formatters
 * are cached by language and options: building one costs far more than using it. The language is
 * checked when its formatter is made, not on every call (a chart formats dozens of figures).
 */

/** The language an element renders in: the nearest `lang` attribute, across shadow roots; else the browser's. */
export function langOf(el: Element): string {
  let node: Element | null = el;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null);
  }
  return globalThis.navigator?.language || 'en';
}

const cache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

function safeLang(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

export function formatNumber(lang: string, value: number, options: Intl.NumberFormatOptions = {}): string {
  return cached(`n|${lang}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(safeLang(lang), options)).format(value);
}

/**
 * A 0..1 fraction as a percentage; an em dash for null (nothing to divide by). Under 1% it keeps a
 * decimal, so 25 of 5,004 reads 0.5%, not 0%.
 */
export function formatPercent(lang: string, fraction: number | null | undefined, maximumFractionDigits = 0): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  if (fraction && Math.abs(fraction) < 0.01) maximumFractionDigits ||= 1;
  return formatNumber(lang, fraction, { style: 'percent', maximumFractionDigits });
}

export function formatDateTime(lang: string, iso: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  const date = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return cached(`d|${lang}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(safeLang(lang), options)).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/**
 * A duration in its two largest units, e.g. "1 h 20 min" / "1 Std., 20 Min.", rounded down to the
 * minute once it is past a minute. Negative values are shown by their magnitude.
 */
export function formatDuration(lang: string, ms: number): string {
  let rest = Math.abs(ms);
  const parts: { unit: string; value: number }[] = [];
  for (const [unit, size] of UNITS) {
    const value = Math.floor(rest / size);
    rest %= size;
    if (value || (unit === 'second' && !parts.length)) parts.push({ unit, value });
    else if (parts.length) break;
    if (parts.length > 1 || (parts.length && unit === 'minute')) break;
  }
  const DurationFormat = (Intl as unknown as { DurationFormat?: new (l: string, o: object) => { format(d: object): string } }).DurationFormat;
  if (DurationFormat) {
    const record = Object.fromEntries(parts.map((p) => [`${p.unit}s`, p.value]));
    return cached(`dur|${lang}`, () => new DurationFormat(safeLang(lang), { style: 'short' })).format(record);
  }
  return parts.map((p) => formatNumber(lang, p.value, { style: 'unit', unit: p.unit, unitDisplay: 'short' })).join(' ');
}

/** "in 1 hour" / "2 days ago", in the largest unit that fits. */
export function formatRelative(lang: string, ms: number): string {
  const rtf = cached(`rel|${lang}`, () => new Intl.RelativeTimeFormat(safeLang(lang), { numeric: 'auto' }));
  for (const [unit, size] of UNITS) {
    if (Math.abs(ms) >= size || unit === 'second') return rtf.format(Math.trunc(ms / size), unit);
  }
  return rtf.format(0, 'second');
}
