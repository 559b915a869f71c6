/** Helpers for the lake tests: seeded minute bars, temp lakes, file trees. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestContext } from 'node:test';
import type { SymbolBars } from '../../src/sources/types.js';
import { seededRandom } from '../helpers/compare.js';

export const MIN = 60_000;
export const DAY = 86_400_000;

/** `n` minute bars from `startMs`; trades null on every 5th bar (or absent with trades: false). */
export function makeBars(symbol: string, startMs: number, n: number, seed = 1, o: { trades?: boolean; stepMs?: number } = {}): SymbolBars {
  const r = seededRandom(seed);
  const b: SymbolBars = {
    symbol,
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  if (o.trades !== false) b.trades = new Float64Array(n);
  let c = 100 + 50 * r();
  for (let i = 0; i < n; i++) {
    const op = c;
    c = Math.round(op * Math.exp((r() - 0.5) * 0.004) * 100) / 100;
    b.ts[i] = startMs + i * (o.stepMs ?? MIN);
    b.open![i] = op;
    b.close![i] = c;
    b.high![i] = Math.max(op, c) + Math.round(r() * 10) / 100;
    b.low![i] = Math.min(op, c) - Math.round(r() * 10) / 100;
    b.volume![i] = Math.round(r() * 1e6) / 1000;
    if (b.trades) b.trades[i] = i % 5 === 0 ? NaN : Math.floor(r() * 500);
  }
  return b;
}

export function tempDir(t: TestContext, prefix = 'cgq-lake-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Every path under `root` (folders end in '/'), relative and sorted. */
export function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        out.push(relative(root, p) + '/');
        walk(p);
      } else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

/** path → file bytes (hex-free Buffer compare) for every file under `root`. */
export function snapshot(root: string): Map<string, Buffer> {
  return new Map(tree(root).filter((p) => !p.endsWith('/')).map((p) => [p, readFileSync(join(root, p))]));
}

/** Slice rows [from, to) of every column. */
export function sliceBars(b: SymbolBars, from: number, to: number): SymbolBars {
  const out: SymbolBars = { symbol: b.symbol, ts: b.ts.slice(from, to) };
  for (const c of ['open', 'high', 'low', 'close', 'volume', 'trades'] as const) if (b[c]) out[c] = b[c]!.slice(from, to);
  return out;
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
