/** What every file reader of `cgq emd` returns, the one rule its sample times follow, and its missing-file error. */
import { existsSync } from 'node:fs';
import { CgqError } from '../errors.js';

/** An --input that is not there: INPUT_MISSING before anything is read. */
export function needInputFile(path: string): void {
  if (!existsSync(path)) throw new CgqError('INPUT_MISSING', `--input ${path}: no such file`);
}

/** Series read from a file, and their sample times (epoch ms) when the file has a time column. */
export interface FileSeries {
  values: Float64Array[];
  ts?: Float64Array;
}

/** Which column of a file holds its rows' times, and which times to keep ([start, end), epoch ms). */
export interface SeriesTimeOptions {
  timeColumn?: string;
  start?: number;
  end?: number;
}

/** One series per file: the likely cause of a repeated or earlier time, and its cure for a CSV. */
export const CSV_ORDER_HINT = 'one series per file; for a bars CSV of several symbols, cgq load it and use --symbol';

/**
 * Why time `t` (at `at`, e.g. "--input f: line 9, time column 't'") cannot follow `prev` (at
 * `prevAt`, e.g. "line 8"), or undefined when it can: the rows are the series in order, so their
 * times strictly ascend. `hint` says what to do about it.
 */
export function timeOrderError(at: string, t: number, prev: number, prevAt: string, hint = CSV_ORDER_HINT): CgqError | undefined {
  if (t > prev) return undefined;
  const iso = new Date(t).toISOString();
  if (t === prev) return new CgqError('INPUT_DUPLICATE', `${at}: ${iso} repeats ${prevAt}'s time (${hint})`);
  return new CgqError('INPUT_PARSE', `${at}: ${iso} is before ${prevAt}'s ${new Date(prev).toISOString()} (rows must be in ascending time order; ${hint})`);
}
