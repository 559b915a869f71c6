/**
 * Writing bars into the MySQL bars table in one transaction: the table is created when missing
 * (PRIMARY KEY (symbol, timestamp)), each symbol streams through LOAD DATA LOCAL, and any failure
 * rolls everything back, so a run writes all its rows or none.
 *
 * LOAD DATA LOCAL has IGNORE semantics (existing keys are skipped with a warning). Without
 * `replace` cgq never lets that pass silently: fewer affected rows than sent means keys already
 * existed, and the load fails naming the symbol and the range. With `replace` existing keys are
 * overwritten (REPLACE). Any other warning (a value the column could not hold exactly, e.g. a
 * DECIMAL column rounding a double) also fails the load.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { CgqError } from '../../errors.js';
import { assertSymbol } from '../../cli/options.js';
import { describeDb, type DbConfig } from '../../sources/db-config.js';
import { REQUIRED_BAR_COLUMNS, type SymbolBars } from '../../sources/types.js';
import { closeMysql, mysqlError, openMysql } from './connect.js';
import { toDatetime } from './datetime.js';
import { loadSymbolBars } from './load-data.js';
import { ensureBarsTable } from './table.js';

const ER_DUP_ENTRY = 1062;

export interface MysqlLoadOptions {
  /** Overwrite rows whose (symbol, timestamp) already exists (default: fail on them). */
  replace?: boolean;
  signal?: AbortSignal;
  /** Called as rows are sent (for progress). */
  onRows?: (rows: number) => void;
}

export interface MysqlLoadResult {
  rows: number;
  symbols: number;
  /** The table did not exist and was created. */
  created: boolean;
  /** Finite trade counts not written because the existing table has no `trades` column. */
  tradesDropped: number;
  description: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The invariants a BarSource promises, checked before anything is sent. */
export function assertWritableBars(b: SymbolBars, where: string): void {
  assertSymbol(b.symbol, where);
  const n = b.ts.length;
  for (const c of REQUIRED_BAR_COLUMNS) {
    const col = b[c];
    if (!col) throw new CgqError('INTERNAL', `${where}: ${b.symbol} has no '${c}' column to write`);
    if (col.length !== n) throw new CgqError('INTERNAL', `${where}: ${b.symbol} column '${c}' has ${col.length} rows, ts has ${n}`);
  }
  if (b.trades && b.trades.length !== n) throw new CgqError('INTERNAL', `${where}: ${b.symbol} column 'trades' has ${b.trades.length} rows, ts has ${n}`);
  for (let i = 1; i < n; i++) {
    if (!(b.ts[i]! > b.ts[i - 1]!)) {
      throw new CgqError('INPUT_DUPLICATE', `${where}: ${b.symbol} timestamps are not strictly ascending at ${iso(b.ts[i]!)} (row ${i})`);
    }
  }
}

function countFinite(x: Float64Array | undefined): number {
  if (!x) return 0;
  let k = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) k++;
  return k;
}

async function firstWarning(conn: Connection, skipDuplicates: boolean): Promise<string> {
  const [rows] = await conn.query<RowDataPacket[]>('SHOW WARNINGS');
  const w = rows.find((r) => !(skipDuplicates && Number(r.Code) === ER_DUP_ENTRY));
  return w ? `${w.Level} ${w.Code}: ${w.Message}` : `${rows.length} warnings`;
}

/** Existing rows of `symbol` in [lo, hi] (run after the rollback, so only pre-existing rows count). */
async function existingRange(conn: Connection, table: string, symbol: string, lo: number, hi: number): Promise<{ n: number; first?: number; last?: number }> {
  const [rows] = await conn.execute<RowDataPacket[]>(
    `SELECT COUNT(*) AS n, MIN(timestamp) AS lo, MAX(timestamp) AS hi FROM ${conn.escapeId(table)} WHERE symbol = ? AND timestamp >= ? AND timestamp <= ?`,
    [symbol, toDatetime(lo), toDatetime(hi)],
  );
  const r = rows[0]!;
  const ms = (d: unknown) => (d instanceof Date ? d.getTime() : undefined);
  return { n: Number(r.n), first: ms(r.lo), last: ms(r.hi) };
}

/** Undo our own CREATE TABLE when the load failed (DDL is not transactional). */
async function dropIfEmpty(conn: Connection, table: string): Promise<void> {
  try {
    const [rows] = await conn.query<RowDataPacket[]>(`SELECT 1 FROM ${conn.escapeId(table)} LIMIT 1`);
    if (rows.length === 0) await conn.query(`DROP TABLE ${conn.escapeId(table)}`);
  } catch {
    // best effort: the connection may be gone; the original error matters more
  }
}

/**
 * Load bars (any iterable of SymbolBars: a CSV, a generator, another source) into
 * `cfg.database`.`cfg.table` in one transaction. Returns what was written; throws a CgqError and
 * writes nothing on any failure.
 */
export async function loadBarsToMysql(cfg: DbConfig, bars: AsyncIterable<SymbolBars> | Iterable<SymbolBars>, o: MysqlLoadOptions = {}): Promise<MysqlLoadResult> {
  const replace = o.replace ?? false;
  const where = describeDb(cfg);
  const conn = await openMysql(cfg);
  let inTx = false;
  let created = false;
  try {
    const info = await ensureBarsTable(conn, cfg);
    created = info.created;
    const res: MysqlLoadResult = { rows: 0, symbols: 0, created: info.created, tradesDropped: 0, description: where };
    await conn.query('START TRANSACTION');
    inTx = true;
    for await (const b of bars) {
      o.signal?.throwIfAborted();
      assertWritableBars(b, where);
      const n = b.ts.length;
      if (n === 0) continue;
      if (!info.hasTrades) res.tradesDropped += countFinite(b.trades);
      const r = await loadSymbolBars(conn, cfg.table, b, { replace, withTrades: info.hasTrades, signal: o.signal, onChunk: o.onRows });
      const collided = replace ? 0 : n - r.affectedRows;
      if (r.warnings > collided) {
        const w = await firstWarning(conn, !replace);
        throw new CgqError('DB_QUERY', `${where}: the server changed values while loading ${b.symbol} (${w}); a column type cannot hold the data exactly, nothing written`);
      }
      if (collided > 0) {
        await conn.query('ROLLBACK');
        inTx = false;
        const ex = await existingRange(conn, cfg.table, b.symbol, b.ts[0]!, b.ts[n - 1]!);
        const span = ex.first !== undefined && ex.last !== undefined ? `; existing rows there span ${iso(ex.first)}..${iso(ex.last)}` : '';
        throw new CgqError(
          'INPUT_DUPLICATE',
          `${where}: ${collided} of ${n} ${b.symbol} rows in [${iso(b.ts[0]!)}, ${iso(b.ts[n - 1]!)}] already exist${span}; nothing written (use --replace to overwrite)`,
        );
      }
      res.rows += n;
      res.symbols++;
    }
    await conn.query('COMMIT');
    inTx = false;
    return res;
  } catch (e) {
    if (inTx) await conn.query('ROLLBACK').catch(() => {});
    if (created) await dropIfEmpty(conn, cfg.table);
    if (o.signal?.aborted) throw new CgqError('INTERRUPTED', `load into ${where} interrupted; rolled back, nothing written`);
    throw mysqlError(e, cfg, 'loading bars');
  } finally {
    await closeMysql(conn);
  }
}
