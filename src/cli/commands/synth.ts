/** `cgq synth`: seeded, realistic synthetic 1-minute bars into the lake (default) or MySQL. */
import type { CommandModule } from 'yargs';
import { CgqError } from '../../errors.js';
import { createProgress } from '../../engine/progress.js';
import { runSignal } from '../../engine/interrupt.js';
import { defaultSymbols } from '../../pipelines/synth/model.js';
import { runSynth, type SynthSink } from '../../pipelines/synth/run.js';
import { DB_FLAGS, DEFAULT_LAKE, dbOptions, engineOptions, notApplicable, parseSymbolList, parseTimeFlag, type DbArgs, type EngineArgs } from '../options.js';
import { resolveJobs } from '../../engine/pool.js';
import { mysqlSynthSink } from '../../pipelines/synth/mysql-sink.js';
import { withSpec } from './index.js';

interface Args extends DbArgs, EngineArgs {
  symbols?: number;
  'symbol-list'?: string;
  days: number;
  start: string;
  seed: number;
  out?: string;
  to: 'lake' | 'mysql';
  replace?: boolean;
}

export const synthCommand = withSpec<CommandModule<object, Args>>('synth', {
  builder: (y) =>
    dbOptions(
      engineOptions(y)
        .option('symbols', { type: 'number', describe: 'number of symbols (BTCUSDT, ETHUSDT, ... then SYNnnnUSDT)' })
        .option('symbol-list', { type: 'string', describe: 'comma-separated symbols instead of --symbols' })
        .option('days', { type: 'number', default: 3, describe: 'UTC days to generate' })
        .option('start', { type: 'string', default: '2024-01-01', describe: 'first UTC day (YYYY-MM-DD)' })
        .option('seed', { type: 'number', default: 1337, describe: 'random seed; the same seed gives byte-identical output' })
        // --out and --replace belong to one destination each: no yargs default, so a given one can be refused for the other.
        .option('out', { type: 'string', defaultDescription: DEFAULT_LAKE, describe: 'lake root (with --to lake)' })
        .option('to', { choices: ['lake', 'mysql'] as const, default: 'lake' as const, describe: 'destination' })
        .option('replace', { type: 'boolean', defaultDescription: 'false', describe: 'with --to mysql: upsert rows that already exist' })
        .conflicts('symbols', 'symbol-list'),
    ),
  handler: async (a) => {
    notApplicable(a, [...DB_FLAGS, 'replace'], a.to !== 'mysql', 'with --to mysql only (the destination is the lake)');
    notApplicable(a, ['out'], a.to !== 'lake', 'with --to lake only (the destination is MySQL)');
    const out = a.out ?? DEFAULT_LAKE;
    const list = parseSymbolList(a['symbol-list'], '--symbol-list');
    if (!list && a.symbols !== undefined && !(Number.isInteger(a.symbols) && a.symbols >= 1 && a.symbols <= 10_000)) {
      throw new CgqError('USAGE', `--symbols must be an integer in [1, 10000] (got ${a.symbols})`);
    }
    const symbols = list ?? defaultSymbols(a.symbols ?? 5);
    const startMs = parseTimeFlag(a.start, '--start')!;
    const sink: SynthSink = a.to === 'lake' ? { kind: 'lake', root: out } : await mysqlSynthSink(a, a.replace ?? false);
    const signal = runSignal();
    const summary = await runSynth({ symbols, days: a.days, startMs, seed: a.seed, sink, signal, nJobs: resolveJobs(a['n-jobs']), progress: createProgress({ quiet: a.quiet }) });
    const where = a.to === 'lake' ? out : 'MySQL';
    process.stdout.write(`synth: ${summary.rows} bars, ${summary.symbols} symbols x ${summary.days} days (seed ${a.seed}) -> ${where}\n`);
  },
});
