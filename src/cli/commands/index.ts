/** Every `cgq` command module, in `--help` order. */
import type { CommandModule } from 'yargs';
import { kernelsCommand } from './kernels.js';
import { benchCommand } from './bench.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: CommandModule<any, any>[] = [kernelsCommand, benchCommand];
