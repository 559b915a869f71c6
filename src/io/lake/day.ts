/**
 * Decoding one complete day folder's part file into plain columns, cut to [start, end): the unit
 * of work of every lake read, on the calling thread or on a pool worker (decode-op.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgqError } from '../../errors.js';
import { lowerBound } from '../../stats/bisect.js';
import type { BarColumn } from '../../sources/types.js';
import { withDecodedParquet, withDecodedParquetColumns, type DecodedParquet } from '../parquet.js';
import { dayEndMs, dayStartMs, partFileName } from './paths.js';
import type { LakeDayRef, TimeRange } from './scan.js';
import { dayColumns, type DayColumns } from './schema.js';

/** Decoded rows must be inside their day folder's UTC day, strictly ascending. */
function checkDayRows(ts: Float64Array, day: string, what: string): void {
  const t0 = dayStartMs(day)!;
  const t1 = dayEndMs(day);
  let prev = -Infinity;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (!(t > prev && t >= t0 && t < t1)) {
      throw new CgqError('LAKE_CORRUPT', `${what}: row ${i} ts ${new Date(t).toISOString()} is ${t <= prev ? 'not after the previous row' : `outside day ${day}`}`);
    }
    prev = t;
  }
}

/** Cut a day to [start, end); `copy` makes exact-size arrays (for cloning to another thread). */
function clip(d: DayColumns, columns: readonly BarColumn[], range: TimeRange, copy: boolean): DayColumns {
  const lo = range.start === undefined ? 0 : lowerBound(d.ts, range.start);
  const hi = range.end === undefined ? d.ts.length : lowerBound(d.ts, range.end);
  if (lo === 0 && hi === d.ts.length) return d;
  const cut = (x: Float64Array) => (copy ? x.slice(lo, hi) : x.subarray(lo, hi));
  const out: DayColumns = { ts: cut(d.ts) };
  for (const c of columns) out[c] = cut(d[c]!);
  return out;
}

function readDayFile(ref: LakeDayRef): { file: string; bytes: Uint8Array } {
  const file = join(ref.dir, partFileName(ref.day));
  try {
    return { file, bytes: readFileSync(file) };
  } catch (e) {
    throw new CgqError('LAKE_CORRUPT', `${file}: cannot read a day marked complete (${(e as Error).message})`, { cause: e });
  }
}

/** Decode a day (every column decoded, `columns` copied out), synchronously. */
export function decodeDay(ref: LakeDayRef, columns: readonly BarColumn[], range: TimeRange, copy = false): DayColumns {
  const { file, bytes } = readDayFile(ref);
  const day = withDecodedParquet(bytes, file, (d: DecodedParquet) => dayColumns(d, columns, file));
  checkDayRows(day.ts, ref.day, file);
  return clip(day, columns, range, copy);
}

/** Decode only `ts` and `columns` of a day (a projected, asynchronous read). */
export async function decodeDayProjected(ref: LakeDayRef, columns: readonly BarColumn[], range: TimeRange): Promise<DayColumns> {
  const { file, bytes } = readDayFile(ref);
  const day = await withDecodedParquetColumns(bytes, ['ts', ...columns], file, (d: DecodedParquet) => dayColumns(d, columns, file));
  checkDayRows(day.ts, ref.day, file);
  return clip(day, columns, range, false);
}
