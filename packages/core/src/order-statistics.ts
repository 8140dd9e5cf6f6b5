/**
 * Order statistics by selection (Hoare's quickselect with median-of-three pivots), so a median or
 * percentile costs O(n) on average instead of sorting the whole set. Works in place.
 */
function selectInPlace(values: Float64Array, k: number, lo = 0, hi = values.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three keeps sorted and reverse-sorted input linear.
    let a = values[lo]!, b = values[mid]!, c = values[hi]!;
    if (a > b) [a, b] = [b, a];
    if (b > c) [b, c] = [c, b];
    if (a > b) [a, b] = [b, a];
    const pivot = b;
    let i = lo, j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** The k-th smallest (0-based) of the first `n` values; reorders them. */
export function selectKth(values: Float64Array, k: number, n = values.length): number {
  return selectInPlace(values, k, 0, n - 1);
}

/** Median of the first `n` values (mean of the two middle ones for an even count), or null for none. Reorders them. */
export function median(values: Float64Array, n = values.length): number | null {
  if (n === 0) return null;
  const upper = n >>> 1;
  const hi = selectInPlace(values, upper, 0, n - 1);
  if (n % 2 === 1) return hi;
  // After selecting `upper`, everything left of it is ≤ it: the lower middle is their maximum.
  let lo = -Infinity;
  for (let i = 0; i < upper; i++) if (values[i]! > lo) lo = values[i]!;
  return (lo + hi) / 2;
}

/** Nearest-rank percentile: the value at position ceil(p/100 · n) in ascending order. Reorders the values. */
export function nearestRank(values: Float64Array, percent: number, n = values.length): number | null {
  if (n === 0) return null;
  // Integer arithmetic: p/100·n in floating point can land just above a whole rank (0.07 · 100 is
  // 7.000000000000001) and ceil would then pick the next value.
  const rank = Math.max(1, Math.ceil((Math.round(percent * 1000) * n) / 100_000 - 1e-9));
  return selectInPlace(values, Math.min(rank, n) - 1, 0, n - 1);
}
