/** DB credentials: flags, then env, then a prompt only on a TTY; otherwise DB_CREDENTIALS. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTableName, connectionOptions, describeDb, resolveDbConfig, scrubSecret } from '../../src/sources/db-config.js';
import { CgqError } from '../../src/errors.js';
import { DIST_ROOT } from '../../src/paths.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const noPrompt = async (): Promise<string> => {
  throw new Error('must not prompt');
};

test('flags beat env; env fills gaps; defaults for port and table', async () => {
  const env = { DB_HOST: 'envhost', DB_PORT: '3307', DB_USER: 'envuser', DB_PASSWORD: 'envpw', DB_NAME: 'envdb', OHLCVT_TABLE: 'bars_1m' };
  const a = await resolveDbConfig({ host: 'flaghost', password: 'p@ss/w:rd#1' }, { env, interactive: false, prompt: noPrompt });
  assert.deepEqual(a, { host: 'flaghost', port: 3307, user: 'envuser', password: 'p@ss/w:rd#1', database: 'envdb', table: 'bars_1m' });
  const b = await resolveDbConfig({ host: 'h', user: 'u', database: 'd', password: 'x' }, { env: {}, interactive: false, prompt: noPrompt });
  assert.equal(b.port, 3306);
  assert.equal(b.table, 'ohlcvt');
  const c = await resolveDbConfig({ host: 'h', user: 'u', database: 'd', password: 'x', port: 13306, table: 'mine' }, { env, interactive: false, prompt: noPrompt });
  assert.equal(c.port, 13306);
  assert.equal(c.table, 'mine');
});

test("an explicitly empty password (--password '' or DB_PASSWORD=) counts as given", async () => {
  const base = { host: 'h', user: 'u', database: 'd' };
  assert.equal((await resolveDbConfig({ ...base, password: '' }, { env: { DB_PASSWORD: 'ignored' }, interactive: false, prompt: noPrompt })).password, '');
  assert.equal((await resolveDbConfig(base, { env: { DB_PASSWORD: '' }, interactive: false, prompt: noPrompt })).password, '');
});

test('missing settings without a TTY: DB_CREDENTIALS naming the flags and env, no prompt', async () => {
  await assert.rejects(resolveDbConfig({ host: 'h', user: 'u', database: 'd' }, { env: {}, interactive: false, prompt: noPrompt }), (e: unknown) => {
    assert.ok(e instanceof CgqError);
    assert.equal(e.code, 'DB_CREDENTIALS');
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /--password \(or env DB_PASSWORD\).*not a terminal.*--password '' or DB_PASSWORD=/);
    return true;
  });
  await assert.rejects(resolveDbConfig({ password: '' }, { env: { DB_HOST: '' }, interactive: false, prompt: noPrompt }), /--host \(or env DB_HOST\), --user \(or env DB_USER\), --database \(or env DB_NAME\)/);
});

test('on a TTY the missing settings are prompted, the password without echo', async () => {
  const asked: [string, boolean][] = [];
  const prompt = async (label: string, secret: boolean) => {
    asked.push([label, secret]);
    return secret ? 's3cret' : ' typed ';
  };
  const cfg = await resolveDbConfig({ host: 'h' }, { env: {}, interactive: true, prompt });
  assert.deepEqual(asked, [
    ['MySQL user: ', false],
    ['Database name: ', false],
    ['MySQL password: ', true],
  ]);
  assert.equal(cfg.user, 'typed');
  assert.equal(cfg.password, 's3cret');
  await assert.rejects(resolveDbConfig({ host: 'h', password: '' }, { env: {}, interactive: true, prompt: async () => '' }), /no mysql user given/);
});

test('table names are identifiers only; ports are checked', async () => {
  for (const ok of ['ohlcvt', 'bars_1m', '1m_bars', 'T$x']) assert.equal(assertTableName(ok), ok);
  for (const bad of ['', 'a.b', 'a;drop table x', 'a`b', '123', 'x'.repeat(65), 'bars 1m']) assert.throws(() => assertTableName(bad), /not a plain table name/, bad);
  const base = { host: 'h', user: 'u', database: 'd', password: '' };
  await assert.rejects(resolveDbConfig({ ...base, table: 'x;y' }, { env: {}, interactive: false }), /--table 'x;y'/);
  await assert.rejects(resolveDbConfig(base, { env: { OHLCVT_TABLE: 'a b' }, interactive: false }), /OHLCVT_TABLE 'a b'/);
  await assert.rejects(resolveDbConfig(base, { env: { DB_PORT: 'abc' }, interactive: false }), /DB_PORT 'abc' is not a TCP port/);
  await assert.rejects(resolveDbConfig({ ...base, port: 70000 }, { env: {}, interactive: false }), /--port '70000'/);
});

test('connection options carry UTC and a timeout, never a URL; descriptions omit the password', () => {
  const cfg = { host: 'db', port: 3306, user: 'u', password: 'hunter2', database: 'd', table: 'ohlcvt' };
  const o = connectionOptions(cfg);
  assert.equal(o.timezone, 'Z');
  assert.ok((o.connectTimeout ?? 0) > 0 && (o.connectTimeout ?? 0) <= 10_000);
  assert.equal(o.password, 'hunter2');
  assert.equal((o as { uri?: string }).uri, undefined);
  assert.equal(describeDb(cfg), 'MySQL u@db:3306/d.ohlcvt');
  assert.ok(!describeDb(cfg).includes('hunter2'));
  assert.equal(scrubSecret('Access for hunter2 denied', cfg), 'Access for *** denied');
});

test('on a real terminal the password is not echoed, even after an echoed prompt', async (t) => {
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
  if (!script) return t.skip('skipped: util-linux `script` (a pseudo-terminal) is not installed');
  const main = join(DIST_ROOT, 'src', 'cli', 'main.js');
  const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(main)} load --input x.csv --to mysql --host 127.0.0.1 --port 1 --database d --quiet`;
  const child = spawn(script, ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DB_'))) });
  let out = '';
  const answered = new Set<string>();
  // Answer each prompt only once it is on screen: input typed earlier would be echoed by the
  // terminal itself, before cgq could switch echo off.
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('MySQL user: ') && !answered.has('user')) {
      answered.add('user');
      child.stdin.write('typed-user\n');
    }
    if (out.includes('MySQL password: ') && !answered.has('pw')) {
      answered.add('pw');
      child.stdin.write('Sup3r-s3cret\n');
    }
  });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  assert.match(out, /MySQL user: typed-user/, 'the user name is echoed');
  assert.match(out, /MySQL password: /);
  assert.ok(!out.includes('Sup3r-s3cret'), `password echoed: ${JSON.stringify(out)}`);
  assert.match(out, /cgq: DB_CONNECT: cannot reach MySQL typed-user@127\.0\.0\.1:1\/d/);
  assert.equal(code, 1);
});
