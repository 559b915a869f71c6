/**
 * Series in and decompositions out for `cgq emd`:
 *  * in: a raw little-endian f64 file (`.f64`), one column of a CSV file (header row, numbers;
 *    optionally a column of sample times) or of a Parquet file (./parquet-input.ts),
 *    or one column of a symbol's minute bars from a bar source (the lake by default);
 *  * out: `.npz` (arrays `imfs` [k, n] and `residue` [n]) or Parquet (columns imf_1..imf_k,
 *    residue), with the sample times first (`ts`) when the input has them and the settings that
 *    made them, written atomically.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { extname } from 'node:path';
import { Float64, Table, TimestampMillisecond, makeData, makeVector, type Vector } from 'apache-arrow';
import { int64Words } from '../engine/columns.js';
import { CgqError } from '../errors.js';
import { encodeParquet } from '../io/parquet.js';
import { hasGzipMagic, splitQuotedLine } from '../sources/csv.js';
import { UtcTimestampParser } from '../sources/utc-timestamp.js';
import { BAR_COLUMNS, type BarColumn, type BarSource, type SymbolBars } from '../sources/types.js';
import type { ImfHilbert } from './hilbert.js';
import { readParquetColumns } from './parquet-input.js';
import { needInputFile, timeOrderError, type FileSeries, type SeriesTimeOptions } from './series-times.js';
import { npzBytes, type NpyEntry } from './npz.js';

/** A raw little-endian float64 file. */
export async function readF64File(path: string): Promise<Float64Array> {
  needInputFile(path);
  const buf = await readFile(path);
  if (buf.length % 8 !== 0) throw new CgqError('INPUT_PARSE', `--input ${path}: ${buf.length} bytes is not a whole number of float64 values`);
  const out = new Float64Array(buf.length / 8);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat64(i * 8, true);
  return out;
}

/**
 * Columns of a CSV file with a header row, parsed in one pass; every field must be a number. With
 * `timeColumn`, that column holds the samples' times: ISO-8601 UTC as `cgq load` reads them
 * (../sources/utc-timestamp.ts), strictly ascending, since the rows are the series in order; rows
 * outside [start, end) are left out (their times still checked, their values not read).
 */
export async function readCsvColumns(path: string, columns: readonly string[], { timeColumn, start, end }: SeriesTimeOptions = {}): Promise<FileSeries> {
  needInputFile(path);
  const text = csvText(path, await readFile(path)).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const header = (splitQuotedLine(lines[0] ?? '') ?? []).map((h) => h.trim());
  const columnIndex = (column: string): number => {
    const k = header.indexOf(column);
    if (k < 0) throw new CgqError('INPUT_COLUMN', `--input ${path}: no column '${column}' (columns: ${header.join(', ')})`);
    return k;
  };
  const idx = columns.map(columnIndex);
  const times = timeColumn === undefined ? undefined : new CsvTimes(path, timeColumn, columnIndex(timeColumn));
  const out: number[][] = columns.map(() => []);
  const kept: number[] = [];
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li]!;
    if (line === '') continue;
    const f = line.includes('"') ? splitQuotedLine(line) : line.split(',');
    if (times) {
      const t = times.next(f?.[times.index]?.trim(), li + 1);
      if ((start !== undefined && t < start) || (end !== undefined && t >= end)) continue;
      kept.push(t);
    }
    idx.forEach((k, c) => {
      const raw = f?.[k]?.trim();
      if (raw === undefined || raw === '') throw new CgqError('INPUT_NONFINITE', `--input ${path}: line ${li + 1}, column '${columns[c]}' is empty`);
      const v = Number(raw);
      if (!Number.isFinite(v)) throw new CgqError('INPUT_NONFINITE', `--input ${path}: line ${li + 1}, column '${columns[c]}' is not a finite number ('${raw}')`);
      out[c]!.push(v);
    });
  }
  if (lines.slice(1).every((l) => l === '')) throw new CgqError('INPUT_EMPTY', `--input ${path}: no data rows`);
  if (times && kept.length === 0) throw new CgqError('INPUT_EMPTY', `--input ${path}: no rows for the requested time range`);
  return { values: out.map((v) => Float64Array.from(v)), ts: times && Float64Array.from(kept) };
}

/** A CSV path as `cgq emd` takes it: `.csv`, or `.csv.gz` as `cgq load` takes it. */
export function isCsvPath(path: string): boolean {
  return /\.csv(\.gz)?$/i.test(path);
}

/** An input file whose series are named columns: CSV or Parquet. */
export function hasColumns(path: string): boolean {
  return isCsvPath(path) || /\.parquet$/i.test(path);
}

/** A CSV file's text; gzip is recognised by its magic bytes, as `cgq load` does. */
function csvText(path: string, bytes: Buffer): string {
  if (!hasGzipMagic(bytes)) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (e) {
    throw new CgqError('INPUT_PARSE', `--input ${path}: cannot read the gzip stream (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}

/** A CSV time column read row by row: each field a UTC time after the one before. */
class CsvTimes {
  private readonly parser = new UtcTimestampParser();
  private last = -Infinity;
  private lastLine = 0;

  constructor(
    private readonly path: string,
    private readonly column: string,
    readonly index: number,
  ) {}

  /** The time of `line`'s field `raw`, checked to come after the previous line's. */
  next(raw: string | undefined, line: number): number {
    const at = `--input ${this.path}: line ${line}, time column '${this.column}'`;
    if (raw === undefined || raw === '') throw new CgqError('INPUT_PARSE', `${at} is empty`);
    const t = this.parser.parse(raw, 0, raw.length);
    if (Number.isNaN(t)) {
      const why = this.parser.error === 'timezone' ? 'is not UTC (use Z or +00:00)' : 'is not an ISO-8601 time (YYYY-MM-DD[ HH:MM[:SS[.fff]]][Z])';
      throw new CgqError('INPUT_PARSE', `${at}: '${raw}' ${why}`);
    }
    const bad = timeOrderError(at, t, this.last, `line ${this.lastLine}`);
    if (bad) throw bad;
    this.last = t;
    this.lastLine = line;
    return t;
  }
}

/**
 * Series from a file by its extension: a .f64 file is one series (no column, no times); a .csv
 * (or .csv.gz) or .parquet file gives one series per column, all read in one pass, with times
 * from `times.timeColumn` if given (and only the rows in its range).
 */
export async function readSeriesFile(path: string, columns: readonly (string | undefined)[], times: SeriesTimeOptions = {}): Promise<FileSeries> {
  const ext = extname(path).toLowerCase();
  if (ext === '.f64' || ext === '.bin') {
    if (times.timeColumn !== undefined) throw new CgqError('USAGE', `--time-column ${times.timeColumn}: a .f64 --input has no columns (--time-column applies to a CSV or Parquet --input)`);
    const x = await readF64File(path);
    return { values: columns.map(() => x) };
  }
  if (hasColumns(path)) {
    const named = columns.filter((c): c is string => c !== undefined);
    const kind = isCsvPath(path) ? 'CSV' : 'Parquet';
    if (named.length < columns.length) throw new CgqError('USAGE', `--input ${path}: a ${kind} input needs --column NAME`);
    return kind === 'CSV' ? readCsvColumns(path, named, times) : readParquetColumns(path, named, times);
  }
  throw new CgqError('USAGE', `--input ${path}: give a .f64 (raw little-endian float64), .csv, .csv.gz or .parquet file`);
}

/** One symbol's bars in [start, end) with `columns`, from one query. */
export async function readSymbolBars(source: BarSource, symbol: string, columns: readonly string[], start?: number, end?: number): Promise<SymbolBars> {
  for (const column of columns) {
    if (!(BAR_COLUMNS as readonly string[]).includes(column)) {
      throw new CgqError('USAGE', `--column ${column}: a bar column is one of ${BAR_COLUMNS.join(', ')}`);
    }
  }
  for await (const b of source.bars({ symbols: [symbol], start, end, columns: [...new Set(columns)] as BarColumn[] })) {
    if (b.ts.length === 0 || columns.some((c) => !b[c as BarColumn])) break;
    return b;
  }
  throw new CgqError('INPUT_EMPTY', `--symbol ${symbol}: no bars in ${source.description}${start !== undefined || end !== undefined ? ' for the requested time range' : ''}`);
}

/** Bar columns of one symbol in [start, end) as stored, and the bars' open times (epoch ms), from one query. */
export async function readSymbolColumns(source: BarSource, symbol: string, columns: readonly string[], start?: number, end?: number): Promise<{ ts: Float64Array; values: Float64Array[] }> {
  const b = await readSymbolBars(source, symbol, columns, start, end);
  return { ts: b.ts, values: columns.map((c) => b[c as BarColumn]!) };
}

export type OutputFormat = 'npz' | 'parquet';

export function outputFormat(path: string): OutputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.npz') return 'npz';
  if (ext === '.parquet') return 'parquet';
  throw new CgqError('USAGE', `--output ${path}: give a .npz or .parquet file`);
}

/** Rows of n values as one row-major [k, n] array. */
function stacked(rows: readonly Float64Array[], n: number): Float64Array {
  const flat = new Float64Array(rows.length * n);
  rows.forEach((r, k) => flat.set(r, k * n));
  return flat;
}

/** Parquet key-value metadata keys of a decomposition file. */
export const PARQUET_SETTINGS_KEY = 'cgq.emd.settings';
export const PARQUET_PERIODS_KEY = 'cgq.emd.periods';

/** What a decomposition file holds beside the IMFs and the residue. */
export interface DecompositionExtras {
  /** Each IMF's Hilbert attributes and dominant period. */
  hilbert?: ImfHilbert;
  /** How the file was made (JSON: Parquet metadata, or the npz's `settings` string). */
  settings?: object;
  /** The sample times (epoch ms; a symbol's bar open times or its minute grid), n of them. */
  ts?: Float64Array;
}

/**
 * The file holding IMFs and the residue (`.npz` or Parquet by the extension of `path`). With `ts`,
 * first the sample times (npz: `ts` [n] datetime64[ms]; Parquet: column `ts`, timestamp[ms, UTC]
 * as in the lake). With `hilbert`, each IMF's amplitude, phase and frequency (npz: arrays [k, n]
 * and `period` [k]; Parquet: columns imf_j_amplitude, imf_j_phase, imf_j_frequency, and the
 * periods as a JSON array under PARQUET_PERIODS_KEY, a column of k values not fitting a table of
 * n rows). `settings` (JSON) says how the file was made: under PARQUET_SETTINGS_KEY in Parquet,
 * as the last array of an npz, `settings` (a 0-d string).
 */
export function decompositionBytes(path: string, imfs: readonly Float64Array[], residue: Float64Array, extras: DecompositionExtras = {}): Uint8Array {
  const { hilbert, settings, ts } = extras;
  const n = residue.length;
  const k = imfs.length;
  if (ts && ts.length !== n) throw new CgqError('INTERNAL', `decomposition: ${ts.length} times for ${n} samples`);
  if (outputFormat(path) === 'npz') {
    const arrays: NpyEntry[] = [];
    if (ts) arrays.push({ name: 'ts', shape: [n], data: ts, dtype: 'datetime64[ms]' });
    arrays.push(
      { name: 'imfs', shape: [k, n], data: stacked(imfs, n) },
      { name: 'residue', shape: [n], data: residue },
    );
    if (hilbert) {
      arrays.push(
        { name: 'amplitude', shape: [k, n], data: stacked(hilbert.amplitude, n) },
        { name: 'phase', shape: [k, n], data: stacked(hilbert.phase, n) },
        { name: 'frequency', shape: [k, n], data: stacked(hilbert.frequency, n) },
        { name: 'period', shape: [k], data: hilbert.period },
      );
    }
    if (settings) arrays.push({ name: 'settings', text: JSON.stringify(settings) });
    return npzBytes(arrays);
  }
  const col = (x: Float64Array): Vector => makeVector(makeData({ type: new Float64(), length: x.length, nullCount: 0, data: x }));
  const cols: Record<string, Vector> = {};
  if (ts) cols.ts = timeColumn(ts);
  imfs.forEach((r, j) => {
    cols[`imf_${j + 1}`] = col(r);
  });
  cols.residue = col(residue);
  if (hilbert) {
    for (let j = 0; j < k; j++) {
      cols[`imf_${j + 1}_amplitude`] = col(hilbert.amplitude[j]!);
      cols[`imf_${j + 1}_phase`] = col(hilbert.phase[j]!);
      cols[`imf_${j + 1}_frequency`] = col(hilbert.frequency[j]!);
    }
  }
  const metadata: Record<string, string> = {};
  if (settings) metadata[PARQUET_SETTINGS_KEY] = JSON.stringify(settings);
  // JSON has no NaN: an undefined period (NaN in the .npz) is written as null.
  if (hilbert) metadata[PARQUET_PERIODS_KEY] = JSON.stringify([...hilbert.period]);
  return encodeParquet(new Table(cols), { codec: 'ZSTD', encodings: ts ? { ts: 'delta' } : {}, statistics: true, metadata });
}

/** Epoch milliseconds as a timestamp[ms, UTC] column (the lake's `ts` type). */
function timeColumn(ms: Float64Array): Vector {
  return makeVector(makeData({ type: new TimestampMillisecond('UTC'), length: ms.length, ...int64Words(ms) }));
}
