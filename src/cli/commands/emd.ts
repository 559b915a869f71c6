/** `cgq emd`: decompose series with EMD or CEEMDAN (PyEMD 1.10.2 parity) and write the IMFs. */
import type { CommandModule } from 'yargs';
import { CgqError } from '../../errors.js';
import { createProgress } from '../../engine/progress.js';
import { runSignal } from '../../engine/interrupt.js';
import { LakeSource } from '../../sources/lake.js';
import { MysqlSource } from '../../sources/mysql.js';
import { resolveDbConfig } from '../../sources/db-config.js';
import type { BarSource } from '../../sources/types.js';
import { decompose, type EmdInput, type SeriesGrid } from '../../emd/run.js';
import { ceemdanSettings, emdSettings, PYEMD_CEEMDAN, PYEMD_EMD, type StopRule } from '../../emd/settings.js';
import { hasColumns, outputFormat } from '../../emd/io.js';
import { DEFAULT_NOISE_CACHE_MAX_GIB } from '../../emd/noise-store.js';
import { DB_FLAGS, DEFAULT_LAKE, assertSymbol, dbOptions, engineOptions, lakeOption, notApplicable, parseTimeFlag, wantsMysql, type DbArgs, type EngineArgs } from '../options.js';
import { withSpec } from './index.js';

interface Args extends EngineArgs, DbArgs {
  input?: string;
  column?: string;
  'time-column'?: string;
  symbol?: string;
  lake?: string;
  start?: string;
  end?: string;
  grid?: SeriesGrid;
  hilbert: boolean;
  method: 'emd' | 'ceemdan';
  trials?: number;
  epsilon?: number;
  seed?: number;
  'max-imf': number;
  stop: StopRule;
  's-number'?: number;
  'max-siftings'?: number;
  'noise-cache'?: string;
  'noise-cache-max-gib'?: number;
  output: string;
}

export const emdCommand = withSpec<CommandModule<object, Args>>('emd', {
  builder: (y) =>
    dbOptions(
      lakeOption(engineOptions(y), 'lake root for --symbol')
        .option('input', { type: 'string', describe: 'series file: raw little-endian float64 (.f64), or CSV (.csv or .csv.gz) or Parquet (.parquet) with --column' })
        .option('column', { type: 'string', describe: 'CSV or Parquet column (numbers), or bar column with --symbol (default close); a comma list decomposes each' })
        .option('time-column', { type: 'string', describe: 'with a CSV or Parquet --input: the column of sample times (CSV: ISO-8601 UTC; Parquet: a timestamp or date), ascending, written as ts' })
        .option('symbol', { type: 'string', describe: 'read this symbol\'s 1-minute bars from the lake (or MySQL with DB flags); a comma list decomposes each' })
        // Flags that only apply in some modes have no yargs default (the help shows it): one given
        // where it does not apply is refused instead of silently ignored.
        .option('start', { type: 'string', describe: 'with --symbol or --time-column: first time, inclusive (UTC)' })
        .option('end', { type: 'string', describe: 'with --symbol or --time-column: last time, exclusive (UTC)' })
        .option('grid', { choices: ['stored', 'minute'] as const, defaultDescription: 'stored', describe: 'with --symbol: the bars as stored, or on the 1-minute grid the run\'s symbols share (prices carried forward, volume and trades 0 where a minute is missing; one length, so one CEEMDAN noise bank)' })
        .option('method', { choices: ['emd', 'ceemdan'] as const, default: 'ceemdan' as const, describe: 'decomposition' })
        .option('trials', { type: 'number', defaultDescription: String(PYEMD_CEEMDAN.trials), describe: 'CEEMDAN noise realisations' })
        .option('epsilon', { type: 'number', defaultDescription: String(PYEMD_CEEMDAN.epsilon), describe: 'CEEMDAN noise scale ε' })
        .option('seed', { type: 'number', defaultDescription: String(PYEMD_CEEMDAN.seed), describe: 'CEEMDAN: numpy RandomState seed of the noise' })
        .option('max-imf', { type: 'number', default: -1, describe: 'stop after this many IMFs (-1: no limit)' })
        .option('stop', { choices: ['pyemd', 's-number'] as const, default: 'pyemd' as const, describe: 'sifting stop rule: PyEMD\'s (parity) or libeemd\'s S-number' })
        .option('s-number', { type: 'number', defaultDescription: String(PYEMD_EMD.sNumber), describe: 'with --stop s-number: stable extrema counts for this many siftings (0: off, --max-siftings alone stops)' })
        .option('max-siftings', { type: 'number', defaultDescription: String(PYEMD_EMD.maxSiftings), describe: 'with --stop s-number: sifting cap per IMF (0: none)' })
        .option('noise-cache', { type: 'string', describe: 'CEEMDAN: directory of a persistent cache of the noise EMDs (same length, trials, seed and settings reuse it; the first run builds it)' })
        .option('noise-cache-max-gib', { type: 'number', describe: `with --noise-cache: cap on the cache's size; after a run, the least recently used entries are evicted (default ${DEFAULT_NOISE_CACHE_MAX_GIB}; 0: no cap)` })
        .option('hilbert', { type: 'boolean', default: false, describe: 'also write each IMF\'s amplitude, unwrapped phase and instantaneous frequency (Hilbert, FFT method) and its dominant period in samples; print the periods' })
        .option('output', { type: 'string', demandOption: true, describe: 'output file: .npz (imfs, residue, settings) or .parquet (imf_1..imf_k, residue; settings in its metadata), a symbol\'s bar times (or --time-column) first as ts; with several series it holds {name} (SYMBOL_column, the CSV column or the file stem)' })
        .example('cgq emd --input x.f64 --output imfs.npz', 'CEEMDAN, 100 trials, seed 1337 (PyEMD defaults)')
        .example('cgq emd --symbol BTCUSDT --column close --method emd --output btc.parquet', 'EMD of the lake\'s BTCUSDT closes')
        .example('cgq emd --input bars.csv --column close --time-column timestamp --output close.parquet', 'a CSV column, with its rows\' times as ts')
        .example('cgq emd --input close.parquet --column imf_3 --time-column ts --method emd --hilbert --output imf3.npz', 'decompose one IMF of an earlier run again (any Parquet table\'s number column)')
        .example('cgq emd --input x.f64 --stop s-number --s-number 4 --max-siftings 50 --output x.npz', 'libeemd-style sifting')
        .example('cgq emd --input x.f64 --method emd --hilbert --output x.npz', 'also each IMF\'s amplitude, phase, frequency and dominant period')
        .example('cgq emd --symbol BTCUSDT,ETHUSDT --column close,volume --output imfs/{name}.npz', 'four series, one noise bank per length')
        .example('cgq emd --symbol BTCUSDT,ETHUSDT --grid minute --start 2024-01-01 --end 2024-04-01 --output imfs/{name}.npz', 'on one minute grid: one length, one noise bank'),
    ),
  handler: async (a) => {
    if ((a.input === undefined) === (a.symbol === undefined)) throw new CgqError('USAGE', 'give exactly one of --input FILE or --symbol SYM');
    notApplicable(a, ['trials', 'epsilon', 'seed', 'noise-cache'], a.method !== 'ceemdan', 'to --method ceemdan only');
    notApplicable(a, ['s-number', 'max-siftings'], a.stop !== 's-number', 'with --stop s-number only');
    notApplicable(a, ['noise-cache-max-gib'], a['noise-cache'] === undefined, 'with --noise-cache only');
    const maxGib = a['noise-cache-max-gib'];
    if (maxGib !== undefined && !(Number.isFinite(maxGib) && maxGib >= 0)) throw new CgqError('USAGE', `--noise-cache-max-gib ${maxGib}: give a size in GiB >= 0 (0: no cap)`);
    outputFormat(a.output);
    const emd = emdSettings({ stop: a.stop, sNumber: a['s-number'], maxSiftings: a['max-siftings'] });
    const settings = ceemdanSettings({ trials: a.trials, epsilon: a.epsilon, seed: a.seed, maxImf: a['max-imf'], emd });
    let source: BarSource | undefined;
    const inputs: EmdInput[] = [];
    const columns = a.column === undefined ? undefined : list(a.column, '--column');
    if (a.input !== undefined) {
      notApplicable(a, ['lake', 'grid', ...DB_FLAGS], true, 'to --symbol only');
      notApplicable(a, ['start', 'end'], a['time-column'] === undefined, 'to --symbol, or to a CSV or Parquet --input with --time-column');
    } else {
      notApplicable(a, ['time-column'], true, 'to a CSV or Parquet --input only (a symbol\'s bars have their times)');
    }
    const start = parseTimeFlag(a.start, '--start');
    const end = parseTimeFlag(a.end, '--end');
    if (start !== undefined && end !== undefined && start >= end) throw new CgqError('USAGE', `--start ${a.start} is not before --end ${a.end} (the range is [start, end))`);
    if (a.input !== undefined) {
      if (columns && !hasColumns(a.input)) throw new CgqError('USAGE', `--column ${a.column}: a .f64 --input has no columns (--column applies to a CSV or Parquet --input or to --symbol)`);
      for (const column of columns ?? [undefined]) inputs.push({ kind: 'file', path: a.input, column, timeColumn: a['time-column'], start, end });
    } else {
      const symbols = list(a.symbol!, '--symbol');
      for (const sym of symbols) assertSymbol(sym, '--symbol');
      // Opened last: nothing below may throw before the try that closes it.
      source = wantsMysql(a) ? await MysqlSource.open(await resolveDbConfig(a)) : new LakeSource(a.lake ?? DEFAULT_LAKE);
      for (const symbol of symbols) for (const column of columns ?? ['close']) inputs.push({ kind: 'symbol', source, symbol, column, start, end });
    }
    try {
      const r = await decompose({
        inputs,
        method: a.method,
        ceemdan: settings,
        emd,
        maxImf: a['max-imf'],
        grid: a.grid ?? 'stored',
        hilbert: a.hilbert,
        nJobs: a['n-jobs'],
        output: a.output,
        noiseCache: a['noise-cache'],
        noiseCacheMaxBytes: maxGib === undefined ? undefined : maxGib * 2 ** 30,
        log: (line) => process.stderr.write(line + '\n'),
        progress: createProgress({ quiet: a.quiet }),
        signal: runSignal(),
      });
      const several = r.series.length > 1;
      for (const ser of r.series) {
        const cache = ser.run && ser.run.noiseCache !== 'off' ? `, noise cache ${ser.run.noiseCache === 'hit' ? 'read' : 'built'}` : '';
        const what = a.method === 'emd' ? 'EMD' : `CEEMDAN (${settings.trials} trials, seed ${settings.seed}${cache})`;
        const of = several ? `${ser.name} (${ser.n} samples)` : `${ser.n} samples`;
        // One series: its siftings include the noise EMDs'; several: those are shared, and totalled below.
        const sifts = several ? ser.sifts : ser.sifts + (ser.run?.noiseSifts ?? 0);
        const time = several ? '' : `, ${r.seconds.toFixed(2)} s`;
        process.stdout.write(`emd: ${what} of ${of}: ${ser.imfs} IMF${ser.imfs === 1 ? '' : 's'} + residue, ${sifts} siftings${time} -> ${ser.output}\n`);
        if (ser.periods) process.stdout.write(`emd: ${several ? `${ser.name} ` : ''}dominant periods (samples): ${ser.periods.length ? ser.periods.map((p, k) => `IMF ${k + 1} ${formatPeriod(p)}`).join(', ') : 'no IMFs'}\n`);
      }
      if (several) {
        const runs = [...new Set(r.series.map((ser) => ser.run).filter((run) => run !== undefined))];
        const noise = runs.length ? `, noise EMDs ${runs.reduce((acc, run) => acc + run.noiseSifts, 0)} siftings shared by the series of each length` : '';
        process.stdout.write(`emd: ${r.series.length} series in ${r.seconds.toFixed(2)} s${noise}\n`);
      }
    } finally {
      await source?.close();
    }
  },
});

/** A comma list flag's items (trimmed, none empty). */
function list(value: string, flag: string): string[] {
  const items = value.split(',').map((v) => v.trim());
  if (items.some((v) => v === '')) throw new CgqError('USAGE', `${flag} ${value}: an empty item in the list`);
  return items;
}

/** A period in samples for the summary: 4 significant digits, or '-' when undefined. */
function formatPeriod(p: number): string {
  return Number.isFinite(p) ? String(Number(p.toPrecision(4))) : '-';
}
