/** Every `cgq` command module, in `--help` order. */
import type { CommandModule } from 'yargs';
import { kernelsCommand } from './kernels.js';
import { benchCommand } from './bench.js';
import { lakeCommand } from './lake.js';
import { loadCommand } from './load.js';
import { synthCommand } from './synth.js';
import { emdCommand } from './emd.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: CommandModule<any, any>[] = [synthCommand, loadCommand, lakeCommand, kernelsCommand, emdCommand, benchCommand];
