/**
 * Epoch ms ↔ MySQL DATETIME(3) text ('YYYY-MM-DD HH:MM:SS.mmm', naive UTC). Used for LOAD DATA
 * rows and for query bounds, so no value ever depends on the session time zone. Formatting is on
 * the LOAD DATA hot path: the day prefix is cached and minute-aligned times skip the fraction.
 */
import { CgqError } from '../../errors.js';

const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** DATETIME's range: years 1000..9999. */
export const DATETIME_MIN_MS = Date.UTC(1000, 0, 1);
export const DATETIME_MAX_MS = Date.UTC(10000, 0, 1);
const MIN_MS = DATETIME_MIN_MS;
const MAX_MS = DATETIME_MAX_MS;

/** Formats timestamps, caching the date part of the last day seen (bars come day by day). */
export class DatetimeFormatter {
  private day = NaN;
  private prefix = '';

  format(ms: number): string {
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) {
      if (!(ms >= MIN_MS && ms < MAX_MS) || !Number.isInteger(ms)) {
        throw new CgqError('INPUT_PARSE', `timestamp ${ms} is not a whole epoch millisecond in DATETIME's range (years 1000-9999)`);
      }
      this.day = day;
      this.prefix = new Date(day * DAY_MS).toISOString().slice(0, 10) + ' ';
    }
    let r = ms - day * DAY_MS;
    const h = Math.floor(r / 3_600_000);
    r -= h * 3_600_000;
    const m = Math.floor(r / 60_000);
    r -= m * 60_000;
    if (r === 0) return `${this.prefix}${TWO[h]}:${TWO[m]}:00`;
    const s = Math.floor(r / 1000);
    const f = r - s * 1000;
    if (!Number.isInteger(f)) throw new CgqError('INPUT_PARSE', `timestamp ${ms} is not a whole epoch millisecond`);
    return `${this.prefix}${TWO[h]}:${TWO[m]}:${TWO[s]}.${THREE[f]}`;
  }
}

/** One-off formatting (query bounds). */
export function toDatetime(ms: number): string {
  return new DatetimeFormatter().format(ms);
}
