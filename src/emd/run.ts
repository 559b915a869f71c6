/**
 * The work behind `cgq emd`: read one series, decompose it with EMD or CEEMDAN on an engine pool
 * sized for it, write the IMFs and the residue. The pool's workers get enough private scratch for
 * the series' length; CEEMDAN spreads its trials over them.
 */
import { SharedArena } from '../engine/arena.js';
import { EnginePool } from '../engine/pool.js';
import type { Progress } from '../engine/progress.js';
import { LocalKernels } from '../kernels/local.js';
import type { BarSource } from '../sources/types.js';
import { ceemdan, type CeemdanRunStats } from './ceemdan.js';
import { emd } from './emd.js';
import { PoolExecutor, emdPoolScratchBytes } from './executor.js';
import { readSeriesFile, readSymbolColumn, writeDecomposition } from './io.js';
import type { CeemdanSettings, EmdSettings } from './settings.js';

export type EmdInput =
  | { kind: 'file'; path: string; column?: string }
  | { kind: 'symbol'; source: BarSource; symbol: string; column: string; start?: number; end?: number };

export interface DecomposeOptions {
  input: EmdInput;
  method: 'emd' | 'ceemdan';
  ceemdan: CeemdanSettings;
  /** EMD settings for --method emd (CEEMDAN uses ceemdan.emd). */
  emd: EmdSettings;
  maxImf: number;
  nJobs?: number;
  output: string;
  /** CEEMDAN: the persistent noise-EMD cache directory (./noise-store.ts). */
  noiseCache?: string;
  log?: (line: string) => void;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface DecomposeSummary {
  n: number;
  imfs: number;
  sifts: number;
  seconds: number;
  run?: CeemdanRunStats;
}

export async function readInput(input: EmdInput): Promise<Float64Array> {
  if (input.kind === 'file') return readSeriesFile(input.path, input.column);
  return readSymbolColumn(input.source, input.symbol, input.column, input.start, input.end);
}

export async function decompose(o: DecomposeOptions): Promise<DecomposeSummary> {
  const x = await readInput(o.input);
  const n = x.length;
  const key = o.input.kind === 'file' ? o.input.path : o.input.symbol;
  const arena = new SharedArena();
  const local = new LocalKernels(arena);
  const pool = new EnginePool(arena, { nJobs: o.method === 'emd' ? 1 : o.nJobs, scratchBytes: emdPoolScratchBytes(n) });
  const t0 = performance.now();
  try {
    const exec = new PoolExecutor(pool, o.signal);
    let imfs: Float64Array[];
    let residue: Float64Array;
    let sifts: number;
    let run: CeemdanRunStats | undefined;
    if (o.method === 'emd') {
      const r = await emd(exec, local, x, o.emd, o.maxImf, key);
      imfs = r.rows.slice(0, r.imfs);
      residue = r.rows.length > r.imfs ? r.rows[r.imfs]! : residualOf(x, imfs);
      sifts = r.sifts;
    } else {
      const out = await ceemdan(exec, local, [x], { settings: { ...o.ceemdan, maxImf: o.maxImf }, keys: [key], progress: o.progress, signal: o.signal, noiseCache: o.noiseCache, log: o.log });
      const rows = out.results[0]!.rows;
      imfs = rows.slice(0, -1);
      residue = rows[rows.length - 1]!;
      sifts = out.results[0]!.stats.sifts + out.run.noiseSifts;
      run = out.run;
    }
    await writeDecomposition(o.output, imfs, residue);
    return { n, imfs: imfs.length, sifts, seconds: (performance.now() - t0) / 1000, run };
  } finally {
    await pool.close();
  }
}

/** x − ΣIMFs (the residue PyEMD leaves out of its rows when it is ~0). */
function residualOf(x: Float64Array, imfs: readonly Float64Array[]): Float64Array {
  const sum = new Float64Array(x.length);
  for (const r of imfs) for (let i = 0; i < x.length; i++) sum[i] = sum[i]! + r[i]!;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! - sum[i]!;
  return out;
}
