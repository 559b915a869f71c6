/**
 * `cgq bench mysql`: the MySQL bar path on ≥ 1 M realistic bars (10 symbols × 100 k minutes from
 * bench/data.ts, on a price/volume grid like exchange data) in a scratch database that is dropped
 * afterwards.
 *
 *   load   loadBarsToMysql (LOAD DATA LOCAL streamed from memory, one transaction, into a
 *          truncated table) vs the common multi-row INSERT (1000 rows per statement, one
 *          transaction). Goal: ≥ 250 k rows/s.
 *   stream MysqlSource reading every symbol (prepared statements, binary protocol, rowsAsArray)
 *          vs a plain buffered `SELECT *` returning row objects. Goal: ≥ 500 k rows/s.
 *
 * The server is 127.0.0.1:3306 as root with an empty password unless DB_HOST / DB_PORT / DB_USER
 * / DB_PASSWORD say otherwise. The load result is cross-checked bit for bit through MysqlSource.
 */
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { loadBarsToMysql } from '../src/io/mysql/write.js';
import { createTableSql } from '../src/io/mysql/table.js';
import { toDatetime } from '../src/io/mysql/datetime.js';
import { MysqlSource } from '../src/sources/mysql.js';
import type { DbConfig } from '../src/sources/db-config.js';
import { collectBars, type SymbolBars } from '../src/sources/types.js';
import { CgqError } from '../src/errors.js';
import { makeReport, runCases, writeReport, type BenchCase, type BenchSuite } from './harness.js';
import { syntheticBars } from './data.js';

const SYMBOLS = 10;

/** Round to a grid (monotonic, so OHLC order relations survive). */
function onGrid(x: Float64Array, perUnit: number): Float64Array {
  return x.map((v) => Math.round(v * perUnit) / perUnit);
}

/**
 * bench/data.ts walks (prices near 100) on an exchange's grid: price tick 0.01, volume lot 0.001,
 * as real bars are. `fullPrecision` keeps the raw 17-digit doubles (the slow case for the server,
 * which parses every digit).
 */
function benchBars(perSymbol: number, fullPrecision = false): SymbolBars[] {
  return Array.from({ length: SYMBOLS }, (_, k) => {
    const b = syntheticBars(perSymbol, 1000 + k);
    const symbol = `BENCH${String(k).padStart(2, '0')}USDT`;
    if (fullPrecision) return { symbol, ...b };
    return { symbol, ts: b.ts, open: onGrid(b.open, 100), high: onGrid(b.high, 100), low: onGrid(b.low, 100), close: onGrid(b.close, 100), volume: onGrid(b.volume, 1000) };
  });
}

const readAll = async (cfg: DbConfig): Promise<SymbolBars[]> => collectBars(await MysqlSource.open(cfg));

/** Every value read back must be the very float64 that was written. */
function crossCheck(got: SymbolBars[], want: SymbolBars[]): void {
  if (got.length !== want.length) throw new CgqError('INTERNAL', `bench mysql: read ${got.length} symbols, wrote ${want.length}`);
  for (let k = 0; k < want.length; k++) {
    for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) {
      const g = got[k]![c]!;
      const w = want[k]![c]!;
      if (g.length !== w.length) throw new CgqError('INTERNAL', `bench mysql: ${want[k]!.symbol} ${c}: ${g.length} rows read, ${w.length} written`);
      for (let i = 0; i < w.length; i++) {
        if (!Object.is(g[i], w[i])) throw new CgqError('INTERNAL', `bench mysql: ${want[k]!.symbol} ${c}[${i}] read ${g[i]}, wrote ${w[i]}`);
      }
    }
  }
}

/** The baseline writer: multi-row INSERT, 1000 rows per statement, one transaction. */
async function insertBatches(conn: mysql.Connection, table: string, bars: SymbolBars[]): Promise<void> {
  await conn.query('START TRANSACTION');
  for (const b of bars) {
    for (let from = 0; from < b.ts.length; from += 1000) {
      const rows: unknown[][] = [];
      for (let i = from; i < Math.min(b.ts.length, from + 1000); i++) rows.push([b.symbol, toDatetime(b.ts[i]!), b.open![i], b.high![i], b.low![i], b.close![i], b.volume![i], null]);
      await conn.query(`INSERT INTO ${conn.escapeId(table)} (symbol, timestamp, open, high, low, close, volume, trades) VALUES ?`, [rows]);
    }
  }
  await conn.query('COMMIT');
}

export const suite: BenchSuite = {
  name: 'mysql',
  usesPool: false,
  describe: 'MySQL bars: LOAD DATA load and MysqlSource stream on 1 M bars (rows/s) vs INSERT batches and a buffered SELECT',
  async run({ quick, log, outDir }) {
    const perSymbol = quick ? 2_000 : 100_000;
    const n = perSymbol * SYMBOLS;
    const bars = benchBars(perSymbol);
    const rawBars = benchBars(perSymbol, true);
    const server = {
      host: process.env.DB_HOST || '127.0.0.1',
      port: Number(process.env.DB_PORT || 3306),
      user: process.env.DB_USER || 'root',
      password: process.env.DB_PASSWORD ?? '',
    };
    const database = `cgq_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
    let admin: mysql.Connection;
    try {
      admin = await mysql.createConnection({ ...server, timezone: 'Z', connectTimeout: 5000 });
    } catch (e) {
      throw new CgqError('DB_CONNECT', `bench mysql needs a server at ${server.host}:${server.port} (set DB_HOST/DB_PORT/DB_USER/DB_PASSWORD): ${(e as { code?: string }).code ?? e}`);
    }
    await admin.query(`CREATE DATABASE ${admin.escapeId(database)}`);
    try {
      await admin.query(`USE ${admin.escapeId(database)}`);
      const cfg: DbConfig = { ...server, database, table: 'ohlcvt' };
      const base: DbConfig = { ...cfg, table: 'ohlcvt_insert' };
      await admin.query(createTableSql(cfg.table));
      await admin.query(createTableSql(base.table));
      const mw = (rows: number) => rows / 1000;

      // Load once outside timing for the cross-check (and the stream cases' data).
      await loadBarsToMysql(cfg, bars);
      crossCheck(await readAll(cfg), bars);

      const slow = { minSamples: quick ? 2 : 3, maxTime: quick ? 0.5 : 3 };
      /** One case over all n rows, in k rows/s. */
      const rowsCase = (name: string, group: string, impl: string, fn: () => Promise<void>): BenchCase => ({ name, group, impl, unit: 'k rows/s', work: mw(n), ...slow, fn });
      /** A load case: empty `table`, then load it. */
      const loadCase = (name: string, group: string, impl: string, table: string, load: () => Promise<unknown>) =>
        rowsCase(name, group, impl, async () => {
          await admin.query(`TRUNCATE TABLE ${admin.escapeId(table)}`);
          await load();
        });
      const cases: BenchCase[] = [
        loadCase('mysql load LOAD DATA', 'mysql load', 'cgq', cfg.table, () => loadBarsToMysql(cfg, bars)),
        loadCase('mysql load LOAD DATA 17-digit doubles', 'mysql load full-precision', 'cgq', cfg.table, () => loadBarsToMysql(cfg, rawBars)),
        loadCase('mysql load INSERT x1000', 'mysql load', 'insert-batches', base.table, () => insertBatches(admin, base.table, bars)),
        rowsCase('mysql stream MysqlSource', 'mysql stream', 'cgq', async () => {
          const got = await readAll(cfg);
          if (got.length !== SYMBOLS) throw new CgqError('INTERNAL', `bench mysql: stream read ${got.length} symbols`);
        }),
        rowsCase('mysql stream buffered SELECT', 'mysql stream', 'buffered-select', async () => {
          const [rows] = await admin.query<mysql.RowDataPacket[]>(`SELECT symbol, timestamp, open, high, low, close, volume, trades FROM ${admin.escapeId(cfg.table)} ORDER BY symbol, timestamp`);
          if (rows.length !== n) throw new CgqError('INTERNAL', `bench mysql: buffered read ${rows.length} rows`);
        }),
      ];
      const results = await runCases(cases, log);
      const rep = makeReport('mysql', results, {
        params: { rows: n, symbols: SYMBOLS, server: `${server.host}:${server.port}` },
        absoluteGoals: { 'mysql load LOAD DATA': 250, 'mysql stream MysqlSource': 500 },
        notes: [
          'data: bench/data.ts random walks, 10 symbols x 100k minutes, on an exchange grid (price tick 0.01 near 100, volume lot 0.001) as real bars are; the 17-digit case loads the same walks unrounded (~2x the bytes for the server to parse) and has no goal.',
          'load: each operation truncates the table and loads every row in one transaction (LOAD DATA LOCAL from memory); the baseline sends 1000-row INSERT statements in one transaction.',
          'stream: MysqlSource reads each symbol with a prepared statement over the binary protocol; the baseline is one buffered SELECT of row objects.',
          'The loaded rows were read back through MysqlSource and compared bit for bit with the input before timing.',
        ],
      });
      if (!quick) writeReport(rep, outDir);
      return rep;
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeId(database)}`).catch(() => {});
      await admin.end().catch(() => {});
    }
  },
};
