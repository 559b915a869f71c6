/**
 * `cgq load` end to end (the compiled CLI in a child process, stdin not a TTY): good files load
 * into the lake and MySQL; each kind of bad input gives one clear stderr line, a non-zero exit and
 * nothing written to either destination; --on-bad-row skip loads the good rows with a summary.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RowDataPacket } from 'mysql2/promise';
import { DIST_ROOT } from '../../src/paths.js';
import { scratchDb, type ScratchDb, TEST_DB } from '../sources/db-fixture.js';

const MAIN = join(DIST_ROOT, 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'cgq-load-cli-'));
let db: ScratchDb | undefined;
before(async () => {
  db = await scratchDb(undefined, 'cli');
});
after(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cgq(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DB_|OHLCVT_)/.test(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { ...clean, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function csv(name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const H = 'symbol,timestamp,open,high,low,close,volume';
const GOOD = [H, 'ETHUSDT,2021-04-02T00:01:00Z,1900.5,1901,1899.25,1900,12.5', 'BTCUSDT,2021-04-02T00:00:00Z,57750.5,57800,57700.01,57745.95,1.25', 'ETHUSDT,2021-04-02T00:00:00Z,1900,1902,1899,1900.5,3'].join('\n') + '\n';

function dbFlags(table: string, password = TEST_DB.password): string[] {
  return ['--to', 'mysql', '--host', TEST_DB.host, '--port', String(TEST_DB.port), '--user', TEST_DB.user, '--password', password, '--database', db!.cfg.database, '--table', table];
}

async function tableRows(table: string): Promise<number | undefined> {
  const [t] = await db!.admin.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [db!.cfg.database, table]);
  if (Number(t[0]!.n) === 0) return undefined;
  const [r] = await db!.admin.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${db!.admin.escapeId(table)}`);
  return Number(r[0]!.n);
}

function oneLine(r: Run, code: number, errCode: string, re: RegExp): void {
  assert.equal(r.code, code, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('load '));
  assert.equal(lines.length, 1, `one stderr line, got: ${r.stderr}`);
  assert.ok(lines[0]!.startsWith(`cgq: ${errCode}: `), lines[0]);
  assert.match(lines[0]!, re);
  assert.equal(r.stdout, '');
}

test('a good CSV loads into the lake and into MySQL (table created) with a one-line summary', async (t) => {
  if (!db) return t.skip('no database');
  const f = csv('good.csv.gz', gzipSync(GOOD));
  const lake = join(dir, 'lake-good');
  const [toLake, toDb] = await Promise.all([cgq(['load', '--input', f, '--lake', lake, '--quiet']), cgq(['load', '--input', f, ...dbFlags('good'), '--quiet'])]);
  assert.equal(toLake.code, 0, toLake.stderr);
  assert.match(toLake.stdout, /^load: 3 rows, 2 symbols, 2021-04-02T00:00Z\.\.2021-04-02T00:01Z from .*good\.csv\.gz -> lake .*lake-good \(1m\) \(2 day files, \d+ bytes\)\n$/);
  assert.ok(existsSync(join(lake, '1m', 'ETHUSDT', 'y=2021', 'm=04', 'd=02', '_SUCCESS')));
  assert.equal(toDb.code, 0, toDb.stderr);
  assert.match(toDb.stdout, /-> MySQL root@127\.0\.0\.1:\d+\/cgq_test_cli_\w+\.good \(table created\)\n$/);
  assert.equal(await tableRows('good'), 3);
  // loading the same file again: existing keys fail, nothing changes; --replace succeeds
  const again = await cgq(['load', '--input', f, ...dbFlags('good'), '--quiet']);
  oneLine(again, 2, 'INPUT_DUPLICATE', /1 of 1 BTCUSDT rows in \[2021-04-02T00:00:00.000Z, 2021-04-02T00:00:00.000Z\] already exist.*use --replace/);
  const replace = await cgq(['load', '--input', f, ...dbFlags('good'), '--replace', '--quiet']);
  assert.equal(replace.code, 0, replace.stderr);
  assert.equal(await tableRows('good'), 3);
  const lakeAgain = await cgq(['load', '--input', f, '--lake', lake, '--quiet']);
  oneLine(lakeAgain, 2, 'INPUT_DUPLICATE', /lake .* already holds 1 of the 1 BTCUSDT rows/);
});

const BAD: [string, string | Buffer, string, RegExp][] = [
  ['missing-column', 'symbol,timestamp,open,high,low,volume\nBTCUSDT,2021-04-02T00:00:00Z,1,2,0.5,1\n', 'INPUT_COLUMN', /missing column 'close'/],
  ['bad-timestamp', GOOD + 'BTCUSDT,2021-04-02 25:00,1,2,0.5,1.5,1\n', 'INPUT_PARSE', /1 bad row \(timestamp 1\): line 5: timestamp '2021-04-02 25:00' is not ISO-8601.*nothing written/],
  ['duplicate', GOOD + 'ETHUSDT,2021-04-02T00:01:00Z,1,2,0.5,1.5,1\n', 'INPUT_DUPLICATE', /line 5: duplicate key ETHUSDT 2021-04-02T00:01:00\.000Z \(first on line 2\)/],
  ['high-below-low', GOOD + 'BTCUSDT,2021-04-02T00:05:00Z,1,0.5,2,1,1\n', 'INPUT_OHLC', /line 5: high 0.5 < low 2/],
  ['empty', '', 'INPUT_EMPTY', /empty\.csv: the file is empty/],
];

test('bad input: one clear line each, exit 2, nothing written to the lake or MySQL', async (t) => {
  if (!db) return t.skip('no database');
  const runs = await Promise.all(
    BAD.map(async ([name, text, code, re]) => {
      const f = csv(`${name}.csv`, text);
      const lake = join(dir, `lake-${name}`);
      const table = `t_${name.replace(/-/g, '_')}`;
      return { name, code, re, lake, table, toLake: await cgq(['load', '--input', f, '--lake', lake]), toDb: await cgq(['load', '--input', f, ...dbFlags(table)]) };
    }),
  );
  for (const r of runs) {
    oneLine(r.toLake, 2, r.code, r.re);
    oneLine(r.toDb, 2, r.code, r.re);
    assert.equal(existsSync(r.lake), false, `${r.name}: lake not created`);
    assert.equal(await tableRows(r.table), undefined, `${r.name}: table not created`);
  }
  const missing = await cgq(['load', '--input', join(dir, 'good.csv'), '--lake', join(dir, 'lake-missing')]);
  oneLine(missing, 2, 'INPUT_MISSING', /good\.csv does not exist; close names in its folder: good\.csv\.gz/);
  const mixed = await cgq(['load', '--input', csv('mixed-flags.csv', GOOD), '--lake', join(dir, 'lake-mixed'), '--host', TEST_DB.host]);
  oneLine(mixed, 2, 'USAGE', /--host applies with --to mysql only \(the destination is the lake\)/);
  assert.equal(existsSync(join(dir, 'lake-mixed')), false);
  const lakeFlags = await cgq(['load', '--input', csv('lake-flags.csv', GOOD), ...dbFlags('t_lake_flags'), '--lake', join(dir, 'lake-flags'), '--tf', '1m']);
  oneLine(lakeFlags, 2, 'USAGE', /--lake, --tf apply with --to lake only \(the destination is MySQL\)/);
  assert.equal(existsSync(join(dir, 'lake-flags')), false);
  assert.equal(await tableRows('t_lake_flags'), undefined, 'table not created');
});

test('database failures: wrong password, unreachable server, no password without a TTY', async (t) => {
  if (!db) return t.skip('no database');
  const f = csv('db-fail.csv', GOOD);
  const secret = 'n0t-the-p@ssword';
  const [wrong, unreachable, noPw] = await Promise.all([
    cgq(['load', '--input', f, ...dbFlags('t_wrong', secret)]),
    cgq(['load', '--input', f, ...dbFlags('t_unreach', secret).map((x) => (x === String(TEST_DB.port) ? '1' : x))]),
    cgq(['load', '--input', f, '--to', 'mysql', '--host', TEST_DB.host, '--user', TEST_DB.user, '--database', db.cfg.database]),
  ]);
  oneLine(wrong, 1, 'DB_AUTH', /refused the credentials for user 'root'/);
  oneLine(unreachable, 1, 'DB_CONNECT', /cannot reach MySQL root@127\.0\.0\.1:1\//);
  oneLine(noPw, 2, 'DB_CREDENTIALS', /--password \(or env DB_PASSWORD\)/);
  for (const r of [wrong, unreachable]) assert.ok(!r.stderr.includes(secret), 'password never printed');
  assert.equal(await tableRows('t_wrong'), undefined);
  // the environment supplies what flags do not, including an empty password
  const viaEnv = await cgq(['load', '--input', f, '--to', 'mysql', '--quiet'], { DB_HOST: TEST_DB.host, DB_PORT: String(TEST_DB.port), DB_USER: TEST_DB.user, DB_PASSWORD: TEST_DB.password, DB_NAME: db.cfg.database, OHLCVT_TABLE: 't_env' });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  assert.equal(await tableRows('t_env'), 3);
});

test('--on-bad-row skip writes the good rows and reports the skipped ones per reason on stderr', async (t) => {
  if (!db) return t.skip('no database');
  const f = csv('mixed.csv', GOOD + 'BTCUSDT,2021-04-02T00:05:00+01:00,1,2,0.5,1.5,1\nETHUSDT,2021-04-02T00:01:00Z,1,2,0.5,1.5,1\nXRPUSDT,2021-04-02T00:00:00Z,1,2,0.5,1.5,-3\n');
  const r = await cgq(['load', '--input', f, ...dbFlags('t_skip'), '--on-bad-row', 'skip', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, `cgq: skipped 3 bad rows of 6 in ${f} (timezone 1, volume 1, duplicate 1); first: line 5: timestamp '2021-04-02T00:05:00+01:00' is not UTC (use Z or +00:00)\n`);
  assert.match(r.stdout, /^load: 3 rows, 2 symbols, .*; 3 bad rows skipped\n$/);
  assert.equal(await tableRows('t_skip'), 3);
  const allBad = await cgq(['load', '--input', csv('all-bad.csv', `${H}\nbtc,2021-04-02T00:00:00Z,1,1,1,1,1\n`), '--lake', join(dir, 'lake-allbad'), '--on-bad-row', 'skip']);
  oneLine(allBad, 2, 'INPUT_EMPTY', /no good row left, nothing written/);
  assert.equal(existsSync(join(dir, 'lake-allbad')), false);
});
