/** `cgq load --input F --to lake|mysql`: check a bars CSV (.csv/.csv.gz) and import it. */
import type { Argv, CommandModule } from 'yargs';
import { createProgress } from '../../engine/progress.js';
import { runSignal } from '../../engine/interrupt.js';
import { assertTf, DEFAULT_TF } from '../../io/lake/paths.js';
import { BAD_ROW_MODES, type BadRowMode } from '../../pipelines/load/bad-row-policy.js';
import { runLoad, type LoadTarget } from '../../pipelines/load/run.js';
import { resolveDbConfig } from '../../sources/db-config.js';
import { DB_FLAGS, DEFAULT_LAKE, dbOptions, engineOptions, lakeOption, notApplicable, type DbArgs, type EngineArgs } from '../options.js';
import { resolveJobs } from '../../engine/pool.js';
import { withSpec } from './index.js';

interface Args extends DbArgs, EngineArgs {
  input: string;
  to: 'lake' | 'mysql';
  lake?: string;
  tf?: string;
  replace: boolean;
  'on-bad-row': BadRowMode;
}

const iso = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString().replace(':00.000Z', 'Z'));

export const loadCommand = withSpec<CommandModule<object, Args>>('load', {
  builder: (y) =>
    engineOptions(
      dbOptions(
        lakeOption(
          y
            .option('input', { type: 'string', demandOption: true, describe: 'CSV file (.csv or .csv.gz), header required, timestamps UTC' })
            .option('to', { choices: ['lake', 'mysql'] as const, default: 'lake' as const, describe: 'destination' }),
          'Parquet lake root (with --to lake)',
        )
          .option('tf', { type: 'string', defaultDescription: DEFAULT_TF, describe: 'lake timeframe folder (with --to lake)' })
          .option('replace', { type: 'boolean', default: false, describe: 'overwrite rows whose (symbol, timestamp) already exists (default: fail on them)' })
          .option('on-bad-row', { choices: BAD_ROW_MODES, default: 'fail' as const, describe: 'fail: list bad rows, write nothing; skip: load the good rows (skipped rows are reported on stderr)' }),
      ),
    ) as Argv<Args>,
  handler: async (a) => {
    notApplicable(a, DB_FLAGS, a.to !== 'mysql', 'with --to mysql only (the destination is the lake)');
    notApplicable(a, ['lake', 'tf'], a.to !== 'lake', 'with --to lake only (the destination is MySQL)');
    let target: LoadTarget;
    if (a.to === 'mysql') target = { kind: 'mysql', db: await resolveDbConfig(a) };
    else {
      const tf = a.tf ?? DEFAULT_TF;
      assertTf(tf);
      target = { kind: 'lake', root: a.lake ?? DEFAULT_LAKE, tf };
    }
    const s = await runLoad({
      input: a.input,
      target,
      replace: a.replace,
      onBadRow: a['on-bad-row'],
      signal: runSignal(),
      nJobs: resolveJobs(a['n-jobs']),
      progress: createProgress({ quiet: a.quiet }),
      onNote: (line) => process.stderr.write(`cgq: ${line}\n`),
    });
    process.stdout.write(
      `load: ${s.rows} rows, ${s.symbols} symbols, ${iso(s.first)}..${iso(s.last)} from ${s.input} -> ${s.target} (${s.detail})${s.skipped ? `; ${s.skipped} bad rows skipped` : ''}\n`,
    );
  },
});
