/**
 * `cgq synth` end to end: the lake it writes verifies, the same seed gives byte-identical files
 * whatever --n-jobs, and bad flags are one-line usage errors that write nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCgq } from '../cli/helpers.js';

function files(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  return out;
}

test('synth writes a lake that verifies; same seed is byte-identical for --n-jobs 1 and 2', () => {
  const a = mkdtempSync(join(tmpdir(), 'cgq-synth-a-'));
  const b = mkdtempSync(join(tmpdir(), 'cgq-synth-b-'));
  try {
    // 6 symbols x 12 days = 103,680 minutes: above the size where the pool encodes day files.
    const r1 = runCgq(['synth', '--symbols', '6', '--days', '12', '--start', '2024-02-26', '--seed', '42', '--out', a, '--n-jobs', '1', '--quiet']);
    assert.equal(r1.code, 0, r1.stderr);
    assert.match(r1.stdout, /^synth: \d+ bars, 6 symbols x 12 days \(seed 42\)/);
    const r2 = runCgq(['synth', '--symbols', '6', '--days', '12', '--start', '2024-02-26', '--seed', '42', '--out', b, '--n-jobs', '2', '--quiet']);
    assert.equal(r2.code, 0, r2.stderr);
    const fa = files(a);
    const fb = files(b);
    assert.equal(fa.size, 6 * 12 * 3, 'one parquet, MANIFEST.tsv and _SUCCESS per symbol-day');
    assert.deepEqual([...fa.keys()].sort(), [...fb.keys()].sort());
    for (const [k, v] of fa) assert.ok(v.equals(fb.get(k)!), `${k} differs between --n-jobs 1 and 2`);
    assert.ok(existsSync(join(a, '1m', 'BTCUSDT', 'y=2024', 'm=02', 'd=29', 'part-20240229.parquet')), 'leap day present');
    const v = runCgq(['lake', 'verify', a]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const ls = runCgq(['lake', 'ls', a, '--json']);
    assert.equal(ls.code, 0);
    assert.match(ls.stdout, /BTCUSDT/);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('bad synth flags: one line, exit 2, nothing written', () => {
  const root = mkdtempSync(join(tmpdir(), 'cgq-synth-bad-'));
  try {
    const cases: [string[], RegExp][] = [
      [['--days', '0'], /^cgq: USAGE: --days must be an integer/],
      [['--symbols', '0'], /^cgq: USAGE: --symbols must be an integer/],
      [['--symbol-list', 'btc/usdt'], /^cgq: INPUT_SYMBOL: --symbol-list: symbol 'btc\/usdt' must match \S+\n$/],
      [['--symbol-list', 'BTCUSDT,ethusdt'], /^cgq: INPUT_SYMBOL: --symbol-list: symbol 'ethusdt' must match \S+ \(did you mean ETHUSDT\?\)\n$/],
      [['--start', '2024-01-01T05:00:00Z'], /^cgq: USAGE: --start must be a UTC midnight/],
      [['--start', '2024-01-01T00:00:00+02:00'], /^cgq: USAGE: --start .*UTC/],
      [['--symbols', '2', '--symbol-list', 'A'], /^cgq: USAGE: Arguments symbols and symbol-list are mutually exclusive/],
      [['--to', 'mysql', '--host', '127.0.0.1', '--user', 'root', '--database', 'test'], /^cgq: DB_CREDENTIALS: /],
      // A flag of the other destination is refused, not ignored (the run would write elsewhere than asked).
      [['--to', 'mysql', '--out', 'lake', '--host', '127.0.0.1'], /^cgq: USAGE: --out applies with --to lake only \(the destination is MySQL\)$/m],
      [['--out', 'lake', '--host', '127.0.0.1'], /^cgq: USAGE: --host applies with --to mysql only \(the destination is the lake\)$/m],
      [['--out', 'lake', '--port', '3306', '--table', 'bars'], /^cgq: USAGE: --port, --table apply with --to mysql only/],
      [['--out', 'lake', '--replace'], /^cgq: USAGE: --replace applies with --to mysql only/],
    ];
    for (const [args, re] of cases) {
      // Run in `root`: without --out the lake would be root/data/parquet, which must not appear either.
      const given = args.includes('--out') || args.includes('--to') ? args : ['--out', 'lake', ...args];
      const r = runCgq(['synth', ...given], { cwd: root });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
      assert.match(r.stderr, re);
      assert.deepEqual(readdirSync(root), [], `${args.join(' ')}: nothing written`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
