/**
 * makeDirs (src/io/make-dirs.ts): the same results as Node's recursive mkdir where that returns,
 * and a prompt ENOENT where Node's spins forever (a directory that refuses children, e.g. procfs).
 * The procfs cases run in child processes with a time limit, so a regression fails instead of hanging.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirs } from '../../src/io/make-dirs.js';
import { DIST_ROOT } from '../../src/paths.js';
import { runCgq } from '../cli/helpers.js';

const HAS_PROC = existsSync('/proc/self');

test('makeDirs returns what mkdirSync(recursive) returns: the topmost created level, in the form given', () => {
  // The same paths under two fresh roots: ours in `mine`, Node's in `node`.
  const mine = mkdtempSync(join(tmpdir(), 'cgq-mkdirs-'));
  const node = mkdtempSync(join(tmpdir(), 'cgq-mkdirs-node-'));
  const cwd = process.cwd();
  try {
    for (const rel of ['a/b/c', './x/../y/z', 'a/b/c/d']) {
      process.chdir(node);
      const want = mkdirSync(rel, { recursive: true });
      process.chdir(mine);
      assert.equal(makeDirs(rel), want, rel);
      assert.ok(statSync(rel).isDirectory(), `${rel} exists`);
    }
    const abs = (root: string) => join(root, 'q', 'r');
    assert.equal(makeDirs(abs(mine)), join(mine, 'q'));
    assert.equal(mkdirSync(abs(node), { recursive: true }), join(node, 'q'));
    assert.equal(makeDirs('a/b/c'), undefined, 'nothing new: undefined');
    writeFileSync('file', '');
    assert.throws(() => makeDirs('file'), { code: 'EEXIST' });
    assert.throws(() => makeDirs('file/sub/dir'), { code: 'ENOTDIR' });
  } finally {
    process.chdir(cwd);
    rmSync(mine, { recursive: true, force: true });
    rmSync(node, { recursive: true, force: true });
  }
});

test('makeDirs under procfs throws ENOENT at once (Node\'s recursive mkdir never returns there)', (t) => {
  if (!HAS_PROC) return t.skip('no /proc on this system');
  const mod = join(DIST_ROOT, 'src', 'io', 'make-dirs.js');
  const script = `import(${JSON.stringify(mod)}).then(({ makeDirs }) => { try { makeDirs('/proc/cgq-no-such/dir'); console.log('created'); } catch (e) { console.log(e.code, e.path); } });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.signal, null, 'finished within 20 s');
  assert.equal(r.stdout.trim(), 'ENOENT /proc/cgq-no-such');
});

test('outputs and caches under a directory that refuses children: one-line IO error, exit 1', (t) => {
  if (!HAS_PROC) return t.skip('no /proc on this system');
  const dir = mkdtempSync(join(tmpdir(), 'cgq-mkdirs-cli-'));
  try {
    const x = join(dir, 'x.f64');
    writeFileSync(x, Buffer.from(Float64Array.from({ length: 200 }, (_, i) => Math.sin(i / 5) + 0.1 * Math.sin(i * 1.7)).buffer));
    const bars = join(dir, 'b.csv');
    writeFileSync(bars, 'symbol,timestamp,open,high,low,close,volume\nBTCUSDT,2024-01-01T00:00:00Z,1,2,0.5,1.5,10\nBTCUSDT,2024-01-01T00:01:00Z,1,2,0.5,1.5,10\n');
    const cases: [string[], RegExp][] = [
      [['emd', '--input', x, '--method', 'emd', '--output', '/proc/cgq-no-such/o.npz'], /^cgq: IO: ENOENT: no such file or directory, mkdir '\/proc\/cgq-no-such'$/],
      [['emd', '--input', x, '--trials', '4', '--noise-cache', '/proc/cgq-no-such', '--output', join(dir, 'o.npz')], /^cgq: IO: noise cache: creating \/proc\/cgq-no-such\/\.tmp-noise-\S+: ENOENT/],
      [['kernels', 'run', 'sma', '--input', bars, '--output', '/proc/cgq-no-such/o.csv'], /^cgq: IO: ENOENT: no such file or directory, mkdir '\/proc\/cgq-no-such'$/],
      [['synth', '--days', '1', '--symbols', '1', '--quiet', '--out', '/proc/cgq-no-such/lake'], /^cgq: IO: lake write BTCUSDT 2024-01-01 .*ENOENT/],
    ];
    for (const [args, re] of cases) {
      const r = runCgq(args, { timeoutMs: 60_000 });
      assert.equal(r.signal, null, `${args.join(' ')}: finished`);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.trim(), re, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    }
    assert.ok(!existsSync(join(dir, 'o.npz')), 'no output written when the noise cache cannot be created');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
