import { formatNumber } from './format.js';

/**
 * Reads a number typed in the reader's language: "1,250.5" in English, "1.250,5" in German,
 * with or without group separators and spaces. NaN for anything else (including empty text).
 */
export function parseLocaleNumber(text: string, lang: string): number {
  const sample = formatNumber(lang, 12345.6, { minimumFractionDigits: 1 });
  const decimal = sample.replace(/\d/g, '').slice(-1) || '.';
  let t = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (t === '') return NaN;
  const group = decimal === ',' ? '.' : ',';
  t = t.split(group).join('');
  if (decimal === ',') t = t.replace(',', '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
}
