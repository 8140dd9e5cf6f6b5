/**
 * Order statistics by selection (Hoare's quickselect with median-of-three pivots), so a median or
 * percentile costs O(n) on average instead of sorting the whole set. Works in place.
 */
function selectInPlace(values, k, lo = 0, hi = values.length - 1) {
    while (hi > lo) {
        const mid = (lo + hi) >>> 1;
        // Median of three keeps sorted and reverse-sorted input linear.
        let a = values[lo], b = values[mid], c = values[hi];
        if (a > b)
            [a, b] = [b, a];
        if (b > c)
            [b, c] = [c, b];
        if (a > b)
            [a, b] = [b, a];
        const pivot = b;
        let i = lo, j = hi;
        while (i <= j) {
            while (values[i] < pivot)
                i++;
            while (values[j] > pivot)
                j--;
            if (i <= j) {
                const t = values[i];
                values[i] = values[j];
                values[j] = t;
                i++;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return values[k];
    }
    return values[k];
}
/** The k-th smallest (0-based) of the first `n` values; reorders them. */
export function selectKth(values, k, n = values.length) {
    return selectInPlace(values, k, 0, n - 1);
}
/** Median of the first `n` values (mean of the two middle ones for an even count), or null for none. Reorders them. */
export function median(values, n = values.length) {
    if (n === 0)
        return null;
    const upper = n >>> 1;
    const hi = selectInPlace(values, upper, 0, n - 1);
    if (n % 2 === 1)
        return hi;
    // After selecting `upper`, everything left of it is ≤ it: the lower middle is their maximum.
    let lo = -Infinity;
    for (let i = 0; i < upper; i++)
        if (values[i] > lo)
            lo = values[i];
    return (lo + hi) / 2;
}
/** Nearest-rank percentile: the value at position ceil(p/100 · n) in ascending order. Reorders the values. */
export function nearestRank(values, percent, n = values.length) {
    if (n === 0)
        return null;
    // Integer arithmetic: 0.9 * 70 is 63.00000000000001 in floating point, and ceil would make it 64.
    const rank = Math.max(1, Math.ceil((Math.round(percent * 1000) * n) / 100_000 - 1e-9));
    return selectInPlace(values, Math.min(rank, n) - 1, 0, n - 1);
}
//# sourceMappingURL=order-statistics.js.map