/** `cgq kernels list|run`: print the kernel registry; run one kernel over a bars CSV. */
import type { CommandModule } from 'yargs';
import { KERNELS } from '../../kernels/registry.js';
import { runKernelOnCsv } from '../../kernels/run-file.js';
import type { KernelSpec } from '../../kernels/types.js';
import { withSpec } from './index.js';

function formatKernel(k: KernelSpec): string {
  const params = k.params.map((p) => `${p.name}=${p.default}`).join(' ') || '-';
  const state = k.stateLen ? 'stateful' : 'stateless';
  return `${k.name.padEnd(22)} in: ${k.inputs.join(',').padEnd(22)} params: ${params.padEnd(34)} out: ${k.outputs.join(',')}  (${state}) — ${k.summary}`;
}

const listCommand: CommandModule = {
  command: 'list',
  describe: 'print the registry: name, inputs, params with defaults, outputs',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'machine-readable output' }),
  handler: (a) => {
    if (a.json) {
      const rows = KERNELS.map((k) => ({ name: k.name, group: k.group, summary: k.summary, inputs: k.inputs, params: k.params, outputs: k.outputs, stateful: !!k.stateLen }));
      process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      return;
    }
    for (const k of KERNELS) process.stdout.write(formatKernel(k) + '\n');
  },
};

interface RunArgs {
  kernel: string;
  input: string;
  output: string;
  param?: string[];
  column?: string;
  symbol?: string;
  chunk?: number;
}

const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <kernel>',
  describe: 'run one kernel over a bars CSV (one symbol); write timestamp + its outputs as CSV',
  builder: (y) =>
    y
      .positional('kernel', { type: 'string', demandOption: true, describe: 'registry name (`cgq kernels list`)' })
      .option('input', { type: 'string', demandOption: true, describe: 'bars CSV: symbol,timestamp,open,high,low,close,volume[,trades] (.csv or .csv.gz)' })
      .option('output', { type: 'string', demandOption: true, describe: 'result CSV, written atomically (NaN = empty field)' })
      .option('param', { type: 'string', array: true, describe: 'kernel parameter name=value (repeatable); others take their defaults' })
      .option('column', { type: 'string', describe: 'bar column fed to an input named x (default close)' })
      .option('symbol', { type: 'string', describe: 'the symbol to use when the file holds several' })
      .option('chunk', { type: 'number', describe: 'feed the kernel in chunks of N rows through its carried state (same result)' }),
  handler: async (a) => {
    const r = await runKernelOnCsv({ kernel: a.kernel, input: a.input, output: a.output, params: a.param, column: a.column, symbol: a.symbol, chunk: a.chunk });
    const ps = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
    process.stdout.write(`${r.kernel}${ps ? ` (${ps})` : ''} on ${r.symbol}: ${r.bars} bars → ${a.output}: ${r.rows} rows × timestamp,${r.columns.join(',')}\n`);
  },
};

export const kernelsCommand = withSpec<CommandModule>('kernels', {
  builder: (y) => y.command(listCommand).command(runCommand).demandCommand(1, 'give a subcommand: list, run'),
  handler: () => {},
});
