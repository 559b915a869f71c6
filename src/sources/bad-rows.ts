/**
 * Bad input rows: why a row was rejected (a stable reason key per rule), where (its line number),
 * and the one-line report the user sees — the first few rows by line number plus totals per reason.
 */
import { CgqError, type ErrorCode } from '../errors.js';

/** Every rule a bar row can break, with the error code it maps to when the load fails. */
export const BAD_ROW_REASONS = {
  fields: 'INPUT_PARSE', // fewer fields than the header needs, or a broken quoted field
  symbol: 'INPUT_SYMBOL', // symbol not matching ^[A-Z0-9._-]+$
  timestamp: 'INPUT_PARSE', // not an ISO-8601 date-time
  timezone: 'INPUT_PARSE', // an offset other than UTC
  number: 'INPUT_PARSE', // open/high/low/close/volume empty, not a number, or not finite
  ohlc: 'INPUT_OHLC', // low > min(open, close) or high < max(open, close)
  volume: 'INPUT_OHLC', // negative volume
  trades: 'INPUT_PARSE', // trades neither empty nor a non-negative integer
  duplicate: 'INPUT_DUPLICATE', // (symbol, timestamp) seen on an earlier line
} as const satisfies Record<string, ErrorCode>;

export type BadRowReason = keyof typeof BAD_ROW_REASONS;

export interface BadRow {
  line: number;
  reason: BadRowReason;
  detail: string;
}

/** How many bad rows a report lists one by one. */
export const LISTED_BAD_ROWS = 10;

/** Collects bad rows: exact counts per reason and the first LISTED_BAD_ROWS by line number. */
export class BadRowLog {
  readonly counts = new Map<BadRowReason, number>();
  private firstRows: BadRow[] = [];
  total = 0;

  add(line: number, reason: BadRowReason, detail: string): void {
    this.total++;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    const f = this.firstRows;
    if (f.length < LISTED_BAD_ROWS || line < f[f.length - 1]!.line) {
      let i = f.length;
      while (i > 0 && f[i - 1]!.line > line) i--;
      f.splice(i, 0, { line, reason, detail });
      if (f.length > LISTED_BAD_ROWS) f.pop();
    }
  }

  /** The first bad rows by line number. */
  get first(): readonly BadRow[] {
    return this.firstRows;
  }

  /** 'timestamp 1, duplicate 2' in reason order. */
  summary(): string {
    return (Object.keys(BAD_ROW_REASONS) as BadRowReason[])
      .filter((r) => this.counts.has(r))
      .map((r) => `${r} ${this.counts.get(r)}`)
      .join(', ');
  }

  /** One line: total, per-reason counts, the first rows, then `tail`. */
  message(file: string, tail = ''): string {
    const listed = this.firstRows.map((r) => `line ${r.line}: ${r.detail}`).join('; ');
    const more = this.total > this.firstRows.length ? `; … ${this.total - this.firstRows.length} more` : '';
    return `${file}: ${this.total} bad row${this.total === 1 ? '' : 's'} (${this.summary()}): ${listed}${more}${tail}`;
  }

  /** The error for a failing load: its code is the first listed row's. */
  toError(file: string, tail = ''): CgqError {
    const code = this.firstRows.length ? BAD_ROW_REASONS[this.firstRows[0]!.reason] : 'INPUT_PARSE';
    return new CgqError(code, this.message(file, tail));
  }
}
