/**
 * `LOAD DATA LOCAL INFILE` from memory: one symbol's bars are encoded as tab-separated text in
 * chunks of Buffers (mysql2's infileStreamFactory needs Buffers) and streamed to the server, with
 * back-pressure on the socket. Doubles are written as their shortest round-trip text (String(x)),
 * so DOUBLE columns get back exactly the same float64; a NaN trade count is written as \N (NULL).
 */
import { Readable } from 'node:stream';
import { once } from 'node:events';
import mysql from 'mysql2';
import type { Connection, ResultSetHeader } from 'mysql2/promise';
import type { SymbolBars } from '../../sources/types.js';
import { DatetimeFormatter } from './datetime.js';
import { core } from './connect.js';

/** Rows per Buffer: ~1.5 MB, well under max_allowed_packet, few enough packets to be cheap. */
const CHUNK_ROWS = 16_384;
/** Pause encoding while this much is queued on the socket (keeps memory flat on slow servers). */
const SOCKET_HIGH_WATER = 8 << 20;

export interface LoadDataResult {
  affectedRows: number;
  warnings: number;
}

export function loadDataSql(table: string, replace: boolean, withTrades: boolean): string {
  return (
    `LOAD DATA LOCAL INFILE 'cgq-bars.tsv' ${replace ? 'REPLACE' : 'IGNORE'} INTO TABLE ${mysql.escapeId(table)} CHARACTER SET utf8mb4 ` +
    "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' " +
    `(symbol, timestamp, open, high, low, close, volume${withTrades ? ', trades' : ''})`
  );
}

/** Rows [from, to) of `bars` as LOAD DATA text. The symbol must already be validated (no tabs). */
export function encodeRows(bars: SymbolBars, from: number, to: number, withTrades: boolean, fmt = new DatetimeFormatter()): Buffer {
  const { ts, open, high, low, close, volume, trades } = bars as Required<SymbolBars>;
  const head = bars.symbol + '\t';
  let s = '';
  for (let i = from; i < to; i++) {
    s += head + fmt.format(ts[i]!) + '\t' + open[i]! + '\t' + high[i]! + '\t' + low[i]! + '\t' + close[i]! + '\t' + volume[i]!;
    if (withTrades) {
      const t = trades ? trades[i]! : NaN;
      s += Number.isNaN(t) ? '\t\\N\n' : '\t' + t + '\n';
    } else s += '\n';
  }
  return Buffer.from(s, 'latin1');
}

async function* chunks(conn: Connection, bars: SymbolBars, withTrades: boolean, signal?: AbortSignal, onChunk?: (rows: number) => void): AsyncGenerator<Buffer> {
  const fmt = new DatetimeFormatter();
  const socket = core(conn).stream;
  const n = bars.ts.length;
  for (let from = 0; from < n; from += CHUNK_ROWS) {
    signal?.throwIfAborted();
    if (socket && (socket.writableLength ?? 0) > SOCKET_HIGH_WATER) await once(socket, 'drain', signal ? { signal } : {});
    const to = Math.min(n, from + CHUNK_ROWS);
    yield encodeRows(bars, from, to, withTrades, fmt);
    onChunk?.(to - from);
  }
}

/**
 * Stream one symbol's bars into `table`. With `replace`, rows whose key exists are replaced;
 * otherwise they are left alone and show up as affectedRows < rows (the caller decides).
 */
export async function loadSymbolBars(
  conn: Connection,
  table: string,
  bars: SymbolBars,
  o: { replace: boolean; withTrades: boolean; signal?: AbortSignal; onChunk?: (rows: number) => void },
): Promise<LoadDataResult> {
  const [res] = await conn.query<ResultSetHeader>({
    sql: loadDataSql(table, o.replace, o.withTrades),
    infileStreamFactory: () => Readable.from(chunks(conn, bars, o.withTrades, o.signal, o.onChunk), { objectMode: false }),
  });
  return { affectedRows: res.affectedRows, warnings: res.warningStatus };
}
