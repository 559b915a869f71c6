/**
 * Plain-TS references of the rolling statistics, following pandas' online algorithms
 * (roll_mean, roll_var, roll_min/max) exactly; see assembly/rolling/ for the kernels.
 */

export function resolveMinPeriods(minPeriods: number, window: number): number {
  return minPeriods === -1 ? window : minPeriods;
}

export function rollingMean(x: Float64Array, window: number, minPeriods = -1): Float64Array {
  return rollingSumMean(x, window, minPeriods, false);
}

/** pandas roll_sum: the mean's Kahan running sum; 0 for an empty window when min_periods is 0. */
export function rollingSum(x: Float64Array, window: number, minPeriods = -1): Float64Array {
  return rollingSumMean(x, window, minPeriods, true);
}

function rollingSumMean(x: Float64Array, window: number, minPeriods: number, asSum: boolean): Float64Array {
  const minp = resolveMinPeriods(minPeriods, window);
  const out = new Float64Array(x.length);
  let nobs = 0, sum = 0, neg = 0, cAdd = 0, cRem = 0, nsame = 0, prev = NaN;
  for (let i = 0; i < x.length; i++) {
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) {
        nobs--;
        const y = -old - cRem;
        const t = sum + y;
        cRem = t - sum - y;
        sum = t;
        if (old < 0 || Object.is(old, -0)) neg--;
      }
    }
    const v = x[i]!;
    if (v === v) {
      nobs++;
      const y = v - cAdd;
      const t = sum + y;
      cAdd = t - sum - y;
      sum = t;
      if (v < 0 || Object.is(v, -0)) neg++;
      nsame = v === prev ? nsame + 1 : 1;
      prev = v;
    }
    let r = NaN;
    if (asSum) {
      if (nobs === 0 && minp === 0) r = 0;
      else if (nobs >= minp) r = nsame >= nobs ? prev * nobs : sum;
    } else if (nobs >= minp && nobs > 0) {
      r = sum / nobs;
      if (nsame >= nobs) r = prev;
      else if (neg === 0 && r < 0) r = 0;
      else if (neg === nobs && r > 0) r = 0;
    }
    out[i] = r;
  }
  return out;
}

export function rollingVar(x: Float64Array, window: number, minPeriods = -1, ddof = 1, takeSqrt = false): Float64Array {
  const minp = resolveMinPeriods(minPeriods, window);
  const out = new Float64Array(x.length);
  let nobs = 0, mean = 0, ssq = 0, cAdd = 0, cRem = 0, nsame = 0, prev = NaN;
  for (let i = 0; i < x.length; i++) {
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) {
        nobs--;
        if (nobs !== 0) {
          const prevMean = mean - cRem;
          const y = old - cRem;
          const t = y - mean;
          cRem = t + mean - y;
          mean -= t / nobs;
          ssq -= (old - prevMean) * (old - mean);
        } else {
          mean = 0;
          ssq = 0;
        }
      }
    }
    const v = x[i]!;
    if (v === v) {
      nsame = v === prev ? nsame + 1 : 1;
      prev = v;
      nobs++;
      const prevMean = mean - cAdd;
      const y = v - cAdd;
      const t = y - mean;
      cAdd = t + mean - y;
      mean += t / nobs;
      ssq += (v - prevMean) * (v - mean);
    }
    let r = NaN;
    if (nobs >= minp && nobs > ddof) {
      r = nobs === 1 || nsame >= nobs ? 0 : ssq / (nobs - ddof);
      if (takeSqrt) r = r < 0 ? 0 : Math.sqrt(r);
    }
    out[i] = r;
  }
  return out;
}

export function rollingStd(x: Float64Array, window: number, minPeriods = -1, ddof = 1): Float64Array {
  return rollingVar(x, window, minPeriods, ddof, true);
}

/** Rolling min/max with a monotone deque; NaNs skipped. */
export function rollingExtreme(x: Float64Array, window: number, minPeriods: number, isMax: boolean): Float64Array {
  const minp = resolveMinPeriods(minPeriods, window);
  const out = new Float64Array(x.length);
  const dq = new Int32Array(window + 1);
  let head = 0, tail = 0, nobs = 0;
  for (let i = 0; i < x.length; i++) {
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) nobs--;
      if (tail > head && dq[head]! <= i - window) head++;
    }
    const v = x[i]!;
    if (v === v) {
      nobs++;
      while (tail > head && (isMax ? v >= x[dq[tail - 1]!]! : v <= x[dq[tail - 1]!]!)) tail--;
      // Compact when the deque reaches the end of its buffer.
      if (tail === dq.length) {
        dq.copyWithin(0, head, tail);
        tail -= head;
        head = 0;
      }
      dq[tail++] = i;
    }
    out[i] = tail > head && nobs >= minp ? x[dq[head]!]! : NaN;
  }
  return out;
}
