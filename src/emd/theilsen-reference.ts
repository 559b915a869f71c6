/**
 * Brute-force Theil–Sen, written the way scipy.stats.theilslopes computes it (for tests and the
 * benchmark baseline): every pairwise slope (y_j − y_i)/(x_j − x_i), i < j, as a double, sorted,
 * numpy's median (mean of the two middle values for an even count), intercept
 * median(y) − slope·median(x). O(n²) time and memory. x is the index 0..n−1; NaN values of y are
 * dropped with their index, as in src/emd/theilsen.ts.
 */
import type { TheilSenFit } from './theilsen.js';

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const m = n >> 1;
  return n % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

export function theilSenBruteForce(y: Float64Array): TheilSenFit {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (!Number.isNaN(y[i]!)) {
      xs.push(i);
      ys.push(y[i]!);
    }
  }
  const m = xs.length;
  const slopes = new Float64Array((m * (m - 1)) / 2);
  let p = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) slopes[p++] = (ys[j]! - ys[i]!) / (xs[j]! - xs[i]!);
  }
  slopes.sort();
  // −0 and +0 are the same slope; report +0.
  const slope = median(slopes) + 0;
  const intercept = median(Float64Array.from(ys).sort()) - slope * median(Float64Array.from(xs));
  return { slope, intercept, points: m };
}
