/**
 * Option groups shared by commands, defined once: engine (--n-jobs, --quiet), lake root, database
 * connection, time range and symbol selection. Commands compose the groups they need.
 */
import type { Argv } from 'yargs';
import { CgqError } from '../errors.js';

export const DEFAULT_LAKE = 'data/parquet';

export interface EngineArgs {
  'n-jobs'?: number;
  quiet?: boolean;
}

export function engineOptions<T>(y: Argv<T>) {
  return y
    .option('n-jobs', { type: 'number', describe: 'worker threads (default: available cores)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' });
}

/** `--lake` without a yargs default, so that a given flag can be told from an absent one: read it as `a.lake ?? DEFAULT_LAKE`. */
export function lakeOption<T>(y: Argv<T>, describe = 'Parquet lake root') {
  return y.option('lake', { type: 'string', defaultDescription: DEFAULT_LAKE, describe });
}

/**
 * Refuse any of `flags` given on the command line when `refused`: they belong to a mode the run is
 * not in, and ignoring them would run something the user did not ask for. Such flags carry no
 * yargs default (see lakeOption), so "given" is "not undefined".
 */
export function notApplicable<A extends object>(a: A, flags: readonly (keyof A & string)[], refused: boolean, where: string): void {
  if (!refused) return;
  const given = flags.filter((f) => a[f] !== undefined);
  if (given.length) throw new CgqError('USAGE', `${given.map((f) => `--${f}`).join(', ')} ${given.length > 1 ? 'apply' : 'applies'} ${where}`);
}

export interface DbArgs {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  table?: string;
}

/** The flags dbOptions defines. */
export const DB_FLAGS = ['host', 'port', 'user', 'password', 'database', 'table'] as const;

/** MySQL/MariaDB connection flags; env DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME OHLCVT_TABLE fill gaps. */
export function dbOptions<T>(y: Argv<T>) {
  return y
    .option('host', { type: 'string', describe: 'MySQL host (env DB_HOST)' })
    .option('port', { type: 'number', describe: 'MySQL port (env DB_PORT, default 3306)' })
    .option('user', { type: 'string', describe: 'MySQL user (env DB_USER)' })
    .option('password', { type: 'string', describe: 'MySQL password (env DB_PASSWORD; prompted on a TTY when missing)' })
    .option('database', { type: 'string', describe: 'database name (env DB_NAME)' })
    .option('table', { type: 'string', describe: 'bars table (env OHLCVT_TABLE, default ohlcvt)' });
}

/** True when any DB connection flag was given: such commands read MySQL instead of the lake. */
export function wantsMysql(a: DbArgs): boolean {
  return a.host !== undefined || a.user !== undefined || a.database !== undefined || a.port !== undefined;
}

/** Symbols from a comma list; validated for use in paths. */
export function parseSymbolList(s: string | undefined, flag = '--symbols'): string[] | undefined {
  if (s === undefined || s === '') return undefined;
  const out = s.split(',').map((x) => x.trim()).filter(Boolean);
  for (const sym of out) assertSymbol(sym, flag);
  return out;
}

export const SYMBOL_RE = /^[A-Z0-9._-]+$/;

export function assertSymbol(sym: string, where: string): void {
  if (!SYMBOL_RE.test(sym) || sym === '.' || sym === '..') {
    // Symbols are stored upper-case; a lower-case one is most likely that symbol.
    const upper = sym.toUpperCase();
    const hint = upper !== sym && SYMBOL_RE.test(upper) ? ` (did you mean ${upper}?)` : '';
    throw new CgqError('INPUT_SYMBOL', `${where}: symbol '${sym}' must match ${SYMBOL_RE.source}${hint}`);
  }
}

/** Parse an ISO-8601 UTC date or date-time flag to epoch ms. */
export function parseTimeFlag(v: string | undefined, flag: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const s = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v;
  if (!/(Z|[+-]00:?00)$/.test(s)) throw new CgqError('USAGE', `${flag} ${v}: give a UTC time (YYYY-MM-DD or ...Z)`);
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) throw new CgqError('USAGE', `${flag} ${v}: not an ISO-8601 date`);
  return ms;
}
