/**
 * `cgq bench` flags that cannot take effect are refused before any suite runs: one line, exit 2,
 * no report directory. (The suites themselves are exercised by `cgq bench <suite> --quick`, not here:
 * tests make no timing claims.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCgq } from './helpers.js';

test('bench: --n-jobs on a suite without the pool, --out with --quick, bad --n-jobs and unknown suites are usage errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cgq-bench-flags-'));
  const out = join(dir, 'reports');
  try {
    const cases: [string[], RegExp][] = [
      [['kernels', '--n-jobs', '2', '--out', out], /^cgq: USAGE: --n-jobs applies to the suites that use the worker pool only \(lake, emd, emd-many\)$/],
      [['distance', '--quick', '--n-jobs', '1'], /^cgq: USAGE: --n-jobs applies to the suites that use the worker pool only/],
      [['emd', '--quick', '--out', out], /^cgq: USAGE: --out applies to a full run only \(--quick writes no report\)$/],
      [['emd', '--n-jobs', '0', '--out', out], /^cgq: USAGE: --n-jobs must be an integer in \[1, 256\] \(got 0\)$/],
      [['all', '--n-jobs', '1.5', '--out', out], /^cgq: USAGE: --n-jobs must be an integer in \[1, 256\] \(got 1\.5\)$/],
      [['emdd', '--out', out], /^cgq: USAGE: unknown bench suite 'emdd' \(suites: kernels, lake, mysql, hilbert, distance, emd, emd-many, all\)$/],
    ];
    for (const [args, re] of cases) {
      const r = runCgq(['bench', ...args], { cwd: dir });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.trim(), re, args.join(' '));
      assert.equal(r.stdout, '', `${args.join(' ')}: no suite ran`);
      assert.ok(!existsSync(out) && !existsSync(join(dir, 'reports')), `${args.join(' ')}: no report directory`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
