/** `cgq lake ls` and `cgq lake verify` end to end: output and exit codes (0 ok, 1 damage, 2 not a lake). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_ROOT } from '../../src/paths.js';
import { writeSymbolBars } from '../../src/io/lake/write.js';
import { makeBars, tempDir } from './lake-fixtures.js';

const MAIN = join(DIST_ROOT, 'src', 'cli', 'main.js');

function cgq(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('lake ls prints symbols, days, rows and a total; --json is machine-readable', async (t) => {
  const root = tempDir(t);
  await writeSymbolBars(root, makeBars('BTCUSDT', Date.UTC(2024, 0, 1), 2 * 1440, 1));
  await writeSymbolBars(root, makeBars('ETHUSDT', Date.UTC(2024, 0, 2), 100, 2));
  const r = cgq('lake', 'ls', root);
  assert.equal(r.code, 0, r.err);
  assert.equal(
    r.out,
    [
      'symbol   days  first_day   last_day    rows  incomplete_days',
      'BTCUSDT     2  2024-01-01  2024-01-02  2880                0',
      'ETHUSDT     1  2024-01-02  2024-01-02   100                0',
      'total: 2 symbols, 3 days, 2980 rows',
      '',
    ].join('\n'),
  );
  const j = cgq('lake', 'ls', root, '--json');
  assert.equal(j.code, 0, j.err);
  const parsed = JSON.parse(j.out) as { tf: string; symbols: { symbol: string; rows: number }[]; total: { rows: number; days: number } };
  assert.equal(parsed.tf, '1m');
  assert.deepEqual(parsed.symbols.map((s) => [s.symbol, s.rows]), [['BTCUSDT', 2880], ['ETHUSDT', 100]]);
  assert.deepEqual([parsed.total.days, parsed.total.rows], [3, 2980]);
  const bad = cgq('lake', 'ls', root, '--tf', '5m');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^cgq: LAKE_LAYOUT: .*has no 5m bars/);
});

test('lake verify exits 0 on a clean lake, 1 listing each problem, 2 on a root that is not a lake', async (t) => {
  const root = tempDir(t);
  await writeSymbolBars(root, makeBars('BTCUSDT', Date.UTC(2024, 0, 1), 2 * 1440, 1));
  const ok = cgq('lake', 'verify', root);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /^ok: lake .*: 2 files in 2 days of 1 symbols \(1m\) match their manifests; 2880 rows, \d+ bytes\n$/);

  const f = join(root, '1m', 'BTCUSDT', 'y=2024', 'm=01', 'd=02', 'part-20240102.parquet');
  const b = readFileSync(f);
  b[b.length - 20] ^= 0xff;
  writeFileSync(f, b);
  writeFileSync(join(root, '1m', 'BTCUSDT', 'y=2024', 'm=01', 'd=01', 'extra.parquet'), 'x');
  const bad = cgq('lake', 'verify', root);
  assert.equal(bad.code, 1);
  assert.deepEqual(bad.out.trimEnd().split('\n'), [
    '1m/BTCUSDT/y=2024/m=01/d=01/extra.parquet: file not in MANIFEST.tsv',
    shaProblemLine(bad.out),
  ]);
  assert.match(bad.err, /^cgq: LAKE_CORRUPT: lake .*: 2 problem\(s\) listed above/);

  const notLake = cgq('lake', 'verify', tempDir(t));
  assert.equal(notLake.code, 2);
  assert.match(notLake.err, /^cgq: LAKE_LAYOUT: .* is not a cgq lake/);
  assert.equal(cgq('lake', 'verify', join(root, 'missing')).code, 2);
  assert.equal(cgq('lake', 'verify').code, 2, 'root is required');
});

/** The sha line must name the damaged file and say the hash differs. */
function shaProblemLine(out: string): string {
  const line = out.split('\n').find((l) => l.startsWith('1m/BTCUSDT/y=2024/m=01/d=02/part-20240102.parquet: sha256 '));
  assert.ok(line && / does not match MANIFEST\.tsv \([0-9a-f]{64}\)$/.test(line), `sha problem line missing in:\n${out}`);
  return line;
}
