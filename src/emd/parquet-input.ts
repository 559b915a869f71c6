/**
 * Series from a Parquet file for `cgq emd --input x.parquet --column c [--time-column t]`: a
 * user's own table, or a decomposition cgq wrote (one of its IMFs decomposed again). Numeric
 * columns of any width are read as float64, as numpy's astype(float) would; a time column must
 * be a timestamp (any unit, any or no zone: Arrow stores UTC instants) or a date, in whole
 * milliseconds, since the outputs' `ts` is timestamp[ms, UTC]. Only the named columns are
 * decoded.
 */
import { readFile } from 'node:fs/promises';
import { CgqError } from '../errors.js';
import { isValidAt, type FfiColumn, type FfiField } from '../io/arrow-ffi.js';
import { withSelectedParquetColumns, type DecodedParquet } from '../io/parquet.js';
import { lowerBound } from '../stats/bisect.js';
import { needInputFile, timeOrderError, type FileSeries, type SeriesTimeOptions } from './series-times.js';

/** Numeric Arrow formats (C Data Interface) and how to view their values. */
const NUMERIC: Record<string, { bytes: number; view: (b: ArrayBuffer) => ArrayLike<number | bigint> }> = {
  g: { bytes: 8, view: (b) => new Float64Array(b) },
  f: { bytes: 4, view: (b) => new Float32Array(b) },
  l: { bytes: 8, view: (b) => new BigInt64Array(b) },
  L: { bytes: 8, view: (b) => new BigUint64Array(b) },
  i: { bytes: 4, view: (b) => new Int32Array(b) },
  I: { bytes: 4, view: (b) => new Uint32Array(b) },
  s: { bytes: 2, view: (b) => new Int16Array(b) },
  S: { bytes: 2, view: (b) => new Uint16Array(b) },
  c: { bytes: 1, view: (b) => new Int8Array(b) },
  C: { bytes: 1, view: (b) => new Uint8Array(b) },
};

/** Time formats: timestamps (tss/tsm/tsu/tsn, then ':' and the zone) and dates (days, ms), with their ticks per millisecond or ms per tick. */
const TIME_UNITS: Record<string, { bytes: number; msPerTick?: bigint; ticksPerMs?: bigint }> = {
  tss: { bytes: 8, msPerTick: 1000n },
  tsm: { bytes: 8, msPerTick: 1n },
  tsu: { bytes: 8, ticksPerMs: 1000n },
  tsn: { bytes: 8, ticksPerMs: 1_000_000n },
  tdD: { bytes: 4, msPerTick: 86_400_000n },
  tdm: { bytes: 8, msPerTick: 1n },
};

function timeUnit(format: string): (typeof TIME_UNITS)[string] | undefined {
  return TIME_UNITS[format.startsWith('ts') ? format.slice(0, 3) : format];
}

const FORMAT_NAMES: Record<string, string> = {
  g: 'float64', f: 'float32', e: 'float16', l: 'int64', L: 'uint64', i: 'int32', I: 'uint32', s: 'int16', S: 'uint16', c: 'int8', C: 'uint8',
  u: 'utf8', U: 'large utf8', b: 'bool', z: 'binary', Z: 'large binary', n: 'null', tdD: 'date32', tdm: 'date64',
};

/** An Arrow format string (C Data Interface) as the type's name, e.g. 'tsm:UTC' -> timestamp[ms, UTC]. */
export function formatName(format: string): string {
  const named = FORMAT_NAMES[format];
  if (named) return named;
  const ts = /^ts([smun]):(.*)$/.exec(format);
  if (ts) return `timestamp[${{ s: 's', m: 'ms', u: 'us', n: 'ns' }[ts[1] as 's' | 'm' | 'u' | 'n']}${ts[2] ? `, ${ts[2]}` : ''}]`;
  if (format.startsWith('d:')) return `decimal(${format.slice(2)})`;
  return `of Arrow format '${format}'`;
}

/** Rows `offset .. offset+length` of a fixed-width column, copied out of the decoder's memory (aligned). */
function columnBytes(d: DecodedParquet, c: FfiColumn, width: number): ArrayBuffer {
  const mem = new Uint8Array(d.memory.buffer);
  const from = c.valuesPtr + c.offset * width;
  return mem.slice(from, from + c.length * width).buffer;
}

/** The first null row of a batch's column (-1: none). */
function firstNull(d: DecodedParquet, c: FfiColumn): number {
  if (c.nullCount === 0) return -1;
  const mem = new Uint8Array(d.memory.buffer);
  for (let i = 0; i < c.length; i++) if (!isValidAt(mem, c, i)) return i;
  return -1;
}

/** The named columns of a Parquet file as float64 series, with times from `timeColumn` (only rows in [start, end)). */
export async function readParquetColumns(path: string, columns: readonly string[], { timeColumn, start, end }: SeriesTimeOptions = {}): Promise<FileSeries> {
  needInputFile(path);
  const what = `--input ${path}`;
  const bytes = await readFile(path);
  const wanted = [...new Set([...columns, ...(timeColumn === undefined ? [] : [timeColumn])])];
  const select = (fields: FfiField[]): string[] => {
    const formatOf = (name: string): string => {
      const f = fields.find((x) => x.name === name);
      if (!f) throw new CgqError('INPUT_COLUMN', `${what}: no column '${name}' (columns: ${fields.map((x) => x.name).join(', ')})`);
      // Its format would be the indices' type: reading them as values would be silently wrong.
      if (f.dictionary) throw new CgqError('INPUT_COLUMN', `${what}: column '${name}' is dictionary-encoded (categorical); write it as plain numbers or times`);
      return f.format;
    };
    for (const c of columns) {
      const format = formatOf(c);
      if (!NUMERIC[format]) throw new CgqError('INPUT_COLUMN', `${what}: column '${c}' is ${formatName(format)}, not a number column`);
    }
    if (timeColumn !== undefined && !timeUnit(formatOf(timeColumn))) {
      throw new CgqError('INPUT_COLUMN', `${what}: time column '${timeColumn}' is ${formatName(formatOf(timeColumn))}, not a timestamp or date column`);
    }
    return wanted;
  };
  return withSelectedParquetColumns(bytes, what, select, (d) => seriesOf(d, what, columns, timeColumn, start, end), 'INPUT_PARSE');
}

function seriesOf(d: DecodedParquet, what: string, columns: readonly string[], timeColumn: string | undefined, start?: number, end?: number): FileSeries {
  const rows = d.batches.reduce((a, b) => a + b.length, 0);
  if (rows === 0) throw new CgqError('INPUT_EMPTY', `${what}: no data rows`);
  const index = (name: string) => d.fields.findIndex((f) => f.name === name);
  // The rows kept, [lo, hi): all, or (the times strictly ascend) those with times in [start, end).
  let lo = 0;
  let hi = rows;
  let ts: Float64Array | undefined;
  if (timeColumn !== undefined) {
    const all = timesOf(d, what, timeColumn, index(timeColumn));
    if (start !== undefined) lo = lowerBound(all, start);
    if (end !== undefined) hi = lowerBound(all, end);
    if (lo >= hi) throw new CgqError('INPUT_EMPTY', `${what}: no rows for the requested time range`);
    ts = all.slice(lo, hi);
  }
  const values = columns.map((name) => {
    const k = index(name);
    const unit = NUMERIC[d.fields[k]!.format]!;
    const out = new Float64Array(hi - lo);
    let first = 0; // the batch's first row in the file
    for (const b of d.batches) {
      const c = b.columns[k]!;
      const nul = firstNull(d, c);
      if (nul >= 0) throw new CgqError('INPUT_NONFINITE', `${what}: row ${first + nul} of column '${name}' is null`);
      const v = unit.view(columnBytes(d, c, unit.bytes));
      for (let row = Math.max(lo, first); row < Math.min(hi, first + c.length); row++) {
        const x = Number(v[row - first]!);
        if (!Number.isFinite(x)) throw new CgqError('INPUT_NONFINITE', `${what}: row ${row} of column '${name}' is not a finite number (${x})`);
        out[row - lo] = x;
      }
      first += c.length;
    }
    return out;
  });
  return { values, ts };
}

/** A Parquet table of several symbols' rows (cgq load reads CSV only) has to be split first. */
const PARQUET_ORDER_HINT = 'one series per file; a table of several symbols\' rows needs a file per symbol';

/** Every row's time in epoch ms, checked to be whole milliseconds and strictly ascending. */
function timesOf(d: DecodedParquet, what: string, name: string, k: number): Float64Array {
  const unit = timeUnit(d.fields[k]!.format)!;
  const out = new Float64Array(d.batches.reduce((a, b) => a + b.length, 0));
  const at = (row: number) => `${what}: row ${row}, time column '${name}'`;
  let row = 0;
  for (const b of d.batches) {
    const c = b.columns[k]!;
    const nul = firstNull(d, c);
    if (nul >= 0) throw new CgqError('INPUT_PARSE', `${at(row + nul)} is null`);
    const raw = columnBytes(d, c, unit.bytes);
    const ticks = unit.bytes === 4 ? Array.from(new Int32Array(raw), BigInt) : new BigInt64Array(raw);
    for (let i = 0; i < c.length; i++, row++) {
      const tick = ticks[i]!;
      if (unit.ticksPerMs !== undefined && tick % unit.ticksPerMs !== 0n) {
        throw new CgqError('INPUT_PARSE', `${at(row)}: ${tick} is not a whole millisecond (cgq keeps sample times in ms)`);
      }
      const t = Number(unit.ticksPerMs !== undefined ? tick / unit.ticksPerMs : tick * unit.msPerTick!);
      const bad = row > 0 ? timeOrderError(at(row), t, out[row - 1]!, `row ${row - 1}`, PARQUET_ORDER_HINT) : undefined;
      if (bad) throw bad;
      out[row] = t;
    }
  }
  return out;
}
