/**
 * Opening a MySQL/MariaDB connection and turning driver errors into one-line CgqErrors:
 * refused credentials → DB_AUTH, unreachable server or unknown database → DB_CONNECT, anything
 * else → DB_QUERY. Messages name the server (user@host:port/db) and never the password.
 */
import mysql from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import type { Connection as CoreConnection } from 'mysql2';
import { CgqError } from '../../errors.js';
import { connectionOptions, describeDb, scrubSecret, type DbConfig } from '../../sources/db-config.js';

const AUTH_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_NOT_SUPPORTED_AUTH_MODE']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
]);

interface DriverError {
  code?: string;
  errno?: number;
  sqlMessage?: string;
  message?: string;
}

/** Map a driver error met while `doing` something to a CgqError (password scrubbed). */
export function mysqlError(e: unknown, cfg: DbConfig, doing: string): CgqError {
  if (e instanceof CgqError) return e;
  const d = (e ?? {}) as DriverError;
  const code = d.code ?? '';
  const where = describeDb(cfg);
  const detail = scrubSecret((d.sqlMessage ?? d.message ?? String(e)).replace(/\s+/g, ' ').trim(), cfg);
  if (AUTH_CODES.has(code)) {
    return new CgqError('DB_AUTH', `${where} refused the credentials for user '${cfg.user}' (${code}); check --user/--password or DB_USER/DB_PASSWORD`, { cause: e });
  }
  if (code === 'ER_BAD_DB_ERROR') {
    return new CgqError('DB_CONNECT', `${where}: database '${cfg.database}' does not exist; create it or give another --database`, { cause: e });
  }
  if (NETWORK_CODES.has(code) || /connect ETIMEDOUT|getaddrinfo/.test(detail)) {
    return new CgqError('DB_CONNECT', `cannot reach ${where} while ${doing} (${code || detail})`, { cause: e });
  }
  return new CgqError('DB_QUERY', `${where}: ${doing} failed: ${detail}${code ? ` (${code})` : ''}`, { cause: e });
}

/** Connect (promise API). Extra options (e.g. rowsAsArray) are merged over the defaults. */
export async function openMysql(cfg: DbConfig, extra: mysql.ConnectionOptions = {}): Promise<Connection> {
  let conn: Connection;
  try {
    conn = await mysql.createConnection({ ...connectionOptions(cfg), ...extra });
  } catch (e) {
    throw mysqlError(e, cfg, 'connecting');
  }
  // A server-side disconnect while idle is emitted as 'error'; without a listener it would crash
  // the process. The pending command (if any) rejects on its own and is mapped by its caller.
  core(conn).on('error', () => {});
  return conn;
}

/**
 * The callback-API connection under a promise connection (present at runtime, missing from the
 * typings): needed for row streaming and for the socket's back-pressure.
 */
export function core(conn: Connection): CoreConnection & { stream?: NodeJS.WritableStream & { writableLength?: number } } {
  return (conn as unknown as { connection: CoreConnection & { stream?: NodeJS.WritableStream & { writableLength?: number } } }).connection;
}

/** End a connection, destroying it when a polite QUIT fails (e.g. the server went away). */
export async function closeMysql(conn: Connection | undefined): Promise<void> {
  if (!conn) return;
  try {
    await conn.end();
  } catch {
    conn.destroy();
  }
}
