/** `cgq bench <suite|all>`: run benchmark suites; write reports/bench/<suite>.{json,md}. */
import type { CommandModule } from 'yargs';
import { CgqError } from '../../errors.js';
import { SUITES } from '../../../bench/index.js';
import { resolveJobs } from '../../engine/pool.js';
import { notApplicable } from '../options.js';
import { withSpec } from './index.js';

interface Args {
  suite: string;
  quick: boolean;
  'n-jobs'?: number;
  out?: string;
}

export const benchCommand = withSpec<CommandModule<object, Args>>('bench', {
  builder: (y) =>
    y
      .positional('suite', { type: 'string', demandOption: true, describe: 'suite name or "all"' })
      .option('quick', { type: 'boolean', default: false, describe: 'tiny sizes, no report written (smoke test)' })
      .option('n-jobs', { type: 'number', describe: 'worker threads for suites that use the pool' })
      .option('out', { type: 'string', describe: 'report directory (default reports/bench)' }),
  handler: async (a) => {
    const chosen = a.suite === 'all' ? SUITES : SUITES.filter((s) => s.name === a.suite);
    if (chosen.length === 0) throw new CgqError('USAGE', `unknown bench suite '${a.suite}' (suites: ${SUITES.map((s) => s.name).join(', ')}, all)`);
    // With "all", --n-jobs applies to the suites that use the pool; a single suite must be one of them.
    notApplicable(a, ['n-jobs'], !chosen.some((s) => s.usesPool), `to the suites that use the worker pool only (${SUITES.filter((s) => s.usesPool).map((s) => s.name).join(', ')})`);
    notApplicable(a, ['out'], a.quick, 'to a full run only (--quick writes no report)');
    if (a['n-jobs'] !== undefined) resolveJobs(a['n-jobs']);
    for (const s of chosen) {
      process.stderr.write(`== bench ${s.name}: ${s.describe}\n`);
      const rep = await s.run({ quick: a.quick, nJobs: a['n-jobs'], outDir: a.out });
      const missed = [
        ...rep.ratios.filter((r) => r.met === false).map((r) => `${r.group} vs ${r.against} ${r.ratio.toFixed(2)}×`),
        ...rep.absoluteGoals.filter((g) => !g.met).map((g) => `${g.case} ${g.throughput.toPrecision(3)} ${g.unit} < ${g.min}`),
      ];
      process.stdout.write(`${s.name}: ${rep.results.length} cases${a.quick ? ' (quick, not written)' : ', report written'}; goals missed: ${missed.length ? missed.join(', ') : 'none'}\n`);
    }
  },
});
