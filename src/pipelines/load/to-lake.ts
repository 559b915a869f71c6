/**
 * Loading bars into the lake without losing what is there. The lake rewrites a UTC day whole, so
 * each day the input touches is first merged with that day's existing rows (complete days only;
 * a torn day without _SUCCESS is replaced). Existing keys are never silently overwritten: without
 * `replace` any key already in the lake fails the load, naming the symbol and range, before a
 * single day is written; with `replace` the input's row wins.
 */
import { join } from 'node:path';
import { CgqError } from '../../errors.js';
import { DAY_MS } from '../../engine/partition.js';
import { readSymbolDays } from '../../io/lake/read.js';
import { assertTf, DEFAULT_TF } from '../../io/lake/paths.js';
import { symbolDays } from '../../io/lake/scan.js';
import { writeSymbolBars } from '../../io/lake/write.js';
import type { EnginePool } from '../../engine/pool.js';
import { BAR_COLUMNS, type SymbolBars } from '../../sources/types.js';

export interface LakeLoadOptions {
  tf?: string;
  replace?: boolean;
  signal?: AbortSignal;
  /** Encode day files on this engine pool (same files as without). */
  pool?: EnginePool;
  /** Called after each symbol is written, with its new rows. */
  onSymbol?: (symbol: string, rows: number) => void;
}

export interface LakeLoadResult {
  rows: number;
  symbols: number;
  /** Day files written (new or rewritten). */
  days: number;
  bytes: number;
  /** Input rows that replaced a row already in the lake (only with `replace`). */
  replaced: number;
  /** Rows already in the lake that were carried over into rewritten days. */
  kept: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const COLS = ['open', 'high', 'low', 'close', 'volume', 'trades'] as const;

/** The input's distinct UTC days. */
function touchedDays(ts: Float64Array): Set<number> {
  const s = new Set<number>();
  for (let i = 0; i < ts.length; i++) s.add(Math.floor(ts[i]! / DAY_MS));
  return s;
}

/** Merge two ts-sorted bar sets; on equal ts the input (`b`) row wins. Returns merged + collisions. */
function mergeBars(a: SymbolBars, b: SymbolBars): { bars: SymbolBars; collisions: number; firstCollision: number; lastCollision: number } {
  const na = a.ts.length;
  const nb = b.ts.length;
  let collisions = 0;
  let firstCollision = NaN;
  let lastCollision = NaN;
  const idx: number[] = []; // >= 0: row of a; < 0: -(row of b) - 1
  let i = 0;
  let j = 0;
  while (i < na || j < nb) {
    if (j >= nb || (i < na && a.ts[i]! < b.ts[j]!)) idx.push(i++);
    else if (i >= na || b.ts[j]! < a.ts[i]!) idx.push(-(j++) - 1);
    else {
      if (collisions === 0) firstCollision = b.ts[j]!;
      lastCollision = b.ts[j]!;
      collisions++;
      i++;
      idx.push(-(j++) - 1);
    }
  }
  const n = idx.length;
  const out: SymbolBars = { symbol: b.symbol, ts: new Float64Array(n) };
  for (const c of COLS) out[c] = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = idx[k]!;
    const src = r >= 0 ? a : b;
    const row = r >= 0 ? r : -r - 1;
    out.ts[k] = src.ts[row]!;
    for (const c of COLS) out[c]![k] = src[c] ? src[c]![row]! : NaN;
  }
  return { bars: out, collisions, firstCollision, lastCollision };
}

/**
 * Write `bars` (ts ascending and unique per symbol) into the lake at `root`. All merging and the
 * collision check happen before the first day is written.
 */
export async function loadBarsToLake(root: string, bars: readonly SymbolBars[], o: LakeLoadOptions = {}): Promise<LakeLoadResult> {
  const tf = o.tf ?? DEFAULT_TF;
  assertTf(tf);
  const res: LakeLoadResult = { rows: 0, symbols: 0, days: 0, bytes: 0, replaced: 0, kept: 0 };
  const plan: { bars: SymbolBars; rows: number }[] = [];
  for (const b of bars) {
    if (o.signal?.aborted) throw new CgqError('INTERRUPTED', `load into lake ${root}: interrupted before writing; nothing written`);
    const n = b.ts.length;
    if (n === 0) continue;
    const days = touchedDays(b.ts);
    const existing = symbolDays(join(root, tf, b.symbol), b.symbol, { start: b.ts[0]!, end: b.ts[n - 1]! + 1 }).filter(
      (d) => d.complete && days.has(Math.floor(Date.parse(`${d.day}T00:00:00Z`) / DAY_MS)),
    );
    if (existing.length === 0) {
      plan.push({ bars: b, rows: n });
      continue;
    }
    const old = await readSymbolDays(b.symbol, existing, BAR_COLUMNS, {}, false);
    if (!old) {
      plan.push({ bars: b, rows: n });
      continue;
    }
    const m = mergeBars(old, b);
    if (m.collisions > 0 && !o.replace) {
      throw new CgqError(
        'INPUT_DUPLICATE',
        `lake ${root} (${tf}) already holds ${m.collisions} of the ${n} ${b.symbol} rows, between ${iso(m.firstCollision)} and ${iso(m.lastCollision)}; nothing written (use --replace to overwrite)`,
      );
    }
    res.replaced += m.collisions;
    res.kept += old.ts.length - m.collisions;
    plan.push({ bars: m.bars, rows: n });
  }
  for (const p of plan) {
    const written = await writeSymbolBars(root, p.bars, { tf, signal: o.signal, pool: o.pool });
    res.symbols++;
    res.rows += p.rows;
    res.days += written.length;
    for (const w of written) res.bytes += w.bytes;
    o.onSymbol?.(p.bars.symbol, p.rows);
  }
  return res;
}
