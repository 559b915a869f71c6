/**
 * Minute bars from a CSV or gzip CSV file (gzip is detected by its magic bytes, so `.csv.gz` and
 * `.csv` both work): `symbol,timestamp,open,high,low,close,volume[,trades]`, header required.
 *
 * - Columns are found by name (trimmed, case-insensitive, in any order, extra columns ignored),
 *   with the original tools' synonyms (sym/ticker/asset, time/date/datetime, vol/qty/quantity/
 *   amount). `trades` is optional; an empty trades field is null (NaN).
 * - Every row is checked (see bad-rows.ts); a bad row is recorded with its line number and kept
 *   out of the bars. The caller decides whether bad rows fail the read.
 * - Rows may come in any order: each symbol's rows are sorted by timestamp (stable, so the first
 *   line of a duplicated key is the one kept and later lines are reported as duplicates).
 *
 * Speed matters (1.7 M rows): a hand-written line scanner over decoded chunks, timestamps parsed
 * in place, numbers with Number(), columns straight into growable Float64Arrays. A line holding a
 * quoted field takes a slower, RFC-4180 path (quotes within one line).
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createGunzip } from 'node:zlib';
import { CgqError } from '../errors.js';
import { lowerBound } from '../stats/bisect.js';
import { SYMBOL_RE, assertSymbol } from '../cli/options.js';
import { BadRowLog } from './bad-rows.js';
import { UtcTimestampParser } from './utc-timestamp.js';
import { BAR_COLUMNS, type BarColumn, type BarQuery, type BarSource, type SymbolBars } from './types.js';

type Target = 'symbol' | 'timestamp' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'trades';

/** Header names per column, in priority order (data_pipeline §2.2, plus `trades`). */
export const CSV_COLUMN_NAMES: Record<Target, readonly string[]> = {
  symbol: ['symbol', 'sym', 'ticker', 'asset'],
  timestamp: ['timestamp', 'time', 'date', 'datetime'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume', 'vol', 'qty', 'quantity', 'amount'],
  trades: ['trades'],
};
/** Bars live in [1970, 10000): the lake's y=YYYY folders have four digits. */
const MAX_TS_MS = Date.UTC(10000, 0, 1);
const REQUIRED: readonly Target[] = ['symbol', 'timestamp', 'open', 'high', 'low', 'close', 'volume'];
const VALUE_TARGETS = ['open', 'high', 'low', 'close', 'volume'] as const;

export interface CsvBars {
  file: string;
  /** One entry per symbol with good rows, ascending symbol; ts ascending and unique. */
  bars: SymbolBars[];
  /** Good rows (in `bars`). */
  rows: number;
  /** Data lines read (blank lines not counted). */
  lines: number;
  /** The file has a trades column. */
  hasTrades: boolean;
  bad: BadRowLog;
}

// ---------------------------------------------------------------------------------------------
// file access

/** Close names in the same folder, for the "not found" message (never used in its place). */
async function closeCandidates(path: string): Promise<string[]> {
  const want = basename(path).toLowerCase().replace(/\.gz$/, '').replace(/\.csv$/, '');
  let names: string[];
  try {
    names = await readdir(dirname(path) || '.');
  } catch {
    return [];
  }
  const score = (a: string, b: string) => {
    // normalised Levenshtein similarity
    const m = a.length;
    const n = b.length;
    if (!m || !n) return 0;
    let prev = Array.from({ length: n + 1 }, (_, j) => j);
    for (let i = 1; i <= m; i++) {
      const cur = [i];
      for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return 1 - prev[n]! / Math.max(m, n);
  };
  return names
    .filter((f) => /\.csv(\.gz)?$/i.test(f))
    .map((f) => ({ f, s: score(want, f.toLowerCase().replace(/\.gz$/, '').replace(/\.csv$/, '')) }))
    .filter((x) => x.s >= 0.6)
    .sort((a, b) => b.s - a.s || (a.f < b.f ? -1 : 1))
    .slice(0, 5)
    .map((x) => x.f);
}

async function assertReadableFile(path: string): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch {
    const c = await closeCandidates(path);
    throw new CgqError('INPUT_MISSING', `input file ${path} does not exist${c.length ? `; close names in its folder: ${c.join(', ')}` : ''}`);
  }
  if (!st.isFile()) throw new CgqError('INPUT_MISSING', `input ${path} is not a file`);
}

/** The bytes start with gzip's magic number (how a gzip CSV is told from a plain one, whatever its name). */
export function hasGzipMagic(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return hasGzipMagic(b.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** The file's text in chunks (latin1: every valid field is ASCII, and '\n' never splits a char). */
async function* textChunks(path: string, signal?: AbortSignal): AsyncGenerator<string> {
  const gz = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  let stream: NodeJS.ReadableStream = raw;
  if (gz) {
    const gunzip = createGunzip({ chunkSize: 1 << 18 });
    raw.on('error', (e) => gunzip.destroy(e));
    stream = raw.pipe(gunzip);
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new CgqError('INTERRUPTED', `reading ${path}: interrupted`);
      yield chunk.toString('latin1');
    }
  } catch (e) {
    if (e instanceof CgqError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new CgqError(gz ? 'INPUT_PARSE' : 'IO', `${path}: cannot read${gz ? ' the gzip stream' : ''} (${msg})`, { cause: e });
  } finally {
    raw.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// row storage

class RowSink {
  n = 0;
  cap = 1 << 16;
  sym = new Uint32Array(this.cap);
  line = new Float64Array(this.cap);
  cols: Float64Array[] = Array.from({ length: 7 }, () => new Float64Array(this.cap)); // ts o h l c v trades

  push(sym: number, line: number, ts: number, o: number, h: number, l: number, c: number, v: number, tr: number): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    const k = this.cols;
    this.sym[i] = sym;
    this.line[i] = line;
    k[0]![i] = ts;
    k[1]![i] = o;
    k[2]![i] = h;
    k[3]![i] = l;
    k[4]![i] = c;
    k[5]![i] = v;
    k[6]![i] = tr;
  }

  private grow(): void {
    this.cap *= 2;
    const sym = new Uint32Array(this.cap);
    sym.set(this.sym);
    this.sym = sym;
    const line = new Float64Array(this.cap);
    line.set(this.line);
    this.line = line;
    this.cols = this.cols.map((c) => {
      const d = new Float64Array(this.cap);
      d.set(c);
      return d;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// parsing

/** Split one line into fields per RFC 4180 (quotes within the line); undefined if a quote is open. */
export function splitQuotedLine(s: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (s.charCodeAt(i) === 34) {
      let v = '';
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) return undefined;
        v += s.slice(i, q);
        if (s.charCodeAt(q + 1) === 34) {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // anything between the closing quote and the comma is kept, as most readers do
      const c = s.indexOf(',', i);
      v += s.slice(i, c < 0 ? s.length : c);
      out.push(v);
      if (c < 0) return out;
      i = c + 1;
    } else {
      const c = s.indexOf(',', i);
      out.push(s.slice(i, c < 0 ? s.length : c));
      if (c < 0) return out;
      i = c + 1;
    }
  }
}

/** Map header names to column positions; throws INPUT_COLUMN naming every missing column. */
export function mapHeader(headerLine: string, file: string): Record<Target, number> {
  const names = (splitQuotedLine(headerLine) ?? headerLine.split(',')).map((h) => h.trim().toLowerCase());
  const pos = {} as Record<Target, number>;
  const missing: string[] = [];
  for (const t of Object.keys(CSV_COLUMN_NAMES) as Target[]) {
    let at = -1;
    for (const syn of CSV_COLUMN_NAMES[t]) {
      at = names.indexOf(syn);
      if (at >= 0) break;
    }
    pos[t] = at;
    if (at < 0 && REQUIRED.includes(t)) missing.push(t);
  }
  if (missing.length) {
    const shown = headerLine.length > 200 ? `${headerLine.slice(0, 200)}…` : headerLine;
    throw new CgqError('INPUT_COLUMN', `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} (header: ${shown})`);
  }
  return pos;
}

/** 'x', 'o' or 'b' in either case: after a leading 0, Number() would read hex/octal/binary. */
const isRadixLetter = (c: number) => (c | 32) === 120 || (c | 32) === 111 || (c | 32) === 98;

const fmtVal = (s: string) => (s.length > 40 ? `'${s.slice(0, 40)}…'` : `'${s}'`);

class CsvRowParser {
  readonly sink = new RowSink();
  readonly symbols: string[] = [];
  private readonly symIndex = new Map<string, number>();
  private prevSym = '';
  private prevSymIdx = -1;
  private readonly times = new UtcTimestampParser();
  private readonly st: Int32Array;
  private readonly en: Int32Array;
  private readonly maxCol: number;
  private readonly valueCols: number[];
  /** Data lines seen (blank lines excluded). */
  dataLines = 0;

  constructor(
    private readonly pos: Record<Target, number>,
    private readonly bad: BadRowLog,
  ) {
    this.maxCol = Math.max(...Object.values(pos));
    this.st = new Int32Array(this.maxCol + 1);
    this.en = new Int32Array(this.maxCol + 1);
    this.valueCols = VALUE_TARGETS.map((t) => pos[t]);
  }

  /** One data line s[a, b) (no line terminator). `plain` = already unquoted (slow path). */
  row(s: string, a: number, b: number, line: number, plain = false): void {
    this.dataLines++;
    const { st, en, maxCol, pos } = this;
    let p = a;
    for (let k = 0; k <= maxCol; k++) {
      if (p > b) {
        this.bad.add(line, 'fields', `${k} field${k === 1 ? '' : 's'}, the header needs ${maxCol + 1}`);
        return;
      }
      if (!plain && s.charCodeAt(p) === 34) return this.quotedRow(s.slice(a, b), line);
      let q = s.indexOf(',', p);
      if (q < 0 || q > b) q = b;
      st[k] = p;
      en[k] = q;
      p = q + 1;
    }

    // symbol (fast: same as the previous row)
    const sa = st[pos.symbol]!;
    const sb = en[pos.symbol]!;
    let symIdx: number;
    if (sb - sa === this.prevSym.length && s.startsWith(this.prevSym, sa) && sb > sa) symIdx = this.prevSymIdx;
    else {
      const sym = s.slice(sa, sb);
      const known = this.symIndex.get(sym);
      if (known !== undefined) symIdx = known;
      else {
        if (!SYMBOL_RE.test(sym) || sym === '.' || sym === '..') {
          this.bad.add(line, 'symbol', `symbol ${fmtVal(sym)} must match ${SYMBOL_RE.source}`);
          return;
        }
        symIdx = this.symbols.length;
        this.symbols.push(sym);
        this.symIndex.set(sym, symIdx);
      }
      this.prevSym = sym;
      this.prevSymIdx = symIdx;
    }

    // timestamp
    const ta = st[pos.timestamp]!;
    const tb = en[pos.timestamp]!;
    const ts = this.times.parse(s, ta, tb);
    if (Number.isNaN(ts)) {
      const v = fmtVal(s.slice(ta, tb));
      if (this.times.error === 'timezone') this.bad.add(line, 'timezone', `timestamp ${v} is not UTC (use Z or +00:00)`);
      else this.bad.add(line, 'timestamp', `timestamp ${v} is not ISO-8601 (YYYY-MM-DDTHH:MM:SSZ)`);
      return;
    }
    if (ts < 0 || ts >= MAX_TS_MS) {
      this.bad.add(line, 'timestamp', `timestamp ${fmtVal(s.slice(ta, tb))} is outside 1970-01-01..9999-12-31`);
      return;
    }

    // open high low close volume
    const vc = this.valueCols;
    let o = 0;
    let h = 0;
    let l = 0;
    let c = 0;
    let v = 0;
    for (let k = 0; k < 5; k++) {
      const fa = st[vc[k]!]!;
      const fb = en[vc[k]!]!;
      const x = fa === fb ? NaN : +s.slice(fa, fb);
      // Number() also reads 0x.., 0b.., 0o..: a bar value is decimal.
      if (!Number.isFinite(x) || (s.charCodeAt(fa) === 48 && isRadixLetter(s.charCodeAt(fa + 1)))) {
        this.bad.add(line, 'number', `${VALUE_TARGETS[k]} ${fmtVal(s.slice(fa, fb))} is not a finite number`);
        return;
      }
      if (k === 0) o = x;
      else if (k === 1) h = x;
      else if (k === 2) l = x;
      else if (k === 3) c = x;
      else v = x;
    }
    if (h < l) {
      this.bad.add(line, 'ohlc', `high ${h} < low ${l}`);
      return;
    }
    if (h < (o > c ? o : c)) {
      this.bad.add(line, 'ohlc', `high ${h} < max(open, close) ${o > c ? o : c}`);
      return;
    }
    if (l > (o < c ? o : c)) {
      this.bad.add(line, 'ohlc', `low ${l} > min(open, close) ${o < c ? o : c}`);
      return;
    }
    if (v < 0) {
      this.bad.add(line, 'volume', `volume ${v} is negative`);
      return;
    }

    // trades (optional; empty = null)
    let tr = NaN;
    if (pos.trades >= 0) {
      const fa = st[pos.trades]!;
      const fb = en[pos.trades]!;
      if (fb > fa) {
        tr = +s.slice(fa, fb);
        if (!Number.isSafeInteger(tr) || tr < 0) {
          this.bad.add(line, 'trades', `trades ${fmtVal(s.slice(fa, fb))} is not a non-negative integer`);
          return;
        }
      }
    }
    this.sink.push(symIdx, line, ts, o, h, l, c, v, tr);
  }

  /** A line with a quoted field: unquote, neutralise commas inside values, parse as plain. */
  private quotedRow(text: string, line: number): void {
    const f = splitQuotedLine(text);
    if (!f) {
      this.bad.add(line, 'fields', 'a quoted field is not closed on this line');
      return;
    }
    this.dataLines--; // row() counts it again
    const plain = f.map((x) => x.replaceAll(',', ';')).join(',');
    this.row(plain, 0, plain.length, line, true);
  }
}

// ---------------------------------------------------------------------------------------------
// assembly: group by symbol, sort by time, drop duplicate keys

function assemble(p: CsvRowParser, hasTrades: boolean, bad: BadRowLog): SymbolBars[] {
  const { sink } = p;
  const nSym = p.symbols.length;
  const counts = new Uint32Array(nSym);
  for (let i = 0; i < sink.n; i++) counts[sink.sym[i]!]!++;
  const start = new Uint32Array(nSym + 1);
  for (let k = 0; k < nSym; k++) start[k + 1] = start[k]! + counts[k]!;
  const order = new Uint32Array(sink.n);
  const fill = start.slice(0, nSym);
  for (let i = 0; i < sink.n; i++) order[fill[sink.sym[i]!]!++] = i;

  const [ts, o, h, l, c, v, tr] = sink.cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const out: SymbolBars[] = [];
  const bySymbol = p.symbols.map((s, k) => ({ s, k })).sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  for (const { s: symbol, k } of bySymbol) {
    let idx = order.subarray(start[k]!, start[k + 1]!);
    let sorted = true;
    for (let j = 1; j < idx.length; j++) {
      if (!(ts[idx[j]!]! > ts[idx[j - 1]!]!)) {
        sorted = false;
        break;
      }
    }
    if (!sorted) {
      // stable: equal timestamps stay in line order, so the first line of a key is kept
      idx = Uint32Array.from(idx).sort((x, y) => ts[x]! - ts[y]! || x - y);
      let w = 0;
      for (let j = 0; j < idx.length; j++) {
        const i = idx[j]!;
        if (w > 0 && ts[i] === ts[idx[w - 1]!]) {
          bad.add(sink.line[i]!, 'duplicate', `duplicate key ${symbol} ${new Date(ts[i]!).toISOString()} (first on line ${sink.line[idx[w - 1]!]})`);
          continue;
        }
        idx[w++] = i;
      }
      idx = idx.subarray(0, w);
    }
    const n = idx.length;
    const b: SymbolBars = { symbol, ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    if (hasTrades) b.trades = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const i = idx[j]!;
      b.ts[j] = ts[i]!;
      b.open![j] = o[i]!;
      b.high![j] = h[i]!;
      b.low![j] = l[i]!;
      b.close![j] = c[i]!;
      b.volume![j] = v[i]!;
      if (b.trades) b.trades[j] = tr[i]!;
    }
    out.push(b);
  }
  return out;
}

/**
 * Read and check a bars CSV (.csv or .csv.gz). Throws for a missing or unreadable file, an empty
 * file and missing columns; bad rows are returned in `bad`, not thrown.
 */
export async function readCsvBars(path: string, o: { signal?: AbortSignal } = {}): Promise<CsvBars> {
  await assertReadableFile(path);
  const bad = new BadRowLog();
  let parser: CsvRowParser | undefined;
  let hasTrades = false;
  let carry = '';
  let lineNo = 0;

  const handle = (s: string, a: number, b: number) => {
    lineNo++;
    if (!parser) {
      const header = s.slice(a, b).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
      if (header.trim() === '') return; // blank lines before the header
      const pos = mapHeader(header, path);
      hasTrades = pos.trades >= 0;
      parser = new CsvRowParser(pos, bad);
      return;
    }
    if (b > a) parser.row(s, a, b, lineNo);
  };

  for await (const chunk of textChunks(path, o.signal)) {
    const s = carry + chunk;
    let p = 0;
    for (;;) {
      const nl = s.indexOf('\n', p);
      if (nl < 0) break;
      handle(s, p, nl > p && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      p = nl + 1;
    }
    carry = s.slice(p);
  }
  if (carry.length > 0) handle(carry, 0, carry.charCodeAt(carry.length - 1) === 13 ? carry.length - 1 : carry.length);

  if (!parser) throw new CgqError('INPUT_EMPTY', `${path}: the file is empty (no header)`);
  if (parser.dataLines === 0) throw new CgqError('INPUT_EMPTY', `${path}: the file has a header but no rows`);
  const bars = assemble(parser, hasTrades, bad);
  return { file: path, bars, rows: bars.reduce((a, b) => a + b.ts.length, 0), lines: parser.dataLines, hasTrades, bad };
}

// ---------------------------------------------------------------------------------------------
// BarSource

/** Bars from a CSV file, held in memory after one checked read; any bad row fails the open. */
export class CsvSource implements BarSource {
  readonly kind = 'csv' as const;
  readonly description: string;

  private constructor(private readonly data: CsvBars) {
    this.description = `CSV ${data.file}`;
  }

  static async open(path: string, o: { signal?: AbortSignal } = {}): Promise<CsvSource> {
    const data = await readCsvBars(path, o);
    if (data.bad.total > 0) throw data.bad.toError(path);
    return new CsvSource(data);
  }

  async symbols(): Promise<string[]> {
    return this.data.bars.map((b) => b.symbol);
  }

  async *bars(q: BarQuery = {}): AsyncIterable<SymbolBars> {
    const want = q.symbols ? new Set(q.symbols) : undefined;
    if (q.symbols) for (const s of q.symbols) assertSymbol(s, this.description);
    const columns: readonly BarColumn[] = q.columns ?? BAR_COLUMNS;
    for (const b of this.data.bars) {
      if (want && !want.has(b.symbol)) continue;
      const from = q.start === undefined ? 0 : lowerBound(b.ts, q.start);
      const to = q.end === undefined ? b.ts.length : lowerBound(b.ts, q.end);
      if (to <= from) continue;
      const out: SymbolBars = { symbol: b.symbol, ts: b.ts.subarray(from, to) };
      for (const c of columns) {
        const col = b[c];
        out[c] = col ? col.subarray(from, to) : new Float64Array(to - from).fill(NaN);
      }
      yield out;
    }
  }

  async close(): Promise<void> {}
}

