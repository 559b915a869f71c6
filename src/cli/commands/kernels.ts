/** `cgq kernels list`: print the kernel registry. */
import type { CommandModule } from 'yargs';
import { KERNELS } from '../../kernels/registry.js';
import type { KernelSpec } from '../../kernels/types.js';

export function formatKernel(k: KernelSpec): string {
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

export const kernelsCommand: CommandModule = {
  command: 'kernels',
  describe: 'the WebAssembly kernel registry',
  builder: (y) => y.command(listCommand).demandCommand(1, 'give a subcommand: list'),
  handler: () => {},
};
