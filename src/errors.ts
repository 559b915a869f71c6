/**
 * Typed errors with stable codes. Every failure a user can cause or meet ends up as one CgqError:
 * the CLI prints `cgq: <CODE>: <message>` on one line and exits with the error's exit code.
 */

/** Exit codes: 2 = the input or the invocation is wrong; 1 = the run failed; 130 = interrupted. */
export const EXIT_USAGE = 2;
export const EXIT_RUNTIME = 1;
export const EXIT_INTERRUPTED = 130;

/** Stable error codes. Never rename one: scripts match on them. */
export const ERROR_CODES = {
  USAGE: EXIT_USAGE, // bad flag or flag combination
  INPUT_MISSING: EXIT_USAGE, // a named input file/dir does not exist
  INPUT_EMPTY: EXIT_USAGE, // input holds no rows
  INPUT_COLUMN: EXIT_USAGE, // a required column is missing
  INPUT_PARSE: EXIT_USAGE, // a value cannot be parsed (timestamp, number)
  INPUT_DUPLICATE: EXIT_USAGE, // duplicate (symbol, timestamp) key
  INPUT_OHLC: EXIT_USAGE, // OHLC sanity violated (high < low, ...)
  INPUT_NONFINITE: EXIT_USAGE, // NaN or ±Inf where the computation needs finite values (e.g. Hilbert)
  INPUT_RANGE: EXIT_USAGE, // finite values whose scale float64 cannot carry through the computation (e.g. a std that overflows)
  INPUT_SYMBOL: EXIT_USAGE, // symbol not allowed in a path / unknown symbol
  KERNEL_UNKNOWN: EXIT_USAGE, // no such kernel in the registry
  KERNEL_PARAM: EXIT_USAGE, // a kernel parameter is out of range
  KERNEL_TRAP: EXIT_RUNTIME, // a wasm kernel trapped or returned a failure status
  WORKER_CRASH: EXIT_RUNTIME, // a worker thread died
  LAKE_CORRUPT: EXIT_RUNTIME, // a lake file does not match its manifest
  LAKE_LAYOUT: EXIT_USAGE, // a path is not a cgq lake
  DB_AUTH: EXIT_RUNTIME, // database refused the credentials
  DB_CONNECT: EXIT_RUNTIME, // database unreachable
  DB_QUERY: EXIT_RUNTIME, // database query failed
  DB_CREDENTIALS: EXIT_USAGE, // credentials needed but not given (and no TTY to ask)
  IO: EXIT_RUNTIME, // file system failure
  MEMORY_LIMIT: EXIT_USAGE, // the run needs more memory than the wasm kernels can address (4 GiB): smaller settings or input
  INTERRUPTED: EXIT_INTERRUPTED, // SIGINT
  INTERNAL: EXIT_RUNTIME, // a bug in cgq
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class CgqError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CgqError';
    this.code = code;
    this.exitCode = ERROR_CODES[code];
  }

  /** The one line the CLI prints. */
  toLine(): string {
    return `cgq: ${this.code}: ${this.message.replace(/\s*\n\s*/g, ' ')}`;
  }
}

export function isCgqError(e: unknown): e is CgqError {
  return e instanceof CgqError || (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'CgqError');
}

/** Wrap any thrown value as a CgqError, keeping CgqErrors as they are. */
export function asCgqError(e: unknown, fallback: ErrorCode = 'INTERNAL'): CgqError {
  if (e instanceof CgqError) return e;
  if (isCgqError(e)) {
    const o = e as unknown as { code: ErrorCode; message: string };
    return new CgqError(o.code in ERROR_CODES ? o.code : fallback, o.message);
  }
  const msg = e instanceof Error ? e.message : String(e);
  // A Node system call failure (ENOENT, EACCES, ENOSPC, ... on a path the user gave) is the file
  // system's, not a bug in cgq: its message already names the call and the path.
  if (fallback === 'INTERNAL' && isSystemError(e)) return new CgqError('IO', msg, { cause: e });
  return new CgqError(fallback, msg, { cause: e });
}

function isSystemError(e: unknown): boolean {
  const o = e as { code?: unknown; syscall?: unknown };
  return e instanceof Error && typeof o.syscall === 'string' && typeof o.code === 'string' && /^E[A-Z]+$/.test(o.code);
}
