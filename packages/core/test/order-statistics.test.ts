import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, nearestRank, selectKth } from '@leadloop/core';

/** A seeded generator so failures reproduce. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

test('selection agrees with sorting on random, sorted, reversed and constant input', () => {
  const next = random(7);
  const shapes: Record<string, (n: number) => number[]> = {
    random: (n) => Array.from({ length: n }, () => Math.floor(next() * 1000)),
    sorted: (n) => Array.from({ length: n }, (_, i) => i),
    reversed: (n) => Array.from({ length: n }, (_, i) => n - i),
    constant: (n) => Array.from({ length: n }, () => 42),
    twoValues: (n) => Array.from({ length: n }, (_, i) => i % 2),
  };
  for (const [shape, make] of Object.entries(shapes)) {
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = make(n);
      const sorted = [...values].sort((a, b) => a - b);
      const k = Math.floor(next() * n);
      assert.equal(selectKth(Float64Array.from(values), k), sorted[k], `${shape} n=${n} k=${k}`);
      const mid = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
      assert.equal(median(Float64Array.from(values)), mid, `${shape} median n=${n}`);
      assert.equal(nearestRank(Float64Array.from(values), 90), sorted[Math.ceil((9 * n) / 10) - 1], `${shape} p90 n=${n}`);
    }
  }
});

test('empty input has no median or percentile; a prefix length is honoured', () => {
  assert.equal(median(new Float64Array(0)), null);
  assert.equal(nearestRank(new Float64Array(0), 90), null);
  const values = Float64Array.from([9, 1, 5, 100, 100]);
  assert.equal(median(values, 3), 5);
});

test('nearest rank does not drift past a whole rank: the 7th percentile of 1..100 is 7, not 8', () => {
  assert.equal(Math.ceil(0.07 * 100), 8, 'the floating-point trap is real');
  const values = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(nearestRank(values, 7), 7);
  assert.equal(nearestRank(Float64Array.from({ length: 100 }, (_, i) => i + 1), 29), 29);
});
