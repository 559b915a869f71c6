/**
 * The `cgq` command line: yargs wiring, one-line errors and exit codes. Commands live one per
 * module in ./commands; they parse and print, the work happens in src/.
 */
import yargs from 'yargs';
import { CgqError, EXIT_USAGE, asCgqError } from '../errors.js';
import { removeTrackedTemps } from '../io/atomic.js';
import { COMMAND_SPECS, commandName, type CommandSpec } from './commands/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The command line's yargs instance. Only commands named by a word of argv are loaded (yargs can
 * run no other; usually that is the one command, and options may come before it); every other
 * command is registered by its spec alone, which is all `--help` and yargs' "did you mean" need.
 */
export async function buildCli(argv: string[]) {
  const words = new Set(argv.filter((w) => !w.startsWith('-')));
  const named = COMMAND_SPECS.filter((c) => words.has(commandName(c)));
  const loaded = new Map(await Promise.all(named.map(async (c) => [c, await c.load()] as const)));
  let y = yargs(argv)
    .scriptName('cgq')
    .usage('cgq <command> [options]\n\nCrypto quant research data toolkit: minute-bar lake, WebAssembly kernels on a worker pool.')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'give a command; `cgq --help` lists them')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .help();
  for (const c of COMMAND_SPECS) y = y.command(loaded.get(c) ?? listedOnly(c));
  return y
    .exitProcess(false)
    .fail((msg: string | null, err: Error | undefined) => {
      throw err ?? new CgqError('USAGE', msg ?? 'bad invocation');
    });
}

/** A command as `--help` lists it; yargs never runs it, since buildCli loads every command argv names. */
function listedOnly(c: CommandSpec) {
  return {
    command: c.command,
    describe: c.describe,
    handler: () => {
      throw new CgqError('INTERNAL', `command '${c.command}' was not loaded`);
    },
  };
}

/** Run the CLI; returns the exit code (never throws). */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await (await buildCli(argv)).parseAsync();
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    removeTrackedTemps();
    const err = asCgqError(e);
    process.stderr.write(err.toLine() + '\n');
    if (err.code === 'INTERNAL' && process.env.CGQ_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return err.exitCode ?? EXIT_USAGE;
  }
}
