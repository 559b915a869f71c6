/**
 * `cgq bench lake`: lake write and read throughput (M rows/s) on realistic minute bars — several
 * symbols × many UTC days, one Parquet file per symbol-day, so per-file overhead (encode setup,
 * temp folder, manifest, renames; open, decode, concatenate) is part of every figure.
 * Goals (issue 2): write ≥ 0.5 M rows/s, read ≥ 2 M rows/s, for the one-thread path (no pool
 * given) and for the pool path (days encoded / decoded on the engine pool); the ratios give the
 * pool's speed-up. The encode-only group compares the lake's column encodings with dictionary
 * encoding everywhere on one day file; the projection groups compare the projected reader with
 * decoding every column.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SymbolBars } from '../src/sources/types.js';
import { LakeSource } from '../src/sources/lake.js';
import { writeSymbolBars } from '../src/io/lake/write.js';
import { encodeParquet } from '../src/io/parquet.js';
import { LAKE_WRITE_SPEC, lakeTable } from '../src/io/lake/schema.js';
import type { DecodeMode } from '../src/io/lake/read.js';
import { EnginePool } from '../src/engine/pool.js';
import { SharedArena } from '../src/engine/arena.js';
import { makeReport, runCases, writeReport, type BenchCase, type BenchSuite } from './harness.js';
import { syntheticBars } from './data.js';

const DAY_ROWS = 1440;

/** Bars as an exchange gives them: prices on a 0.01 tick, volume to 0.001, integer trade counts. */
export function realisticBars(symbol: string, days: number, seed: number): SymbolBars {
  const b = syntheticBars(days * DAY_ROWS, seed);
  const tick = (x: number) => Math.round(x * 100) / 100;
  const n = b.ts.length;
  const trades = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    b.open[i] = tick(b.open[i]!);
    b.close[i] = tick(b.close[i]!);
    b.high[i] = Math.max(tick(b.high[i]!), b.open[i]!, b.close[i]!);
    b.low[i] = Math.min(tick(b.low[i]!), b.open[i]!, b.close[i]!);
    b.volume[i] = Math.round(b.volume[i]! * 1000) / 1000;
    trades[i] = Math.round(b.volume[i]! * 3);
  }
  return { symbol, ...b, trades };
}

async function drain(src: LakeSource, columns?: ('close' | 'volume')[]): Promise<number> {
  let rows = 0;
  for await (const s of src.bars(columns ? { columns } : {})) rows += s.ts.length;
  return rows;
}

export const suite: BenchSuite = {
  name: 'lake',
  usesPool: true,
  describe: 'Parquet lake write/read over symbol-day files (M rows/s)',
  async run({ quick, nJobs, log, outDir }) {
    const symbols = quick ? 2 : 8;
    const days = quick ? 3 : 90;
    const rows = symbols * days * DAY_ROWS;
    const data = Array.from({ length: symbols }, (_, k) => realisticBars(`SYM${String(k).padStart(2, '0')}USDT`, days, 11 + k));
    const dir = mkdtempSync(join(tmpdir(), 'cgq-bench-lake-'));
    const pool = new EnginePool(new SharedArena(), { nJobs, noWarmup: true }); // lake ops run no kernels
    try {
      const root = join(dir, 'lake');
      const writeAll = async (r: string, p?: EnginePool) => {
        for (const b of data) await writeSymbolBars(r, b, { pool: p });
      };
      // The first write, timed once: new days, and a cold process (parquet-wasm compiles and V8
      // tiers it up on first use). The cases below are warm and replace existing days.
      const t0 = performance.now();
      await writeAll(root);
      const freshSec = (performance.now() - t0) / 1000;
      log?.(`first write (cold, new days): ${(rows / 1e6 / freshSec).toPrecision(4)} M rows/s`);

      const reader = (decode: DecodeMode, p?: EnginePool) => new LakeSource(root, { decode, pool: p });
      const check = async (src: LakeSource, cols?: ('close' | 'volume')[]) => {
        const got = await drain(src, cols);
        if (got !== rows) throw new Error(`bench lake: read ${got} rows, wrote ${rows}`);
      };
      const slow = { minSamples: 5, maxTime: quick ? 0.5 : 10 };
      const day = data[0]!;
      const dictAll = { ...LAKE_WRITE_SPEC, encodings: { symbol: 'dictionary', ts: 'dictionary', open: 'dictionary', high: 'dictionary', low: 'dictionary', close: 'dictionary', volume: 'dictionary', trades: 'dictionary' } } as const;
      const cases: BenchCase[] = [
        { name: 'lake write (replace days)', group: 'write', impl: 'one-thread', unit: 'M rows/s', work: rows / 1e6, fn: async () => writeAll(root), ...slow },
        { name: `lake write (replace days, pool ${pool.nJobs})`, group: 'write', impl: 'cgq', unit: 'M rows/s', work: rows / 1e6, fn: async () => writeAll(root, pool), ...slow },
        { name: 'lake read all columns', group: 'read all', impl: 'one-thread', unit: 'M rows/s', work: rows / 1e6, fn: async () => check(reader('auto')), ...slow },
        { name: `lake read all columns (pool ${pool.nJobs})`, group: 'read all', impl: 'cgq', unit: 'M rows/s', work: rows / 1e6, fn: async () => check(reader('all', pool)), ...slow },
        { name: 'lake read close (projected)', group: 'read close', impl: 'cgq', unit: 'M rows/s', work: rows / 1e6, fn: async () => check(reader('projected'), ['close']), ...slow },
        { name: 'lake read close (decode all)', group: 'read close', impl: 'decode-all', unit: 'M rows/s', work: rows / 1e6, fn: async () => check(reader('all'), ['close']), ...slow },
        { name: 'lake read close+volume (projected)', group: 'read close+volume', impl: 'cgq', unit: 'M rows/s', work: rows / 1e6, fn: async () => check(reader('projected'), ['close', 'volume']), ...slow },
        { name: 'lake read close+volume (decode all)', group: 'read close+volume', impl: 'decode-all', unit: 'M rows/s', work: rows / 1e6, fn: async () => check(reader('all'), ['close', 'volume']), ...slow },
        { name: 'encode day (lake encodings)', group: 'encode day', impl: 'cgq', unit: 'M rows/s', work: DAY_ROWS / 1e6, fn: () => encodeParquet(lakeTable(day, 0, DAY_ROWS), LAKE_WRITE_SPEC) },
        { name: 'encode day (dictionary everywhere)', group: 'encode day', impl: 'dictionary-everywhere', unit: 'M rows/s', work: DAY_ROWS / 1e6, fn: () => encodeParquet(lakeTable(day, 0, DAY_ROWS), dictAll) },
      ];
      const results = await runCases(cases, log);
      const bytes = (spec: typeof LAKE_WRITE_SPEC | typeof dictAll) => encodeParquet(lakeTable(day, 0, DAY_ROWS), spec).length;
      const rep = makeReport('lake', results, {
        params: { symbols, days, rowsPerDay: DAY_ROWS, rows, files: symbols * days, nJobs: pool.nJobs },
        absoluteGoals: {
          'lake write (replace days)': 0.5,
          [`lake write (replace days, pool ${pool.nJobs})`]: 0.5,
          'lake read all columns': 2,
          [`lake read all columns (pool ${pool.nJobs})`]: 2,
        },
        extra: {
          'first write in the process (cold, new days), M rows/s': rows / 1e6 / freshSec,
          'day file bytes, lake encodings': bytes(LAKE_WRITE_SPEC),
          'day file bytes, dictionary everywhere': bytes(dictAll),
        },
        notes: [
          'Plain cases run on one thread; pool cases encode (op lake_encode_day) or decode (op lake_decode_day) day files on the engine pool while the main thread puts days in place or concatenates. Files sit in the OS page cache (reads measure decode, not disk).',
          'Bars: seeded log random walk, prices on a 0.01 tick, volume to 0.001, integer trades; 1440 rows per symbol-day file.',
        ],
      });
      if (!quick) writeReport(rep, outDir);
      return rep;
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
