/**
 * `cgq synth`: generate seeded synthetic bars for K symbols × D days and write them to the lake
 * (one atomic day folder at a time) or to MySQL. Symbols are generated and written in ascending
 * order, so the same flags always produce the same bytes.
 */
import { CgqError } from '../../errors.js';
import type { Progress } from '../../engine/progress.js';
import { SharedArena } from '../../engine/arena.js';
import { EnginePool } from '../../engine/pool.js';
import { POOL_MIN_ROWS } from '../load/run.js';
import { writeSymbolBars } from '../../io/lake/write.js';
import type { SymbolBars } from '../../sources/types.js';
import { Market, generateSymbol, type SynthSpec } from './model.js';

export type SynthSink =
  | { kind: 'lake'; root: string }
  | { kind: 'mysql'; write: (bars: AsyncIterable<SymbolBars>, signal?: AbortSignal) => Promise<unknown> };

export interface SynthRun extends SynthSpec {
  symbols: readonly string[];
  sink: SynthSink;
  /** Worker threads encoding lake day files (1: the calling thread only). */
  nJobs?: number;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface SynthSummary {
  symbols: number;
  days: number;
  rows: number;
}

export const MAX_SYNTH_DAYS = 3660;

export function validateSynthSpec(s: SynthSpec, symbols: readonly string[]): void {
  if (!Number.isInteger(s.days) || s.days < 1 || s.days > MAX_SYNTH_DAYS) throw new CgqError('USAGE', `--days must be an integer in [1, ${MAX_SYNTH_DAYS}] (got ${s.days})`);
  if (!Number.isSafeInteger(s.seed) || s.seed < 0) throw new CgqError('USAGE', `--seed must be a non-negative integer (got ${s.seed})`);
  if (s.startMs % 86_400_000 !== 0) throw new CgqError('USAGE', `--start must be a UTC midnight (YYYY-MM-DD)`);
  if (symbols.length === 0) throw new CgqError('USAGE', 'no symbols: give --symbols N or --symbol-list A,B');
  if (new Set(symbols).size !== symbols.length) throw new CgqError('USAGE', '--symbol-list has duplicate symbols');
}

export async function runSynth(run: SynthRun): Promise<SynthSummary> {
  validateSynthSpec(run, run.symbols);
  const market = new Market({ seed: run.seed, startMs: run.startMs, days: run.days });
  const symbols = [...run.symbols].sort();
  let rows = 0;
  const generate = async function* (): AsyncGenerator<SymbolBars> {
    for (const sym of symbols) {
      if (run.signal?.aborted) throw new CgqError('INTERRUPTED', 'synth: interrupted');
      const bars = generateSymbol(market, sym);
      rows += bars.ts.length;
      yield bars;
      run.progress?.tick();
    }
  };
  run.progress?.start(symbols.length, 'synth');
  try {
    if (run.sink.kind === 'lake') {
      // Encoding day files dominates; large runs spread it over the pool (same bytes either way).
      const big = run.days * 1440 * symbols.length >= POOL_MIN_ROWS;
      const pool = (run.nJobs ?? 1) > 1 && big ? new EnginePool(new SharedArena(), { nJobs: run.nJobs, noWarmup: true }) : undefined;
      try {
        for await (const bars of generate()) await writeSymbolBars(run.sink.root, bars, { signal: run.signal, pool });
      } finally {
        await pool?.close();
      }
    } else {
      await run.sink.write(generate(), run.signal);
    }
  } finally {
    run.progress?.stop();
  }
  return { symbols: symbols.length, days: run.days, rows };
}
