/**
 * Lake writes and reads: exact round trips (every column, null trades, -0.0, extreme doubles),
 * the fixed file schema as an independent reader (DuckDB) sees it, the UTC-midnight day split,
 * column projection, pruning by symbols and [start, end), determinism, and input validation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeSymbolBars } from '../../src/io/lake/write.js';
import { LakeSource } from '../../src/sources/lake.js';
import { readLakeBars } from '../../src/io/lake/read.js';
import { parseManifest } from '../../src/io/lake/manifest.js';
import { EnginePool } from '../../src/engine/pool.js';
import { SharedArena } from '../../src/engine/arena.js';
import type { SymbolBars } from '../../src/sources/types.js';
import { assertIdentical } from '../helpers/compare.js';
import { collect, DAY, makeBars, MIN, sliceBars, snapshot, tempDir, tree } from './lake-fixtures.js';

const T0 = Date.UTC(2024, 2, 30, 22, 0); // 2024-03-30 22:00 UTC: 2 h before midnight
const COLS = ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades'] as const;

function assertBarsEqual(got: SymbolBars, want: SymbolBars, what: string): void {
  assert.equal(got.symbol, want.symbol, `${what}: symbol`);
  for (const c of COLS) {
    if (want[c] === undefined) continue;
    assert.ok(got[c], `${what}: column ${c} missing`);
    assertIdentical(got[c]!, want[c]!, `${what} ${c}`);
  }
}

test('round trip is exact for every column, including null trades, -0.0 and extreme doubles', async (t) => {
  const root = tempDir(t);
  const b = makeBars('BTCUSDT', T0, 300, 7);
  const extremes = [-0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 0.1 + 0.2, -123.456];
  extremes.forEach((v, i) => {
    b.open![10 + i] = v;
    b.volume![20 + i] = v;
  });
  b.trades![3] = Number.MAX_SAFE_INTEGER;
  b.trades![4] = 0;
  const written = await writeSymbolBars(root, b);
  assert.deepEqual(written.map((w) => [w.day, w.rows]), [['2024-03-30', 120], ['2024-03-31', 180]]);
  const [got, ...rest] = await collect(new LakeSource(root).bars());
  assert.equal(rest.length, 0);
  assertBarsEqual(got!, b, 'BTCUSDT');
  assert.ok(Object.is(got!.open![10], -0), 'open[10] is -0.0');
  assert.equal(got!.trades![3], Number.MAX_SAFE_INTEGER);
  assert.ok(Number.isNaN(got!.trades![0]!) && Number.isNaN(got!.trades![5]!), 'null trades read back as NaN');
});

test('days split at UTC midnight: a bar at 00:00:00.000 opens the new day; manifests record the range', async (t) => {
  const root = tempDir(t);
  const mid = Date.UTC(2024, 0, 2);
  const ts = [mid - 2 * MIN, mid - 1, mid, mid + MIN, mid + DAY - 1];
  const b = makeBars('ETH_PERP', 0, ts.length, 3);
  b.ts.set(ts);
  const res = await writeSymbolBars(root, b);
  assert.deepEqual(res.map((r) => [r.day, r.rows]), [['2024-01-01', 2], ['2024-01-02', 3]]);
  const d2 = join(root, '1m', 'ETH_PERP', 'y=2024', 'm=01', 'd=02');
  assert.equal(res[1]!.file, join(d2, 'part-20240102.parquet'));
  const [m] = parseManifest(readFileSync(join(d2, 'MANIFEST.tsv'), 'utf8'), 'MANIFEST.tsv');
  assert.equal(m!.rows, 3);
  assert.equal(m!.minTs, mid);
  assert.equal(m!.maxTs, mid + DAY - 1);
  assert.equal(m!.codec, 'ZSTD');
  assert.equal(m!.bytes, readFileSync(res[1]!.file).length);
  assert.deepEqual(tree(d2), ['MANIFEST.tsv', '_SUCCESS', 'part-20240102.parquet']);
  assert.equal(readFileSync(join(d2, '_SUCCESS'), 'utf8'), '');
});

test('an independent reader (DuckDB) sees the fixed schema and the same values; absent trades are all null', async (t) => {
  const root = tempDir(t);
  const a = makeBars('AAA', T0, 200, 1);
  const b = makeBars('BBB', T0, 50, 2, { trades: false });
  await writeSymbolBars(root, a);
  await writeSymbolBars(root, b);
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const glob = join(root, '1m', '*', '*', '*', '*', '*.parquet');
  const schema = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${glob}', hive_partitioning = false)`)).getRowObjectsJson();
  assert.deepEqual(
    schema.map((r) => `${r.column_name} ${r.column_type}`),
    ['symbol VARCHAR', 'ts TIMESTAMP WITH TIME ZONE', 'open DOUBLE', 'high DOUBLE', 'low DOUBLE', 'close DOUBLE', 'volume DOUBLE', 'trades BIGINT'],
  );
  const rows = (
    await c.runAndReadAll(
      `SELECT symbol, count(*)::INTEGER n, count(trades)::INTEGER nt, sum(close) sc, min(epoch_ms(ts))::DOUBLE t0, max(epoch_ms(ts))::DOUBLE t1
       FROM read_parquet('${glob}', hive_partitioning = false) GROUP BY symbol ORDER BY symbol`,
    )
  ).getRowObjectsJson();
  const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
  const nonNull = (x: Float64Array) => x.filter((v) => !Number.isNaN(v)).length;
  assert.deepEqual(rows.map((r) => [r.symbol, r.n, r.nt, r.t0, r.t1]), [
    ['AAA', 200, nonNull(a.trades!), T0, T0 + 199 * MIN],
    ['BBB', 50, 0, T0, T0 + 49 * MIN],
  ]);
  assert.ok(Math.abs(Number(rows[0]!.sc) - sum(a.close!)) < 1e-6, 'close sums agree');
  const [, bb] = await collect(new LakeSource(root).bars({ columns: ['trades'] }));
  assert.ok(bb!.trades!.every((v) => Number.isNaN(v)), 'absent trades read back as all NaN');
  c.closeSync();
});

test('projection returns only the asked columns, identical in every decode mode', async (t) => {
  const root = tempDir(t);
  const b = makeBars('BTCUSDT', T0, 400, 5);
  await writeSymbolBars(root, b);
  for (const decode of ['auto', 'all', 'projected'] as const) {
    for (const columns of [['close'], ['volume', 'trades'], ['open', 'high', 'low', 'close', 'volume', 'trades']] as const) {
      const [got] = await collect(new LakeSource(root, { decode }).bars({ columns }));
      assert.deepEqual(Object.keys(got!).sort(), ['symbol', 'ts', ...columns].sort(), `${decode} ${columns.join(',')}`);
      for (const c of ['ts', ...columns] as const) assertIdentical(got![c]!, b[c]!, `${decode} ${c}`);
    }
  }
  await assert.rejects(collect(new LakeSource(root).bars({ columns: ['vwap' as 'close'] })), /unknown bar column 'vwap'/);
});

test('reads prune by symbols and [start, end): edges exact, symbols ascending, untouched days never opened', async (t) => {
  const root = tempDir(t);
  const start = Date.UTC(2024, 0, 30, 12); // 3 days + a bit, across a month boundary
  const bars = ['ZED', 'ALPHA', 'MID.X'].map((s, k) => makeBars(s, start, 4 * 1440, 10 + k));
  for (const b of bars) await writeSymbolBars(root, b);
  const src = new LakeSource(root);
  assert.deepEqual(await src.symbols(), ['ALPHA', 'MID.X', 'ZED']);

  const all = await collect(src.bars());
  assert.deepEqual(all.map((b) => b.symbol), ['ALPHA', 'MID.X', 'ZED']);

  // [start, end) on exact bar times: the bar at `end` is excluded, the bar at `s` included.
  const i0 = 700;
  const i1 = 2900; // crosses 2024-01-31 → 2024-02-01
  const alpha = bars[1]!;
  const q = { symbols: ['ZED', 'ALPHA', 'ALPHA', 'NOPE'], start: alpha.ts[i0]!, end: alpha.ts[i1]!, columns: ['close', 'trades'] as const };
  const got = await collect(src.bars(q));
  assert.deepEqual(got.map((b) => b.symbol), ['ALPHA', 'ZED'], 'requested symbols, de-duplicated, ascending; unknown ones have no rows');
  assertIdentical(got[0]!.ts, alpha.ts.slice(i0, i1), 'ALPHA ts');
  assertIdentical(got[0]!.close!, alpha.close!.slice(i0, i1), 'ALPHA close');
  assertIdentical(got[1]!.trades!, bars[0]!.trades!.slice(i0, i1), 'ZED trades');
  // Off-grid edges and empty ranges.
  const [one] = await collect(src.bars({ symbols: ['ALPHA'], start: alpha.ts[5]! + 1, end: alpha.ts[7]! + 1 }));
  assertIdentical(one!.ts, alpha.ts.slice(6, 8), 'off-grid edges');
  assert.equal((await collect(src.bars({ start: alpha.ts[9]!, end: alpha.ts[9]! }))).length, 0, 'start = end holds nothing');
  assert.equal((await collect(src.bars({ end: start }))).length, 0, 'range before the data holds nothing');
  await assert.rejects(collect(src.bars({ start: 10, end: 5 })), /bad time range/);
  await assert.rejects(collect(src.bars({ symbols: ['../etc'] })), (e: Error & { code?: string }) => e.code === 'INPUT_SYMBOL');

  // Pruning: a corrupt file in a day outside the range is never opened; inside the range it fails loudly.
  const bad = join(root, '1m', 'ALPHA', 'y=2024', 'm=02', 'd=02', 'part-20240202.parquet');
  writeFileSync(bad, 'not parquet');
  const feb1 = Date.UTC(2024, 1, 1);
  const [pruned] = await collect(src.bars({ symbols: ['ALPHA'], start: feb1, end: feb1 + DAY }));
  assert.equal(pruned!.ts.length, 1440);
  await assert.rejects(collect(src.bars({ symbols: ['ALPHA'], start: feb1, end: feb1 + DAY + 1 })), (e: Error & { code?: string }) => e.code === 'LAKE_CORRUPT' && e.message.includes('part-20240202.parquet'));
});

test('a day folder without _SUCCESS is skipped with a warning naming it', async (t) => {
  const root = tempDir(t);
  const b = makeBars('BTCUSDT', Date.UTC(2024, 0, 1), 3 * 1440, 4);
  await writeSymbolBars(root, b);
  const d2 = join(root, '1m', 'BTCUSDT', 'y=2024', 'm=01', 'd=02');
  rmSync(join(d2, '_SUCCESS'));
  const warnings: string[] = [];
  const [got] = await collect(readLakeBars(root, { onWarning: (m) => warnings.push(m) }));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /d=02: no _SUCCESS/);
  assertIdentical(got!.ts, Float64Array.from([...b.ts.slice(0, 1440), ...b.ts.slice(2880)]), 'days 1 and 3 only');
});

test('the same bars give byte-identical files (rewritten, written elsewhere, encoded on the pool); pool reads equal one-thread reads', async (t) => {
  const dir = tempDir(t);
  const bars = [makeBars('AAA', T0, 3000, 1), makeBars('BBB', T0 + 7 * MIN, 2000, 2, { trades: false })];
  for (const b of bars) await writeSymbolBars(join(dir, 'a'), b);
  const first = snapshot(join(dir, 'a'));
  assert.equal(first.size, 2 * 3 * 3, '2 symbols × 3 days × 3 files');
  for (const b of bars) await writeSymbolBars(join(dir, 'a'), b);
  assert.deepEqual(snapshot(join(dir, 'a')), first, 'rewrite in place');
  const pool = new EnginePool(new SharedArena(), { nJobs: 2, noWarmup: true });
  try {
    for (const b of bars) {
      const res = await writeSymbolBars(join(dir, 'b'), b, { pool });
      assert.deepEqual(res.map((r) => r.day), ['2024-03-30', '2024-03-31', '2024-04-01']);
    }
    assert.deepEqual(snapshot(join(dir, 'b')), first, 'pool-encoded lake');
    for (const q of [{}, { start: bars[0]!.ts[100]! + 1, end: bars[0]!.ts[2500]!, columns: ['close', 'trades'] as const }]) {
      const one = await collect(new LakeSource(join(dir, 'b')).bars(q));
      const par = await collect(new LakeSource(join(dir, 'b'), { pool }).bars(q));
      assert.equal(par.length, 2);
      par.forEach((b, i) => assertBarsEqual(b, one[i]!, `pool read ${JSON.stringify(q)}`));
    }
  } finally {
    await pool.close();
  }
});

test('a partial day replaces the whole day; other days stay', async (t) => {
  const root = tempDir(t);
  const b = makeBars('BTCUSDT', Date.UTC(2024, 0, 1), 2 * 1440, 4);
  await writeSymbolBars(root, b);
  const part = sliceBars(b, 1440 + 100, 1440 + 110);
  part.close = part.close!.map((x) => x + 1);
  await writeSymbolBars(root, part);
  const [got] = await collect(new LakeSource(root).bars({ columns: ['close'] }));
  assertIdentical(got!.ts, Float64Array.from([...b.ts.slice(0, 1440), ...part.ts]), 'ts');
  assertIdentical(got!.close!, Float64Array.from([...b.close!.slice(0, 1440), ...part.close]), 'close');
});

test('bad input is refused with its code and nothing is written', async (t) => {
  const root = tempDir(t);
  const ok = () => makeBars('BTCUSDT', T0, 10, 1);
  const cases: [string, (b: SymbolBars) => SymbolBars, string, RegExp][] = [
    ['lowercase symbol', (b) => ({ ...b, symbol: 'btcusdt' }), 'INPUT_SYMBOL', /symbol 'btcusdt'/],
    ['path symbol', (b) => ({ ...b, symbol: '..' }), 'INPUT_SYMBOL', /symbol '\.\.'/],
    ['duplicate ts', (b) => (b.ts[4] = b.ts[3]!, b), 'INPUT_DUPLICATE', /duplicate timestamp 2024-03-30T22:03:00.000Z \(rows 3 and 4\)/],
    ['descending ts', (b) => (b.ts[4] = b.ts[2]!, b), 'INTERNAL', /not ascending at row 4/],
    ['fractional ts', (b) => (b.ts[0] = 0.5, b), 'INPUT_PARSE', /ts row 0/],
    ['NaN close', (b) => (b.close![2] = NaN, b), 'INPUT_PARSE', /close at 2024-03-30T22:02:00.000Z \(row 2\) is NaN/],
    ['Infinity volume', (b) => (b.volume![1] = Infinity, b), 'INPUT_PARSE', /volume .* is Infinity/],
    ['fractional trades', (b) => (b.trades![1] = 1.5, b), 'INPUT_PARSE', /trades .* is 1.5/],
    ['negative trades', (b) => (b.trades![1] = -1, b), 'INPUT_PARSE', /trades .* is -1/],
    ['missing volume', (b) => (delete b.volume, b), 'INPUT_COLUMN', /column 'volume' missing/],
  ];
  for (const [name, mutate, code, msg] of cases) {
    await assert.rejects(writeSymbolBars(root, mutate(ok())), (e: Error & { code?: string }) => e.code === code && msg.test(e.message), name);
  }
  await assert.rejects(writeSymbolBars(root, ok(), { tf: '../x' }), /--tf '\.\.\/x'/);
  const aborted = AbortSignal.abort();
  await assert.rejects(writeSymbolBars(root, ok(), { signal: aborted }), (e: Error & { code?: string }) => e.code === 'INTERRUPTED');
  assert.equal(existsSync(join(root, '1m')), false, 'nothing written');
});
