/**
 * `cgq emd --input x.parquet`: number columns of every Arrow width as float64, time columns of
 * every unit in milliseconds, rows across decoded batches, the time range, one-line errors naming
 * the file, row and column, and a decomposition written by cgq decomposed again end to end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  DateDay,
  DateMillisecond,
  Dictionary,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { DIST_ROOT } from '../../src/paths.js';
import { encodeParquet } from '../../src/io/parquet.js';
import { decompositionBytes, readSeriesFile } from '../../src/emd/io.js';
import { formatName } from '../../src/emd/parquet-input.js';
import { readNpz } from './npz-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'cgq-emd-pq-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2024, 0, 1); // 2024-01-01T00:00Z
const MIN = 60_000;

function col<T extends DataType>(type: T, data: ArrayLike<number> | ArrayLike<bigint>, nullBitmap?: Uint8Array) {
  const length = data.length;
  const nullCount = nullBitmap ? Array.from({ length }, (_, i) => (nullBitmap[i >> 3]! >> (i & 7)) & 1).filter((b) => b === 0).length : 0;
  return makeVector(makeData({ type, length, nullCount, nullBitmap, data } as never));
}

function parquetFile(name: string, columns: Record<string, Vector>): string {
  const p = join(dir, name);
  writeFileSync(p, encodeParquet(new Table(columns), { codec: 'ZSTD', encodings: {}, statistics: false }));
  return p;
}

async function rejects(p: Promise<unknown>, code: string, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error & { code?: string }) => {
    assert.equal(e.code, code, e.message);
    assert.match(e.message, re);
    return true;
  });
}

test('parquet input: every integer and float width as float64; timestamps of every unit and zone, and dates, as epoch ms', async () => {
  const ms = [T0, T0 + MIN, T0 + 2 * MIN, T0 + 86_400_000];
  const big = (f: (t: number) => number) => BigInt64Array.from(ms, (t) => BigInt(f(t)));
  const p = parquetFile('types.parquet', {
    f64: col(new Float64(), Float64Array.from([0.1, -2.5, 1e300, 3])),
    f32: col(new Float32(), Float32Array.from([0.1, -2.5, 3e38, 3])),
    i64: col(new Int64(), BigInt64Array.from([-(2n ** 53n), -1n, 0n, 2n ** 53n])),
    u64: col(new Uint64(), BigUint64Array.from([0n, 1n, 2n ** 53n, 7n])),
    i32: col(new Int32(), Int32Array.from([-(2 ** 31), -1, 0, 2 ** 31 - 1])),
    u32: col(new Uint32(), Uint32Array.from([0, 1, 2 ** 32 - 1, 5])),
    i16: col(new Int16(), Int16Array.from([-32768, -1, 0, 32767])),
    u16: col(new Uint16(), Uint16Array.from([0, 1, 65535, 9])),
    i8: col(new Int8(), Int8Array.from([-128, -1, 0, 127])),
    u8: col(new Uint8(), Uint8Array.from([0, 1, 255, 4])),
    ts_s: col(new TimestampSecond(), big((t) => t / 1000)),
    ts_ms: col(new TimestampMillisecond('UTC'), big((t) => t)),
    ts_us: col(new TimestampMicrosecond(), big((t) => t * 1000)),
    ts_ns: col(new TimestampNanosecond('America/New_York'), big((t) => t * 1_000_000)),
    d64: col(new DateMillisecond(), big((t) => t)),
  });
  const names = ['f64', 'f32', 'i64', 'u64', 'i32', 'u32', 'i16', 'u16', 'i8', 'u8'];
  const r = await readSeriesFile(p, names, { timeColumn: 'ts_ns' });
  assert.deepEqual(r.values.map((v) => [...v]), [
    [0.1, -2.5, 1e300, 3],
    [...Float32Array.from([0.1, -2.5, 3e38, 3])],
    [-(2 ** 53), -1, 0, 2 ** 53],
    [0, 1, 2 ** 53, 7],
    [-(2 ** 31), -1, 0, 2 ** 31 - 1],
    [0, 1, 2 ** 32 - 1, 5],
    [-32768, -1, 0, 32767],
    [0, 1, 65535, 9],
    [-128, -1, 0, 127],
    [0, 1, 255, 4],
  ]);
  // A zone changes how a timestamp is shown, not the instant it stores.
  assert.deepEqual([...r.ts!], ms);
  for (const t of ['ts_s', 'ts_ms', 'ts_us', 'd64']) assert.deepEqual([...(await readSeriesFile(p, ['f64'], { timeColumn: t })).ts!], ms, t);
  // Dates (days since the epoch).
  const days = parquetFile('days.parquet', { d: col(new DateDay(), Int32Array.from([19723, 19724, 19726])), v: col(new Float64(), Float64Array.from([1, 2, 3])) });
  assert.deepEqual([...(await readSeriesFile(days, ['v'], { timeColumn: 'd', start: T0 + 86_400_000 })).ts!], [T0 + 86_400_000, T0 + 3 * 86_400_000]);
  assert.equal(formatName('tsu:'), 'timestamp[us]');
  assert.equal(formatName('tsn:Asia/Tokyo'), 'timestamp[ns, Asia/Tokyo]');
  assert.equal(formatName('d:12,4'), 'decimal(12,4)');
  assert.equal(formatName('+m'), "of Arrow format '+m'");
});

test('parquet input: rows across decoded batches (70,000 > 65,536 per batch), cut to [start, end) across the boundary', async () => {
  const n = 70_000;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
  const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7) + i * 1e-4);
  const w = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
  const p = parquetFile('long.parquet', {
    ts: col(new TimestampMillisecond('UTC'), BigInt64Array.from(ts, (t) => BigInt(t))),
    v: col(new Float64(), v),
    w: col(new Int32(), w),
  });
  const all = await readSeriesFile(p, ['v', 'w'], { timeColumn: 'ts' });
  assert.deepEqual(all.values[0], v);
  assert.deepEqual(all.values[1], Float64Array.from(w));
  assert.deepEqual(all.ts, ts);
  const [a, b] = [65_000, 66_000];
  const cut = await readSeriesFile(p, ['w', 'v'], { timeColumn: 'ts', start: ts[a], end: ts[b] });
  assert.deepEqual(cut.ts, ts.slice(a, b));
  assert.deepEqual(cut.values[0], Float64Array.from(w.slice(a, b)));
  assert.deepEqual(cut.values[1], v.slice(a, b));
  // Without a time column: every row, no times.
  const plain = await readSeriesFile(p, ['v']);
  assert.equal(plain.ts, undefined);
  assert.deepEqual(plain.values[0], v);
});

test('parquet input: a missing, textual or null value, a bad time column and a non-Parquet file are one-line typed errors', async () => {
  const ms = (k: number) => BigInt(T0 + k * MIN);
  const ok = { t: col(new TimestampMillisecond('UTC'), BigInt64Array.from([ms(0), ms(1), ms(2)])), v: col(new Float64(), Float64Array.from([1, 2, 3])) };
  const p = parquetFile('ok.parquet', { ...ok, s: vectorFromArray(['a', 'b', 'c'], new Utf8()) });
  await rejects(readSeriesFile(p, ['x'], {}), 'INPUT_COLUMN', /^--input \S+ok\.parquet: no column 'x' \(columns: t, v, s\)$/);
  await rejects(readSeriesFile(p, ['s'], {}), 'INPUT_COLUMN', /: column 's' is utf8, not a number column$/);
  await rejects(readSeriesFile(p, ['t'], {}), 'INPUT_COLUMN', /: column 't' is timestamp\[ms, UTC\], not a number column$/);
  await rejects(readSeriesFile(p, ['v'], { timeColumn: 'v' }), 'INPUT_COLUMN', /: time column 'v' is float64, not a timestamp or date column$/);
  await rejects(readSeriesFile(p, ['v'], { timeColumn: 't', start: T0 + 3 * MIN }), 'INPUT_EMPTY', /: no rows for the requested time range$/);
  await rejects(readSeriesFile(p, [undefined], {}), 'USAGE', /: a Parquet input needs --column NAME$/);
  // A categorical column's decoded format is its indices' type: refused, not read as values.
  const dictionary = makeData({ type: new Float64(), length: 2, nullCount: 0, data: Float64Array.from([1.5, 2.5]) });
  const cat = parquetFile('cat.parquet', {
    v: makeVector(makeData({ type: new Dictionary(new Float64(), new Int32()), length: 3, nullCount: 0, data: Int32Array.from([1, 0, 1]), dictionary: makeVector(dictionary) })),
  });
  await rejects(readSeriesFile(cat, ['v'], {}), 'INPUT_COLUMN', /: column 'v' is dictionary-encoded \(categorical\); write it as plain numbers or times$/);
  // Null and non-finite values, with the row that holds them.
  const nulls = parquetFile('nulls.parquet', { t: ok.t, v: col(new Float64(), Float64Array.from([1, 0, 3]), Uint8Array.from([0b101])) });
  await rejects(readSeriesFile(nulls, ['v'], {}), 'INPUT_NONFINITE', /^--input \S+nulls\.parquet: row 1 of column 'v' is null$/);
  const nan = parquetFile('nan.parquet', { v: col(new Float32(), Float32Array.from([1, 2, NaN])) });
  await rejects(readSeriesFile(nan, ['v'], {}), 'INPUT_NONFINITE', /: row 2 of column 'v' is not a finite number \(NaN\)$/);
  // Times: null, repeated, out of order, finer than a millisecond.
  const times = (name: string, type: DataType, t: bigint[], nullBitmap?: Uint8Array) => parquetFile(name, { t: col(type, BigInt64Array.from(t), nullBitmap), v: ok.v });
  const tsMs = new TimestampMillisecond('UTC');
  await rejects(readSeriesFile(times('tnull.parquet', tsMs, [ms(0), ms(1), ms(2)], Uint8Array.from([0b011])), ['v'], { timeColumn: 't' }), 'INPUT_PARSE', /^--input \S+tnull\.parquet: row 2, time column 't' is null$/);
  await rejects(
    readSeriesFile(times('tdup.parquet', tsMs, [ms(0), ms(1), ms(1)]), ['v'], { timeColumn: 't' }),
    'INPUT_DUPLICATE',
    /^--input \S+tdup\.parquet: row 2, time column 't': 2024-01-01T00:01:00\.000Z repeats row 1's time \(one series per file; a table of several symbols' rows needs a file per symbol\)$/,
  );
  await rejects(
    readSeriesFile(times('tord.parquet', tsMs, [ms(1), ms(0), ms(2)]), ['v'], { timeColumn: 't' }),
    'INPUT_PARSE',
    /: row 1, time column 't': 2024-01-01T00:00:00\.000Z is before row 0's 2024-01-01T00:01:00\.000Z \(rows must be in ascending time order/,
  );
  const us = (k: number) => BigInt(T0 + k * MIN) * 1000n;
  await rejects(
    readSeriesFile(times('tsub.parquet', new TimestampMicrosecond(), [us(0), us(1) + 1n, us(2)]), ['v'], { timeColumn: 't' }),
    'INPUT_PARSE',
    new RegExp(`: row 1, time column 't': ${us(1) + 1n} is not a whole millisecond \\(cgq keeps sample times in ms\\)$`),
  );
  // Not Parquet at all; no rows.
  const text = join(dir, 'text.parquet');
  writeFileSync(text, 'a,b\n1,2\n');
  await rejects(readSeriesFile(text, ['a'], {}), 'INPUT_PARSE', /^--input \S+text\.parquet: not a readable Parquet file \(/);
  const empty = parquetFile('empty.parquet', { v: col(new Float64(), new Float64Array(0)) });
  await rejects(readSeriesFile(empty, ['v'], {}), 'INPUT_EMPTY', /: no data rows$/);
  await rejects(readSeriesFile(join(dir, 'none.parquet'), ['v'], {}), 'INPUT_MISSING', /none\.parquet: no such file$/);
});

test('cgq emd --input x.parquet: an IMF of an earlier run decomposed again gives the bytes of the same values from a .f64, with its times as ts', async () => {
  const n = 600;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
  const imf = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / 37) + 0.3 * Math.sin((2 * Math.PI * i) / 9.5));
  const residue = Float64Array.from({ length: n }, (_, i) => 100 + i / n);
  const first = join(dir, 'first.parquet');
  writeFileSync(first, decompositionBytes(first, [imf], residue, { ts }));
  const f64 = join(dir, 'imf.f64');
  writeFileSync(f64, Buffer.from(imf.buffer));
  const MAIN = join(DIST_ROOT, 'src', 'cli', 'main.js');
  const cgq = (...argv: string[]) => spawnSync(process.execPath, [MAIN, 'emd', ...argv, '--trials', '4', '--quiet'], { encoding: 'utf8' });
  const viaParquet = join(dir, 'again.npz');
  const viaF64 = join(dir, 'again-f64.npz');
  const a = cgq('--input', first, '--column', 'imf_1', '--time-column', 'ts', '--output', viaParquet);
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stdout, /^emd: CEEMDAN \(4 trials, seed 1337\) of 600 samples: \d+ IMFs? \+ residue/);
  const b = cgq('--input', f64, '--output', viaF64);
  assert.equal(b.status, 0, b.stderr);
  const za = readNpz(readFileSync(viaParquet));
  const zb = readNpz(readFileSync(viaF64));
  assert.deepEqual(za.imfs!.data, zb.imfs!.data);
  assert.deepEqual(za.residue!.data, zb.residue!.data);
  assert.deepEqual([...za.ts!.data], [...ts]);
  assert.equal(zb.ts, undefined);
  // A bad column fails before anything is written.
  const bad = join(dir, 'bad.npz');
  const c = cgq('--input', first, '--column', 'imf_2', '--output', bad);
  assert.equal(c.status, 2);
  assert.match(c.stderr.trim(), /^cgq: INPUT_COLUMN: --input \S+first\.parquet: no column 'imf_2' \(columns: ts, imf_1, residue\)$/);
  assert.equal(existsSync(bad), false);
});
