/**
 * A strict, allocation-free ISO-8601 timestamp parser for CSV fields (reads a range of a larger
 * string, so no substring is made per row). Time is UTC everywhere:
 *
 *   accepted   YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]]][Z | ±00:00 | ±0000 | ±00]
 *   naive      (no offset) is read as UTC — the convention of MySQL DATETIME exports and of the
 *              original tools, which parsed every timestamp as UTC
 *   rejected   any other offset (e.g. +02:00), with reason 'timezone'; sub-millisecond digits
 *              other than 0; impossible dates and times (2021-02-30, 24:00)
 */

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export class UtcTimestampParser {
  /** Why the last parse returned NaN. */
  error: 'format' | 'timezone' = 'format';
  private lastDayKey = -1;
  private lastDayMs = 0;

  private digits(s: string, i: number, n: number): number {
    let v = 0;
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(i + k) - 48;
      if (c < 0 || c > 9) return -1;
      v = v * 10 + c;
    }
    return v;
  }

  /** Epoch ms of s[a, b), or NaN (see `error`). */
  parse(s: string, a: number, b: number): number {
    this.error = 'format';
    if (b - a < 10 || s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return NaN;
    const y = this.digits(s, a, 4);
    const mo = this.digits(s, a + 5, 2);
    const d = this.digits(s, a + 8, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
    const key = y * 10000 + mo * 100 + d;
    if (key !== this.lastDayKey) {
      this.lastDayKey = key;
      this.lastDayMs = Date.UTC(y, mo - 1, d);
      if (y < 100) this.lastDayMs = new Date(this.lastDayMs).setUTCFullYear(y);
    }
    let p = a + 10;
    if (p === b) return this.lastDayMs;
    const sep = s.charCodeAt(p);
    if (sep !== 84 && sep !== 32 && sep !== 116) return NaN; // 'T', ' ', 't'
    p++;
    if (b - p < 5 || s.charCodeAt(p + 2) !== 58) return NaN;
    const hh = this.digits(s, p, 2);
    const mm = this.digits(s, p + 3, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return NaN;
    p += 5;
    let ss = 0;
    let ms = 0;
    if (p < b && s.charCodeAt(p) === 58) {
      ss = this.digits(s, p + 1, 2);
      if (p + 3 > b || ss < 0 || ss > 59) return NaN;
      p += 3;
      if (p < b && s.charCodeAt(p) === 46) {
        p++;
        let k = 0;
        while (p < b) {
          const c = s.charCodeAt(p) - 48;
          if (c < 0 || c > 9) break;
          if (k < 3) ms = ms * 10 + c;
          else if (c !== 0) return NaN; // finer than a millisecond
          k++;
          p++;
        }
        if (k === 0) return NaN;
        for (; k < 3; k++) ms *= 10;
      }
    }
    if (p < b) {
      const c = s.charCodeAt(p);
      if ((c === 90 || c === 122) && p + 1 === b) {
        // 'Z' / 'z'
      } else if (c === 43 || c === 45) {
        const rest = b - p - 1;
        const oh = this.digits(s, p + 1, 2);
        let om = 0;
        if (rest === 2) om = 0;
        else if (rest === 4) om = this.digits(s, p + 3, 2);
        else if (rest === 5 && s.charCodeAt(p + 3) === 58) om = this.digits(s, p + 4, 2);
        else return NaN;
        if (oh < 0 || om < 0 || oh > 23 || om > 59) return NaN;
        if (oh !== 0 || om !== 0) {
          this.error = 'timezone';
          return NaN;
        }
      } else return NaN;
    }
    return this.lastDayMs + hh * 3_600_000 + mm * 60_000 + ss * 1000 + ms;
  }
}

/** Parse one whole string (tests, flags). */
export function parseUtcTimestamp(s: string): number {
  return new UtcTimestampParser().parse(s, 0, s.length);
}

