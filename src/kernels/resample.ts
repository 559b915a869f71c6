/**
 * Resampling 1-minute bars to k-minute bars with the `resample_ohlcv` kernel. The kernel keeps the
 * one ABI (output length = input length): row i holds the running aggregate of its bin, so the last
 * row of each bin is the finished bar. This module turns those rows into bars: one per bin from the
 * first bin to the last, empty bins kept with NaN prices, volume 0 and count 0 (DECISIONS B17; the
 * original's resample keeps them the same way). `BinCollector` does it chunk by chunk, so a caller
 * feeding day partitions through the carried state gets exactly the batch result.
 */
import { CgqError } from '../errors.js';
import type { LocalKernels } from './local.js';

import type { OhlcvColumns } from '../sources/types.js';

export type { OhlcvColumns };

export interface ResampledBars extends OhlcvColumns {
  /** 1-minute rows in each bin (0 for an empty bin): coverage = count / minutes. */
  count: Float64Array;
}

/** The kernel's outputs in registry order: bin, open, high, low, close, volume, count. */
export type RunningBinOutputs = readonly Float64Array[];

/** Growable columns of finished bins. */
class BinColumns {
  length = 0;
  cols = Array.from({ length: 7 }, () => new Float64Array(64));

  /** Append one bin: (bin, open, high, low, close, volume, count) from `row`. */
  push(row: ArrayLike<number>): void {
    if (this.length === this.cols[0]!.length) {
      this.cols = this.cols.map((a) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      });
    }
    const k = this.length++;
    for (let j = 0; j < 7; j++) this.cols[j]![k] = row[j]!;
  }

  result(): ResampledBars {
    const [ts, open, high, low, close, volume, count] = this.cols.map((a) => a.slice(0, this.length));
    return { ts: ts!, open: open!, high: high!, low: low!, close: close!, volume: volume!, count: count! };
  }
}

/**
 * Collects finished bins from the kernel's running rows, chunk after chunk. A bin is finished when
 * a row of a later bin arrives, or at `finish()`; empty bins in between are inserted.
 */
export class BinCollector {
  private readonly out = new BinColumns();
  private readonly span: number;
  /** The open bin's latest running row (bin, o, h, l, c, v, count); pending[0] is NaN when none. */
  private readonly pending = new Float64Array(7).fill(NaN);
  private readonly empty = new Float64Array([NaN, NaN, NaN, NaN, NaN, 0, 0]);

  constructor(readonly minutes: number) {
    this.span = minutes * 60_000;
  }

  push(running: RunningBinOutputs): void {
    const cols = running;
    const bin = cols[0]!;
    const p = this.pending;
    for (let i = 0; i < bin.length; i++) {
      const b = bin[i]!;
      if (b !== b) continue; // a row with a NaN timestamp belongs to no bin
      if (p[0] === p[0] && p[0] !== b) this.emit(b);
      for (let j = 0; j < 7; j++) p[j] = cols[j]![i]!;
    }
  }

  /** Emit the pending bin and the empty bins between it and `next`. */
  private emit(next: number): void {
    this.out.push(this.pending);
    for (let t = this.pending[0]! + this.span; t < next; t += this.span) {
      this.empty[0] = t;
      this.out.push(this.empty);
    }
  }

  /** All bins so far, the open one included (call once, after the last chunk). */
  finish(): ResampledBars {
    if (this.pending[0] === this.pending[0]) {
      this.out.push(this.pending);
      this.pending[0] = NaN;
    }
    return this.out.result();
  }
}

/** Check that timestamps are finite and non-decreasing (bins are formed in time order). */
export function assertTimeOrdered(ts: Float64Array, what = 'input'): void {
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (!Number.isFinite(t)) throw new CgqError('INPUT_PARSE', `${what}: row ${i + 1}: timestamp is missing or not finite`);
    if (i > 0 && t < ts[i - 1]!) {
      throw new CgqError('INPUT_PARSE', `${what}: row ${i + 1}: timestamps must be in ascending time order (${new Date(t).toISOString()} after ${new Date(ts[i - 1]!).toISOString()})`);
    }
  }
}

/**
 * k-minute bars from time-ordered 1-minute bars: bins [floor(t / k min)·k min, +k min) in UTC,
 * open first / high max / low min / close last (NaNs skipped) / volume Kahan sum / count of rows.
 */
export function resampleBars(local: LocalKernels, bars: OhlcvColumns, minutes: number, what = 'input'): ResampledBars {
  assertTimeOrdered(bars.ts, what);
  const running = local.run('resample_ohlcv', [bars.ts, bars.open, bars.high, bars.low, bars.close, bars.volume], { minutes });
  const c = new BinCollector(minutes);
  c.push(running);
  return c.finish();
}

/**
 * The original's resample rule per window (core._target_resample_rule), in minutes: the 1h window
 * is re-gridded to 1 minute, 4h to 3, 12h to 10, 24h to 20, 72h to 60, 6h to 5, 168h to 120;
 * any other window keeps its raw rows (undefined).
 */
export function targetResampleMinutes(windowMinutes: number): number | undefined {
  return RESAMPLE_RULES.get(windowMinutes);
}

const RESAMPLE_RULES = new Map<number, number>([
  [60, 1],
  [240, 3],
  [720, 10],
  [1440, 20],
  [4320, 60],
  [360, 5],
  [10080, 120],
]);
