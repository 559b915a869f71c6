/**
 * Minute bars from a MySQL/MariaDB `ohlcvt` table, one symbol at a time. Each symbol is one
 * prepared statement (`WHERE symbol = ? AND timestamp >= ? AND timestamp < ? ORDER BY timestamp`,
 * a range scan of the (symbol, timestamp) key) streamed row by row over the binary protocol with
 * rowsAsArray: doubles arrive as doubles (no text parsing) and DATETIME(3) as UTC Dates
 * (`timezone: 'Z'`). DECIMAL columns of an existing table arrive as strings and are converted.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { CgqError } from '../errors.js';
import { assertSymbol } from '../cli/options.js';
import { closeMysql, core, mysqlError, openMysql } from '../io/mysql/connect.js';
import { DATETIME_MAX_MS, DATETIME_MIN_MS, toDatetime } from '../io/mysql/datetime.js';
import { assertBarColumns, inspectTable, type TableInfo } from '../io/mysql/table.js';
import { describeDb, type DbConfig } from './db-config.js';
import { BAR_COLUMNS, type BarColumn, type BarQuery, type BarSource, type SymbolBars } from './types.js';

/** Column buffers that double when full; trimmed to the row count at the end. */
class Columns {
  cap = 4096;
  readonly a: Float64Array[];
  constructor(k: number) {
    this.a = Array.from({ length: k }, () => new Float64Array(this.cap));
  }
  grow(): void {
    this.cap *= 2;
    for (let k = 0; k < this.a.length; k++) {
      const b = new Float64Array(this.cap);
      b.set(this.a[k]!);
      this.a[k] = b;
    }
  }
  done(k: number, n: number): Float64Array {
    const x = this.a[k]!;
    return n === x.length ? x : x.slice(0, n);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export class MysqlSource implements BarSource {
  readonly kind = 'mysql' as const;
  readonly description: string;

  private constructor(
    private readonly cfg: DbConfig,
    private readonly conn: Connection,
    private readonly info: TableInfo,
  ) {
    this.description = describeDb(cfg);
  }

  /** Connect and check that the table has the bar columns. */
  static async open(cfg: DbConfig): Promise<MysqlSource> {
    const conn = await openMysql(cfg);
    try {
      const info = await inspectTable(conn, cfg);
      assertBarColumns(info, cfg);
      return new MysqlSource(cfg, conn, info);
    } catch (e) {
      await closeMysql(conn);
      throw e;
    }
  }

  async symbols(): Promise<string[]> {
    try {
      const [rows] = await this.conn.query<RowDataPacket[]>({ sql: `SELECT DISTINCT symbol FROM ${this.conn.escapeId(this.cfg.table)}`, rowsAsArray: true });
      return rows.map((r) => String((r as unknown as unknown[])[0])).sort();
    } catch (e) {
      throw mysqlError(e, this.cfg, 'listing symbols');
    }
  }

  async *bars(q: BarQuery = {}): AsyncIterable<SymbolBars> {
    const symbols = q.symbols ? [...q.symbols].sort() : await this.symbols();
    if (q.symbols) for (const s of symbols) assertSymbol(s, this.description);
    const columns = q.columns ?? BAR_COLUMNS;
    for (const symbol of symbols) {
      const b = await this.readSymbol(symbol, columns, q.start, q.end);
      if (b.ts.length > 0) yield b;
    }
  }

  async close(): Promise<void> {
    await closeMysql(this.conn);
  }

  private async readSymbol(symbol: string, columns: readonly BarColumn[], start?: number, end?: number): Promise<SymbolBars> {
    // Only the columns the table has are selected; `trades` missing from the table reads as NaN.
    const selected = columns.filter((c) => c !== 'trades' || this.info.hasTrades);
    let sql = `SELECT timestamp${selected.map((c) => `, ${c}`).join('')} FROM ${this.conn.escapeId(this.cfg.table)} WHERE symbol = ?`;
    const params: string[] = [symbol];
    // Bounds outside DATETIME's range (years 1000-9999) are no bounds, or an empty window.
    if ((start !== undefined && start >= DATETIME_MAX_MS) || (end !== undefined && end <= DATETIME_MIN_MS)) return { symbol, ts: new Float64Array(0) };
    if (start !== undefined && start > DATETIME_MIN_MS) {
      sql += ' AND timestamp >= ?';
      params.push(toDatetime(Math.ceil(start)));
    }
    if (end !== undefined && end < DATETIME_MAX_MS) {
      sql += ' AND timestamp < ?';
      params.push(toDatetime(Math.ceil(end)));
    }
    sql += ' ORDER BY timestamp';

    // Column 0 is ts, then the selected value columns in order.
    const buf = new Columns(selected.length + 1);
    let n = 0;
    let prev = -Infinity;
    // A bad row cannot throw out of the driver's event handler: the first one is kept, later rows
    // are ignored, and the query is drained before failing.
    let bad: CgqError | undefined;
    const onRow = (row: unknown[]) => {
      if (bad) return;
      const d = row[0];
      const t = d instanceof Date ? d.getTime() : NaN;
      if (!(t > prev)) {
        bad = Number.isNaN(t)
          ? new CgqError('INPUT_PARSE', `${this.description}: ${symbol} has a NULL or invalid timestamp after ${iso(prev)}`)
          : new CgqError('INPUT_DUPLICATE', `${this.description}: ${symbol} has duplicate rows at ${iso(t)} (the table has no unique key on (symbol, timestamp))`);
        return;
      }
      prev = t;
      if (n === buf.cap) buf.grow();
      const a = buf.a;
      a[0]![n] = t;
      for (let k = 1; k < a.length; k++) {
        const v = row[k];
        if (typeof v === 'number') a[k]![n] = v;
        else if (v === null) {
          if (selected[k - 1] !== 'trades') {
            bad = new CgqError('INPUT_PARSE', `${this.description}: ${symbol} has NULL ${selected[k - 1]} at ${iso(t)}`);
            return;
          }
          a[k]![n] = NaN;
        } else a[k]![n] = Number(v); // DECIMAL (string) or BIGINT beyond 2^53
      }
      n++;
    };
    try {
      // The event API (no callback: rows are not collected by the driver) is markedly faster than
      // async iteration over .stream(); memory is bounded by the column buffers themselves.
      await new Promise<void>((resolve, reject) => {
        const q = core(this.conn).execute({ sql, rowsAsArray: true }, params);
        q.on('result', onRow as (row: unknown) => void);
        q.on('error', reject);
        q.on('end', () => resolve());
      });
    } catch (e) {
      throw mysqlError(e, this.cfg, `reading ${symbol}`);
    }
    if (bad) throw bad;
    const out: SymbolBars = { symbol, ts: buf.done(0, n) };
    selected.forEach((c, k) => (out[c] = buf.done(k + 1, n)));
    if (columns.includes('trades') && !this.info.hasTrades) out.trades = new Float64Array(n).fill(NaN);
    return out;
  }
}
