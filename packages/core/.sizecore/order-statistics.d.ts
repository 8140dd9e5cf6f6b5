/** The k-th smallest (0-based) of the first `n` values; reorders them. */
export declare function selectKth(values: Float64Array, k: number, n?: number): number;
/** Median of the first `n` values (mean of the two middle ones for an even count), or null for none. Reorders them. */
export declare function median(values: Float64Array, n?: number): number | null;
/** Nearest-rank percentile: the value at position ceil(p/100 · n) in ascending order. Reorders the values. */
export declare function nearestRank(values: Float64Array, percent: number, n?: number): number | null;
//# sourceMappingURL=order-statistics.d.ts.map