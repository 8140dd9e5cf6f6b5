import type { Reason } from '@leadloop/core';
import { formatNumber } from './format.js';

/** A reason's label from the catalog; one the catalog does not know, as words: "no-budget" → "No budget". */
export function reasonName(catalog: readonly Reason[] | undefined, id: string): string {
  return catalog?.find((r) => r.id === id)?.label ?? id.charAt(0).toUpperCase() + id.slice(1).replace(/[-_]+/g, ' ');
}

/** The first three reasons with their counts, as one line: "No budget 12 · Poor fit 9 · Spam 3"; empty without any. */
export function topReasons(lang: string, catalog: readonly Reason[] | undefined, reasons: readonly { reason: string; count: number }[]): string {
  return reasons.slice(0, 3).map((r) => `${reasonName(catalog, r.reason)} ${formatNumber(lang, r.count)}`).join(' · ');
}
