/**
 * SIGINT during a long run: in-flight work is cancelled, no partial output is left (no temp
 * folders, every day folder present is complete and verifies), and the exit code is 130.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCgq, startCgq } from './helpers.js';

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push(p);
    if (e.isDirectory()) walk(p, out);
  }
  return out;
}

test('Ctrl-C during synth exits 130 and leaves only complete day folders', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cgq-sigint-'));
  try {
    const { child, done } = startCgq(['synth', '--symbols', '30', '--days', '120', '--out', root]);
    // Wait until the first day folder has been swapped into place, then interrupt.
    const t0 = Date.now();
    while (!existsSync(join(root, '1m')) || walk(join(root, '1m')).filter((p) => p.endsWith('_SUCCESS')).length < 3) {
      if (Date.now() - t0 > 60_000) throw new Error('synth produced no day folder within 60 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 130, `exit code (stderr: ${r.stderr})`);
    assert.match(r.stderr, /interrupted/);
    const entries = walk(root);
    const temps = entries.filter((p) => /\/\.[^/]*tmp/.test(p) || /\.old-|\.tmp-/.test(p));
    assert.deepEqual(temps, [], 'no temp or half-swapped folders remain');
    const days = entries.filter((p) => /\/d=\d\d$/.test(p));
    assert.ok(days.length >= 3, `some complete days were written before the interrupt (${days.length})`);
    assert.ok(days.length < 30 * 120, 'the run was actually cut short');
    for (const d of days) assert.ok(existsSync(join(d, '_SUCCESS')), `${d} is complete`);
    const v = runCgq(['lake', 'verify', root]);
    assert.equal(v.code, 0, `lake verify after interrupt: ${v.stdout}${v.stderr}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
