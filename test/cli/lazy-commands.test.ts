/**
 * The CLI loads only the commands argv names: `cgq --help`, a mistyped command and a light command
 * (`lake ls`) import none of the heavy packages (apache-arrow, piscina, mysql2, benchmark) nor the
 * other commands' modules, and the help still lists every command. Checked by recording each
 * resolved module URL in the child process (./record-imports.ts), not by timing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI } from './helpers.js';
import { BENCH_SUITE_NAMES, COMMAND_SPECS, commandName } from '../../src/cli/commands/index.js';
import { SUITES } from '../../bench/index.js';

const RECORDER = fileURLToPath(new URL('./record-imports.js', import.meta.url));
const HEAVY = ['apache-arrow', 'parquet-wasm', 'piscina', 'mysql2', 'benchmark', '@duckdb'];
/** Each command's module is commands/<name>.js. */
const COMMAND_FILES = COMMAND_SPECS.map(commandName);

function importsOf(args: string[], dir: string): { code: number | null; stdout: string; stderr: string; urls: string[] } {
  const log = join(dir, `imports-${args.join('_').replace(/[^\w-]/g, '')}.log`);
  const r = spawnSync(process.execPath, ['--import', RECORDER, CLI, ...args], { cwd: dir, env: { ...process.env, CGQ_IMPORT_LOG: log }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, urls: readFileSync(log, 'utf8').trim().split('\n') };
}

const packagesIn = (urls: string[]) => HEAVY.filter((p) => urls.some((u) => u.includes(`/node_modules/${p}/`)));
const commandsIn = (urls: string[]) => COMMAND_FILES.filter((c) => urls.some((u) => u.endsWith(`/cli/commands/${c}.js`)));

test('cli: --help, a mistyped command and lake ls load only what they use', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cgq-lazy-'));
  try {
    const help = importsOf(['--help'], dir);
    assert.equal(help.code, 0, help.stderr);
    for (const c of COMMAND_SPECS) assert.match(help.stdout, new RegExp(`^  cgq ${c.command.replace(/[<>]/g, '\\$&')} `, 'm'), c.command);
    assert.ok(help.urls.some((u) => u.endsWith('/cli/cli.js')), 'the recorder saw the CLI load');
    assert.deepEqual(packagesIn(help.urls), []);
    assert.deepEqual(commandsIn(help.urls), []);

    const typo = importsOf(['sinth'], dir);
    assert.equal(typo.code, 2);
    assert.equal(typo.stderr.trim(), 'cgq: USAGE: Did you mean synth?');
    assert.deepEqual(commandsIn(typo.urls), []);

    const ls = importsOf(['lake', 'ls', join(dir, 'no-lake')], dir);
    assert.equal(ls.code, 2, ls.stderr);
    assert.match(ls.stderr, /^cgq: INPUT_MISSING: lake .*no-lake does not exist/);
    assert.deepEqual(packagesIn(ls.urls), []);
    assert.deepEqual(commandsIn(ls.urls), ['lake']);

    // Options may come before the command, as yargs allows: the command is still loaded and runs.
    const before = importsOf(['--n-jobs', '1', 'emd', '--input', join(dir, 'missing.f64'), '--output', join(dir, 'o.npz')], dir);
    assert.equal(before.code, 2, before.stderr);
    assert.match(before.stderr, /^cgq: INPUT_MISSING: --input .*missing\.f64: no such file/);
    assert.deepEqual(commandsIn(before.urls), ['emd']);

    // The command run is loaded in full (its own options in its help), the others not at all.
    const emdHelp = importsOf(['emd', '--help'], dir);
    assert.equal(emdHelp.code, 0, emdHelp.stderr);
    assert.match(emdHelp.stdout, /--noise-cache/);
    assert.deepEqual(commandsIn(emdHelp.urls), ['emd']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cli: the bench description names exactly the suites bench/index.ts runs', () => {
  assert.deepEqual([...BENCH_SUITE_NAMES], SUITES.map((s) => s.name));
});
