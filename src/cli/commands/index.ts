/**
 * Every `cgq` command, in `--help` order: its usage line and description here, its module loaded
 * only when the command runs. A command's module graph (apache-arrow, piscina, mysql2, the bench
 * suites) costs 0.1–0.4 s to import, so `cgq --help`, `cgq lake ls` and a mistyped command load
 * only what they use.
 */
import type { CommandModule } from 'yargs';
import { CgqError } from '../../errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<any, any>;

export interface CommandSpec {
  /** The yargs command string (name and positionals), shown in `cgq --help`. */
  command: string;
  describe: string;
  load: () => Promise<AnyCommand>;
}

/** The bench suites' names, for the description (test/cli checks them against bench/index.ts's SUITES). */
export const BENCH_SUITE_NAMES = ['kernels', 'lake', 'mysql', 'hilbert', 'distance', 'emd', 'emd-many'] as const;

export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    command: 'synth',
    describe: 'write seeded, realistic synthetic 1-minute bars (K symbols x D days) to the lake or MySQL',
    load: async () => (await import('./synth.js')).synthCommand,
  },
  {
    command: 'load',
    describe: 'import bars from a CSV (symbol,timestamp,open,high,low,close,volume[,trades]; .csv or .csv.gz) into the lake or MySQL',
    load: async () => (await import('./load.js')).loadCommand,
  },
  {
    command: 'lake',
    describe: 'the Parquet bar lake: verify, ls',
    load: async () => (await import('./lake.js')).lakeCommand,
  },
  {
    command: 'kernels',
    describe: 'the WebAssembly kernel registry: list it, run one kernel over a bars CSV',
    load: async () => (await import('./kernels.js')).kernelsCommand,
  },
  {
    command: 'emd',
    describe: "decompose a series (.f64, CSV column, or a symbol's bars) with EMD or CEEMDAN; write IMFs to .npz or Parquet",
    load: async () => (await import('./emd.js')).emdCommand,
  },
  {
    command: 'bench <suite>',
    describe: `run a benchmark suite (${BENCH_SUITE_NAMES.join(', ')}, or all); writes reports/bench/<suite>.{json,md}`,
    load: async () => (await import('./bench.js')).benchCommand,
  },
];

/** A command's name: the first word of its usage line. */
export function commandName(c: CommandSpec): string {
  return c.command.split(' ')[0]!;
}

/** A command's module with its usage line and description taken from its spec (one place for both). */
export function withSpec<T extends AnyCommand>(name: string, module: Omit<T, 'command' | 'describe'>): T {
  const spec = COMMAND_SPECS.find((c) => commandName(c) === name);
  if (!spec) throw new CgqError('INTERNAL', `no command spec '${name}'`);
  return { ...module, command: spec.command, describe: spec.describe } as T;
}
