/**
 * The work behind `cgq emd`: read the series (symbols' bars as stored or on one shared minute
 * grid), decompose them with EMD or CEEMDAN on an engine pool sized for the longest, write each
 * one's IMFs and residue. CEEMDAN decomposes the series of one
 * length together on one noise bank, so its noise EMDs are computed once for all of them (the
 * results equal separate runs'); the pool's workers share every series' trials. EMD runs one
 * series per worker. Each output is staged to a temp file when its series is done and all are
 * renamed into place at the end: a failure leaves none of them.
 */
import { basename, extname } from 'node:path';
import { SharedArena } from '../engine/arena.js';
import { EnginePool, resolveJobs } from '../engine/pool.js';
import type { Progress } from '../engine/progress.js';
import { CgqError, isCgqError } from '../errors.js';
import { StagedFiles, checkOutputPath } from '../io/atomic.js';
import { LocalKernels } from '../kernels/local.js';
import type { BarColumn, BarSource, SymbolBars } from '../sources/types.js';
import { ceemdan, type CeemdanRunStats } from './ceemdan.js';
import { emdEach, imfHilbertOnCaller } from './emd.js';
import { hilbertScratchBytes, type ImfHilbert } from './hilbert.js';
import { PoolExecutor, emdPoolScratchBytes } from './executor.js';
import { decompositionBytes, readSeriesFile, readSymbolBars, readSymbolColumns } from './io.js';
import { MINUTE_MS, minuteGrid, minuteIso, reindexMinutes } from '../sources/minute-grid.js';
import type { CeemdanSettings, EmdSettings } from './settings.js';

export type EmdInput =
  | { kind: 'file'; path: string; column?: string; /** CSV: the column of sample times, and the range of them to keep. */ timeColumn?: string; start?: number; end?: number }
  | { kind: 'symbol'; source: BarSource; symbol: string; column: string; start?: number; end?: number };

export interface DecomposeOptions {
  inputs: readonly EmdInput[];
  method: 'emd' | 'ceemdan';
  ceemdan: CeemdanSettings;
  /** EMD settings for --method emd (CEEMDAN uses ceemdan.emd). */
  emd: EmdSettings;
  maxImf: number;
  /** Symbols' bars as stored (default) or on the shared minute grid. */
  grid?: SeriesGrid;
  /** Also write each IMF's amplitude, phase, frequency and dominant period (./hilbert.ts). */
  hilbert?: boolean;
  nJobs?: number;
  /** Output path; with several series it holds `{name}` (see seriesName). */
  output: string;
  /** CEEMDAN: the persistent noise-EMD cache directory (./noise-store.ts). */
  noiseCache?: string;
  /** Cap on the noise cache's bytes (default DEFAULT_NOISE_CACHE_MAX_GIB GiB; 0: none). */
  noiseCacheMaxBytes?: number;
  log?: (line: string) => void;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface SeriesSummary {
  name: string;
  output: string;
  n: number;
  imfs: number;
  /** The series' own siftings (CEEMDAN: its trials and stop tests; the noise EMDs' are in run). */
  sifts: number;
  /** CEEMDAN: the run its length group shared (noise EMDs, cache use). */
  run?: CeemdanRunStats;
  /** With hilbert: each IMF's dominant period in samples. */
  periods?: number[];
}

export interface DecomposeSummary {
  series: SeriesSummary[];
  seconds: number;
}

/** What `{name}` in --output becomes: the file's stem, the CSV column, or SYMBOL_column. */
export function seriesName(input: EmdInput): string {
  if (input.kind === 'symbol') return `${input.symbol}_${input.column}`;
  return input.column ?? basename(input.path, extname(input.path));
}

/** Where each series is written: `{name}` replaced; several series need it, and distinct names. */
export function outputPaths(template: string, names: readonly string[]): string[] {
  if (names.length > 1 && !template.includes('{name}')) {
    throw new CgqError('USAGE', `--output ${template}: ${names.length} series need {name} in the output path (e.g. imfs/{name}.npz)`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new CgqError('USAGE', `--output: series name '${name}' is not usable in a file name (letters, digits, _ . - only)`);
    if (seen.has(name)) throw new CgqError('USAGE', `--output: series '${name}' is given twice`);
    seen.add(name);
  }
  const paths = names.map((name) => template.replaceAll('{name}', name));
  for (const p of paths) checkOutputPath(p, '--output');
  return paths;
}

/**
 * How a symbol's bars become a series: as stored (in time order, gaps closed up), or reindexed
 * onto the 1-minute grid its run's symbols share (../sources/minute-grid.ts).
 */
export type SeriesGrid = 'stored' | 'minute';

/** The inputs' series and their sample times (epoch ms): symbols', a CSV's time column's; otherwise undefined. */
export interface InputSeries {
  values: Float64Array[];
  times: (Float64Array | undefined)[];
}

/**
 * Every input's series: a file's columns are parsed in one pass, a symbol's columns come from one
 * query. On the minute grid, the symbols read with one source and time range share one grid.
 */
export async function readInputs(inputs: readonly EmdInput[], grid: SeriesGrid = 'stored', log?: (line: string) => void): Promise<InputSeries> {
  const out: Float64Array[] = [];
  const times: (Float64Array | undefined)[] = inputs.map(() => undefined);
  // Inputs read together: the same file, or the same symbol, source and time range.
  const groups = new Map<unknown, Map<string, number[]>>();
  inputs.forEach((input, i) => {
    const [owner, key] = input.kind === 'file' ? ['file', `${input.path}\0${input.timeColumn}\0${input.start}\0${input.end}`] : [input.source, `${input.start} ${input.end} ${input.symbol}`];
    const byKey = groups.get(owner) ?? new Map<string, number[]>();
    groups.set(owner, byKey);
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  // Minute grid: the bars of each (source, time range), reindexed once all are read.
  const cohorts = new Map<string, { start?: number; end?: number; members: { bars: SymbolBars; idx: number[] }[] }>();
  for (const [sourceNo, byKey] of [...groups.values()].entries()) {
    for (const idx of byKey.values()) {
      const first = inputs[idx[0]!]!;
      const columns = idx.map((i) => inputs[i]!.column);
      if (first.kind === 'file') {
        const series = await readSeriesFile(first.path, columns, first);
        idx.forEach((i, k) => {
          out[i] = series.values[k]!;
          times[i] = series.ts;
        });
      } else if (grid === 'stored') {
        const series = await readSymbolColumns(first.source, first.symbol, columns as string[], first.start, first.end);
        idx.forEach((i, k) => {
          out[i] = series.values[k]!;
          times[i] = series.ts;
        });
      } else {
        const bars = await readSymbolBars(first.source, first.symbol, columns as string[], first.start, first.end);
        const key = `${sourceNo} ${first.start} ${first.end}`;
        const cohort = cohorts.get(key) ?? { start: first.start, end: first.end, members: [] };
        cohorts.set(key, cohort);
        cohort.members.push({ bars, idx });
      }
    }
  }
  for (const cohort of cohorts.values()) {
    const g = minuteGrid(cohort.members.map((m) => m.bars), cohort.start, cohort.end);
    const span = `${minuteIso(g.from)} + ${g.count} min`;
    const gridTimes = Float64Array.from({ length: g.count }, (_, k) => g.from + k * MINUTE_MS);
    for (const { bars, idx } of cohort.members) {
      const r = reindexMinutes(bars, idx.map((i) => inputs[i]!.column as BarColumn), g);
      idx.forEach((i, k) => {
        out[i] = r.values[k]!;
        times[i] = gridTimes;
      });
      const count = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
      const dropped = r.dropped ? `, ${count(r.dropped, 'bar')} off the grid dropped` : '';
      const share = (100 * (g.count - r.placed)) / g.count;
      log?.(`emd: ${bars.symbol} on the minute grid ${span}: ${count(r.placed, 'bar')}, ${count(g.count - r.placed, 'minute')} filled (${share.toFixed(share > 0 && share < 0.1 ? 2 : 1)} %)${dropped}`);
    }
  }
  return { values: out, times };
}

/** The label a series' errors name: the file (and column), or the symbol and column. */
function seriesLabel(input: EmdInput): string {
  if (input.kind === 'symbol') return `${input.symbol} ${input.column}`;
  return input.column === undefined ? input.path : `${input.path} column ${input.column}`;
}

export async function decompose(o: DecomposeOptions): Promise<DecomposeSummary> {
  if (o.inputs.length === 0) throw new CgqError('USAGE', 'cgq emd: no series given');
  const names = o.inputs.map(seriesName);
  const outputs = outputPaths(o.output, names);
  const labels = o.inputs.map(seriesLabel);
  const { values: xs, times } = await readInputs(o.inputs, o.grid, o.log);
  const arena = new SharedArena();
  const local = new LocalKernels(arena);
  const maxN = Math.max(...xs.map((x) => x.length));
  // EMD runs one series per worker, so it never needs more workers than series.
  const nJobs = o.method === 'emd' ? Math.min(resolveJobs(o.nJobs), xs.length) : o.nJobs;
  // EMD's workers also run --hilbert's transforms: their scratch must hold the largest FFT plan
  // (lengths with a large prime factor need Bluestein's, ≈ 245 B per sample against EMD's ≈ 141).
  const hilbertBytes = o.hilbert && o.method === 'emd' ? Math.max(...[...new Set(xs.map((x) => x.length))].map((n) => hilbertScratchBytes(local.runtime, n))) : 0;
  const pool = await withMemoryAdvice(() => new EnginePool(arena, { nJobs, scratchBytes: Math.max(emdPoolScratchBytes(maxN), hilbertBytes) }), `the workers' EMD scratch for ${maxN} samples`, 'a shorter series (--start/--end) or fewer --n-jobs');
  const t0 = performance.now();
  // Each series' file is staged (written to its temp path) as soon as the series is done, so the
  // run holds one series per worker (EMD) or one length group (CEEMDAN) at a time; the files are
  // renamed into place together at the end, so a failure still writes none of them.
  const staged = new StagedFiles();
  const series: SeriesSummary[] = [];
  const ceemdanRun = { ...o.ceemdan, maxImf: o.maxImf };
  // What a Parquet file records of how it was made (the same for every series of the run).
  const settingsRecord = o.method === 'emd' ? { method: 'emd', maxImf: o.maxImf, emd: o.emd } : { method: 'ceemdan', ...ceemdanRun };
  // With --hilbert, EMD's workers compute the attributes (emdEach); CEEMDAN's are computed here.
  const finish = async (i: number, imfs: Float64Array[], residue: Float64Array, sifts: number, run?: CeemdanRunStats, fromWorker?: ImfHilbert): Promise<void> => {
    const hilbert = o.hilbert ? (fromWorker ?? imfHilbertOnCaller(imfs, labels[i]!)) : undefined;
    await staged.stage(outputs[i]!, decompositionBytes(outputs[i]!, imfs, residue, { hilbert, settings: settingsRecord, ts: times[i] }));
    series[i] = { name: names[i]!, output: outputs[i]!, n: xs[i]!.length, imfs: imfs.length, sifts, run, periods: hilbert ? [...hilbert.period] : undefined };
  };
  try {
    const exec = new PoolExecutor(pool, o.signal);
    if (o.method === 'emd') {
      // One series per worker at a time; a bar when there are several.
      const bar = xs.length > 1 ? o.progress : undefined;
      bar?.start(xs.length, 'EMD series');
      try {
        await emdEach(exec, local, xs, o.emd, {
          maxImf: o.maxImf,
          hilbert: o.hilbert,
          keys: labels,
          onDone: async (i, r) => {
            const imfs = r.rows.slice(0, r.imfs);
            await finish(i, imfs, r.rows.length > r.imfs ? r.rows[r.imfs]! : residualOf(xs[i]!, imfs), r.sifts, undefined, r.hilbert);
            bar?.tick();
          },
        });
      } finally {
        bar?.stop();
      }
    } else {
      // One CEEMDAN per length: its series share the noise bank (noise EMDs computed once).
      const byLength = new Map<number, number[]>();
      xs.forEach((x, i) => byLength.set(x.length, [...(byLength.get(x.length) ?? []), i]));
      const groups = [...byLength.entries()];
      for (const [g, [n, group]] of groups.entries()) {
        const out = await withMemoryAdvice(() => ceemdan(exec, local, group.map((i) => xs[i]!), {
          settings: ceemdanRun,
          keys: group.map((i) => labels[i]!),
          progress: o.progress,
          // With several lengths, each bar says which run of how many it is.
          progressLabel: groups.length > 1 ? `CEEMDAN ${g + 1}/${groups.length} (n=${n}, ${group.length} series)` : undefined,
          signal: o.signal,
          noiseCache: o.noiseCache,
          noiseCacheMaxBytes: o.noiseCacheMaxBytes,
          log: o.log,
        }), `CEEMDAN of ${group.length} series of ${n} samples with ${ceemdanRun.trials} trials`, 'fewer --trials or a shorter series (--start/--end)');
        for (const [gi, i] of group.entries()) {
          const rows = out.results[gi]!.rows;
          await finish(i, rows.slice(0, -1), rows[rows.length - 1]!, out.results[gi]!.stats.sifts, out.run);
        }
      }
    }
    await staged.commit();
    return { series, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    await staged.discard();
    throw e;
  } finally {
    await pool.close();
  }
}

/** Run f; a MEMORY_LIMIT error from the arena gets what needed the memory and what to change (the arena only knows the byte count). */
async function withMemoryAdvice<T>(f: () => T | Promise<T>, what: string, advice: string): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isCgqError(e) && e.code === 'MEMORY_LIMIT') throw new CgqError('MEMORY_LIMIT', `${what}: ${e.message}; try ${advice}`);
    throw e;
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
