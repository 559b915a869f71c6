/**
 * The `ohlcvt` bars table: its DDL when cgq creates it, and a look at an existing one (which
 * columns it has, of what type, and whether (symbol, timestamp) is a unique key). The name is
 * validated by db-config and always quoted with escapeId; everything else is a bound parameter.
 */
import mysql from 'mysql2';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { CgqError } from '../../errors.js';
import { describeDb, type DbConfig } from '../../sources/db-config.js';
import { mysqlError } from './connect.js';

export const REQUIRED_TABLE_COLUMNS = ['symbol', 'timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

/** DDL of a new bars table: doubles round-trip exactly, DATETIME(3) holds UTC ms. */
export function createTableSql(table: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${mysql.escapeId(table)} (` +
    'symbol VARCHAR(32) NOT NULL, timestamp DATETIME(3) NOT NULL, ' +
    'open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL, volume DOUBLE NOT NULL, ' +
    'trades BIGINT NULL, PRIMARY KEY (symbol, timestamp)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4'
  );
}

export interface TableInfo {
  exists: boolean;
  /** Lower-cased column name → information_schema DATA_TYPE (e.g. 'double', 'decimal'). */
  columns: Map<string, string>;
  /** A PRIMARY KEY or UNIQUE index on exactly (symbol, timestamp). */
  uniqueKey: boolean;
  hasTrades: boolean;
}

export async function inspectTable(conn: Connection, cfg: DbConfig): Promise<TableInfo> {
  try {
    const [cols] = await conn.execute<RowDataPacket[]>(
      'SELECT COLUMN_NAME AS name, DATA_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [cfg.database, cfg.table],
    );
    const columns = new Map<string, string>(cols.map((r) => [String(r.name).toLowerCase(), String(r.type).toLowerCase()]));
    const [idx] = await conn.execute<RowDataPacket[]>(
      'SELECT INDEX_NAME AS name, COLUMN_NAME AS col, NON_UNIQUE AS nonUnique FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX',
      [cfg.database, cfg.table],
    );
    const byIndex = new Map<string, { cols: string[]; unique: boolean }>();
    for (const r of idx) {
      const k = String(r.name);
      const e = byIndex.get(k) ?? { cols: [], unique: Number(r.nonUnique) === 0 };
      e.cols.push(String(r.col).toLowerCase());
      byIndex.set(k, e);
    }
    const uniqueKey = [...byIndex.values()].some((e) => e.unique && e.cols.length === 2 && e.cols.includes('symbol') && e.cols.includes('timestamp'));
    return { exists: columns.size > 0, columns, uniqueKey, hasTrades: columns.has('trades') };
  } catch (e) {
    throw mysqlError(e, cfg, `inspecting table '${cfg.table}'`);
  }
}

/** Fail with one line when the table lacks a required column. */
export function assertBarColumns(info: TableInfo, cfg: DbConfig): void {
  if (!info.exists) throw new CgqError('DB_QUERY', `${describeDb(cfg)}: table '${cfg.table}' does not exist`);
  const missing = REQUIRED_TABLE_COLUMNS.filter((c) => !info.columns.has(c));
  if (missing.length) {
    throw new CgqError('DB_QUERY', `${describeDb(cfg)}: table '${cfg.table}' lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (needs ${REQUIRED_TABLE_COLUMNS.join(', ')}[, trades])`);
  }
}

/**
 * Make sure a table fit for loading exists: create it when missing; otherwise it must have the bar
 * columns and a unique key on (symbol, timestamp), without which duplicates could not be detected.
 */
export async function ensureBarsTable(conn: Connection, cfg: DbConfig): Promise<TableInfo & { created: boolean }> {
  let info = await inspectTable(conn, cfg);
  let created = false;
  if (!info.exists) {
    try {
      await conn.query(createTableSql(cfg.table));
    } catch (e) {
      throw mysqlError(e, cfg, `creating table '${cfg.table}'`);
    }
    info = await inspectTable(conn, cfg);
    created = true;
  }
  assertBarColumns(info, cfg);
  if (!info.uniqueKey) {
    throw new CgqError(
      'DB_QUERY',
      `${describeDb(cfg)}: table '${cfg.table}' has no PRIMARY KEY or UNIQUE index on (symbol, timestamp), so duplicate rows could not be detected; add one first`,
    );
  }
  return { ...info, created };
}
