/**
 * The fixed schema of a lake day file and its conversion to and from `SymbolBars`:
 *
 *   symbol  utf8, required            (dictionary-encoded: one value per file)
 *   ts      timestamp[ms, UTC], required, ascending and unique
 *   open, high, low, close, volume    float64, required
 *   trades  int64, nullable           (NaN in SymbolBars ⇔ null in the file)
 *
 * Every day file has exactly this schema, whatever columns the writer was given.
 */
import {
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  Utf8,
  type Data,
} from 'apache-arrow';
import { CgqError } from '../../errors.js';
import { int64Words, readI64AsNumbers } from '../../engine/columns.js';
import type { BarColumn, SymbolBars } from '../../sources/types.js';
import type { DecodedParquet, ParquetWriteSpec } from '../parquet.js';
import { isValidAt } from '../arrow-ffi.js';

export const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

export const LAKE_SCHEMA = new Schema([
  new Field('symbol', new Utf8(), false),
  new Field('ts', new TimestampMillisecond('UTC'), false),
  ...PRICE_COLUMNS.map((c) => new Field(c, new Float64(), false)),
  new Field('trades', new Int64(), true),
]);

/**
 * How day files are encoded: ZSTD everywhere; dictionary encoding where it pays (the symbol: one
 * value per file); DELTA_BINARY_PACKED for the minute grid and the trade counts; PLAIN doubles.
 * On real Binance days, PLAIN doubles under ZSTD gave the smallest files (exact repeats such as
 * open = previous close compress as 8-byte matches); dictionaries over ~1440 doubles were larger
 * and ~1.5× slower to write; BYTE_STREAM_SPLIT was faster but ~25 % larger.
 */
export const LAKE_WRITE_SPEC: ParquetWriteSpec = {
  codec: 'ZSTD',
  encodings: { symbol: 'dictionary', ts: 'delta', open: 'plain', high: 'plain', low: 'plain', close: 'plain', volume: 'plain', trades: 'delta' },
  statistics: true,
};

/** The codec name recorded in MANIFEST.tsv (parquet-wasm 0.8 uses its default ZSTD level). */
export const LAKE_CODEC = 'ZSTD';

const utf8 = new TextEncoder();

/** A utf8 column repeating one string `n` times. */
function repeatedString(s: string, n: number): Data<Utf8> {
  const b = utf8.encode(s);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) offsets[i] = i * b.length;
  const data = new Uint8Array(n * b.length);
  for (let i = 0; i < n; i++) data.set(b, i * b.length);
  return makeData({ type: new Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data });
}

/**
 * Rows [from, to) of validated bars as a table with the lake schema. Price columns are views, not
 * copies; an absent `trades` becomes an all-null column.
 */
export function lakeTable(bars: SymbolBars, from: number, to: number): Table {
  const n = to - from;
  const trades = bars.trades
    ? makeData({ type: new Int64(), length: n, ...int64Words(bars.trades.subarray(from, to)) })
    : makeData({ type: new Int64(), length: n, nullCount: n, nullBitmap: new Uint8Array(Math.ceil(n / 8)), data: new BigInt64Array(n) });
  const children: Data[] = [
    repeatedString(bars.symbol, n),
    makeData({ type: new TimestampMillisecond('UTC'), length: n, ...int64Words(bars.ts.subarray(from, to)) }),
    ...PRICE_COLUMNS.map((c) => makeData({ type: new Float64(), length: n, nullCount: 0, data: bars[c]!.subarray(from, to) })),
    trades,
  ];
  const struct = makeData({ type: new Struct(LAKE_SCHEMA.fields), length: n, nullCount: 0, children });
  return new Table(LAKE_SCHEMA, [new RecordBatch(LAKE_SCHEMA, struct)]);
}

/** One decoded day: `ts` plus the requested value columns, as plain numbers (NaN for null). */
export type DayColumns = Pick<SymbolBars, 'ts'> & Partial<Record<BarColumn, Float64Array>>;

/** C Data Interface formats of the lake columns. */
const FORMATS: Record<string, string> = { ts: 'tsm:UTC', open: 'g', high: 'g', low: 'g', close: 'g', volume: 'g', trades: 'l' };

/** Scratch for int64 words (reused: reads are sequential within a thread). */
let words = new Uint32Array(0);

/** Copy one decoded column into `out` as numbers; int64 via 32-bit halves (|x| < 2^53), nulls → NaN. */
function copyColumn(d: DecodedParquet, index: number, name: string, out: Float64Array, what: string): void {
  const mem = new Uint8Array(d.memory.buffer);
  let pos = 0;
  for (const b of d.batches) {
    const c = b.columns[index]!;
    const n = c.length;
    const src = mem.subarray(c.valuesPtr + c.offset * 8, c.valuesPtr + (c.offset + n) * 8);
    if (FORMATS[name] === 'g') {
      if (c.nullCount !== 0) throw new CgqError('LAKE_CORRUPT', `${what}: column '${name}' holds nulls`);
      new Uint8Array(out.buffer, out.byteOffset + pos * 8, n * 8).set(src);
    } else {
      if (words.length < 2 * n) words = new Uint32Array(2 * n);
      new Uint8Array(words.buffer, 0, n * 8).set(src);
      const dst = out.subarray(pos, pos + n);
      readI64AsNumbers(words, dst);
      if (c.nullCount !== 0) {
        if (name !== 'trades' || c.validityPtr === 0) throw new CgqError('LAKE_CORRUPT', `${what}: column '${name}' holds nulls`);
        for (let i = 0; i < n; i++) if (!isValidAt(mem, c, i)) dst[i] = NaN;
      }
    }
    pos += n;
  }
}

/** Extract `ts` and `columns` from a decoded day file, checking names and types against the schema. */
export function dayColumns(d: DecodedParquet, columns: readonly BarColumn[], what: string): DayColumns {
  const n = d.batches.reduce((a, b) => a + b.length, 0);
  const take = (name: string): Float64Array => {
    const index = d.fields.findIndex((f) => f.name === name);
    if (index < 0) throw new CgqError('LAKE_CORRUPT', `${what}: column '${name}' missing`);
    if (d.fields[index]!.format !== FORMATS[name]) {
      throw new CgqError('LAKE_CORRUPT', `${what}: column '${name}' has Arrow format '${d.fields[index]!.format}', expected '${FORMATS[name]}'`);
    }
    const out = new Float64Array(n);
    copyColumn(d, index, name, out, what);
    return out;
  };
  const out: DayColumns = { ts: take('ts') };
  for (const c of columns) out[c] = take(c);
  return out;
}
