/**
 * `cgq bench emd-many`: plain EMD of a cohort of series (what `cgq emd --method emd` does with
 * several symbols or columns): 12 series of n = 32,000 (six windows of the fixture log-price
 * series, six seeded volume-like series; `--quick`: 4 series of n = 8,000) on one worker and on
 * all workers, in series per minute. Each series is one task and the workers take the next
 * series as they finish (src/emd/emd.ts emdMany). Goal: all workers ≥ 1.8× one worker (issue 4's
 * worker-scaling goal). The runs alternate one worker / all workers (medians of 5), and the
 * outputs are checked byte for byte against each other and against each series' own emd call.
 */
import { availableParallelism } from 'node:os';
import { SharedArena } from '../src/engine/arena.js';
import { EnginePool } from '../src/engine/pool.js';
import { LocalKernels } from '../src/kernels/local.js';
import { emd, emdMany, type EmdResult } from '../src/emd/emd.js';
import { PoolExecutor, emdPoolScratchBytes } from '../src/emd/executor.js';
import { emdSettings } from '../src/emd/settings.js';
import { makeReport, writeReport, type BenchSuite } from './harness.js';
import { bytesOf, fixtureSeries, measured, volumeLikeSeries } from './emd-common.js';

/**
 * Sum of the costs over the makespan when `workers` take the series in order, each the next one as
 * it finishes (emdMany's schedule): a series is one task, so the last ones decide the tail.
 */
function scheduleBound(costs: readonly number[], workers: number): number {
  const free = new Array<number>(workers).fill(0);
  for (const c of costs) {
    const w = free.indexOf(Math.min(...free));
    free[w] = free[w]! + c;
  }
  return costs.reduce((a, c) => a + c, 0) / Math.max(...free);
}

function sameRows(a: readonly EmdResult[], b: readonly EmdResult[]): boolean {
  return a.length === b.length && a.every((r, i) => bytesOf(r.rows).equals(bytesOf(b[i]!.rows)));
}

export const suite: BenchSuite = {
  name: 'emd-many',
  usesPool: true,
  describe: 'plain EMD of a cohort of series, one worker vs all workers (series/min)',
  async run({ quick, nJobs, log = (s) => process.stderr.write(s + '\n'), outDir }) {
    const all = fixtureSeries('emd-many');
    const n = quick ? 8000 : 32000;
    const pairs = quick ? 2 : 6;
    const step = Math.floor((all.length - n) / (pairs - 1));
    const series: Float64Array[] = [];
    for (let k = 0; k < pairs; k++) series.push(all.slice(k * step, k * step + n), volumeLikeSeries(n, 20241121 + k));
    const workers = nJobs ?? availableParallelism();
    const arena = new SharedArena();
    const local = new LocalKernels(arena);
    const scratchBytes = emdPoolScratchBytes(n);
    const pool1 = new EnginePool(arena, { nJobs: 1, scratchBytes });
    const poolN = workers > 1 ? new EnginePool(arena, { nJobs: workers, scratchBytes }) : pool1;
    const execs = [new PoolExecutor(pool1), new PoolExecutor(poolN)];
    const settings = emdSettings();
    try {
      const alone: EmdResult[] = [];
      const aloneSec: number[] = [];
      await emd(execs[0]!, local, series[0]!, settings); // warm the worker: the timings below are of the kernels
      for (const x of series) {
        const t0 = performance.now();
        alone.push(await emd(execs[0]!, local, x, settings));
        aloneSec.push((performance.now() - t0) / 1000);
      }
      const reps = quick ? 2 : 5;
      const secs: number[][] = [[], []];
      // One untimed round each, then alternate so the VM's drift reaches both alike.
      for (let r = -1; r < reps; r++) {
        for (const [i, exec] of execs.entries()) {
          const t0 = performance.now();
          const out = await emdMany(exec, local, series, settings);
          if (r >= 0) secs[i]!.push((performance.now() - t0) / 1000);
          if (!sameRows(out, alone)) throw new Error(`bench emd-many: the ${i ? 'all-worker' : '1-worker'} run differs from the series' own emd calls`);
        }
      }
      const group = `emd ${series.length} series n=${n}`;
      const results = [measured(`${group} cgq ${workers} workers`, group, 'cgq', secs[1]!.map((s) => s / series.length)), measured(`${group} cgq 1 worker`, group, 'cgq-1-worker', secs[0]!.map((s) => s / series.length))];
      const sifts = alone.reduce((a, r) => a + r.sifts, 0);
      log(`${group}: 1 worker ${secs[0]!.map((s) => s.toFixed(2)).join(' ')} s, ${workers} workers ${secs[1]!.map((s) => s.toFixed(2)).join(' ')} s, ${sifts} siftings`);
      const rep = makeReport('emd-many', results, {
        params: { n, series: series.length, workers, reps },
        goals: workers > 1 ? { [`${group}:cgq-1-worker`]: 1.8 } : {},
        extra: {
          [`${group}: siftings, all series`]: sifts,
          [`${group}: IMFs per series`]: alone.map((r) => r.imfs).join(', '),
          [`${group}: ms per series alone (1 worker, one run each)`]: aloneSec.map((v) => (v * 1000).toFixed(0)).join(', '),
          [`${group}: most ${workers}-worker speed-up the series' costs allow in this order`]: scheduleBound(aloneSec, workers),
        },
        notes: [
          'Series: windows of ../shared/fixtures/emd_series_129600.f64 alternating with seeded volume-like series (log1p of lognormal volume with a diurnal cycle and 3 % zero minutes). Times are per series (the whole cohort divided by its size).',
          'Every run is checked byte for byte against each series decomposed alone on one worker.',
        ],
      });
      if (!quick) writeReport(rep, outDir);
      return rep;
    } finally {
      await pool1.close();
      if (poolN !== pool1) await poolN.close();
    }
  },
};
