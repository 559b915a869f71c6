/**
 * MySQL/MariaDB connection settings from, in order: flags, the environment (DB_HOST DB_PORT DB_USER
 * DB_PASSWORD DB_NAME OHLCVT_TABLE), then a prompt — only when stdin is a TTY (the password without
 * echo). Without a TTY a missing setting is a DB_CREDENTIALS error saying how to give it. The
 * result feeds mysql2 connection options directly: no URL string is ever built, so passwords with
 * `@ / : #` work, and the table name is checked as an identifier and always quoted with escapeId.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { ConnectionOptions } from 'mysql2';
import { CgqError } from '../errors.js';
import type { DbArgs } from '../cli/options.js';

export const DEFAULT_TABLE = 'ohlcvt';
export const DEFAULT_PORT = 3306;
/** Connect timeout: an unreachable host fails in seconds, not minutes. */
export const CONNECT_TIMEOUT_MS = 5000;

export interface DbConfig {
  host: string;
  port: number;
  user: string;
  /** Never printed; describeDb() leaves it out. */
  password: string;
  database: string;
  table: string;
}

/** Reads one line from the terminal; `secret` suppresses the echo. */
export type PromptFn = (label: string, secret: boolean) => Promise<string>;

export interface ResolveDbOptions {
  env?: NodeJS.ProcessEnv;
  /** Whether we may prompt (default: process.stdin.isTTY). */
  interactive?: boolean;
  prompt?: PromptFn;
}

/** Unquoted MySQL identifier characters; all digits is not an identifier. */
const TABLE_RE = /^(?![0-9]+$)[A-Za-z0-9_$]{1,64}$/;

export function assertTableName(name: string, where = '--table'): string {
  if (!TABLE_RE.test(name)) throw new CgqError('USAGE', `${where} '${name}' is not a plain table name (letters, digits, _ and $, at most 64)`);
  return name;
}

function envValue(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const v = env[key];
  return v === undefined ? undefined : v;
}

function parsePort(v: string | number, where: string): number {
  const p = typeof v === 'number' ? v : /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw new CgqError('USAGE', `${where} '${v}' is not a TCP port (1-65535)`);
  return p;
}

interface Setting {
  flag: string;
  env: string;
  label: string;
}

const HOST: Setting = { flag: '--host', env: 'DB_HOST', label: 'MySQL host: ' };
const USER: Setting = { flag: '--user', env: 'DB_USER', label: 'MySQL user: ' };
const NAME: Setting = { flag: '--database', env: 'DB_NAME', label: 'Database name: ' };
const PASSWORD: Setting = { flag: '--password', env: 'DB_PASSWORD', label: 'MySQL password: ' };

/**
 * Resolve the settings. Flag beats env beats prompt. An empty string counts as given for the
 * password (`--password ''` or `DB_PASSWORD=`) but not for host, user or database.
 */
export async function resolveDbConfig(args: DbArgs, o: ResolveDbOptions = {}): Promise<DbConfig> {
  const env = o.env ?? process.env;
  const interactive = o.interactive ?? process.stdin.isTTY === true;
  const prompt = o.prompt ?? ttyPrompt;

  const missing: Setting[] = [];
  const pick = (flagValue: string | undefined, s: Setting, emptyOk: boolean): string | undefined => {
    if (flagValue !== undefined && (emptyOk || flagValue !== '')) return flagValue;
    const e = envValue(env, s.env);
    if (e !== undefined && (emptyOk || e !== '')) return e;
    missing.push(s);
    return undefined;
  };
  let host = pick(args.host, HOST, false);
  let user = pick(args.user, USER, false);
  let database = pick(args.database, NAME, false);
  let password = pick(args.password, PASSWORD, true);

  if (missing.length > 0) {
    if (!interactive) {
      const how = missing.map((s) => `${s.flag} (or env ${s.env})`).join(', ');
      const pw = missing.includes(PASSWORD) ? "; an empty password is given with --password '' or DB_PASSWORD=" : '';
      throw new CgqError('DB_CREDENTIALS', `MySQL connection needs ${how}; stdin is not a terminal, so cgq cannot ask${pw}`);
    }
    for (const s of missing) {
      const v = await prompt(s.label, s === PASSWORD);
      if (s === PASSWORD) password = v;
      else if (v.trim() === '') throw new CgqError('DB_CREDENTIALS', `no ${s.label.replace(/: $/, '').toLowerCase()} given (flag ${s.flag}, env ${s.env})`);
      else if (s === HOST) host = v.trim();
      else if (s === USER) user = v.trim();
      else database = v.trim();
    }
  }

  const portRaw = args.port ?? envValue(env, 'DB_PORT');
  const port = portRaw === undefined || portRaw === '' ? DEFAULT_PORT : parsePort(portRaw, args.port !== undefined ? '--port' : 'DB_PORT');
  const tableRaw = args.table ?? (envValue(env, 'OHLCVT_TABLE') || undefined) ?? DEFAULT_TABLE;
  const table = assertTableName(tableRaw, args.table !== undefined ? '--table' : 'OHLCVT_TABLE');
  return { host: host!, port, user: user!, password: password!, database: database!, table };
}

/** mysql2 options: UTC on the wire (`timezone: 'Z'`), a short connect timeout, no URL. */
export function connectionOptions(cfg: DbConfig): ConnectionOptions {
  return {
    host: cfg.host,
    port: cfg.port,
    user: cfg.user,
    password: cfg.password,
    database: cfg.database,
    timezone: 'Z',
    connectTimeout: CONNECT_TIMEOUT_MS,
    charset: 'utf8mb4',
  };
}

/** `user@host:port/database.table`, for messages: never the password. */
export function describeDb(cfg: Pick<DbConfig, 'host' | 'port' | 'user' | 'database'> & { table?: string }): string {
  return `MySQL ${cfg.user}@${cfg.host}:${cfg.port}/${cfg.database}${cfg.table ? `.${cfg.table}` : ''}`;
}

/** Remove the password from any text that might reach a message (defence in depth). */
export function scrubSecret(text: string, cfg: Pick<DbConfig, 'password'>): string {
  return cfg.password.length >= 3 ? text.split(cfg.password).join('***') : text;
}

/** Ask on the terminal (stderr carries the label so stdout stays clean); `secret` mutes the echo. */
export async function ttyPrompt(label: string, secret: boolean): Promise<string> {
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  // The interface puts the terminal in raw mode (no echo by the terminal itself); only then show
  // the prompt, so nothing typed after it appears can be echoed.
  const rl = createInterface({ input: process.stdin, output: secret ? muted : process.stderr, terminal: true });
  process.stderr.write(label);
  let answered = false;
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once('line', (line) => {
        answered = true;
        resolve(line);
      });
      rl.once('close', () => {
        if (!answered) reject(new CgqError('DB_CREDENTIALS', `no answer to '${label.trim()}' (input closed)`));
      });
    });
  } finally {
    // close() also detaches readline's keypress handler; removing its 'close' listeners would keep
    // that handler alive, and it would echo the next (secret) answer.
    rl.close();
    if (secret) process.stderr.write('\n');
  }
}
