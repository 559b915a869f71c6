/**
 * The persistent noise-EMD cache (src/emd/noise-store.ts): a run that builds the entry, a run that
 * reads it and a run without it give the same bytes for every --n-jobs; the entry is complete
 * (every realisation's EMD to its end) and verified; a damaged entry is reported and rebuilt; a
 * failed run leaves no entry and no temp directory behind.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ceemdan } from '../../src/emd/ceemdan.js';
import { ceemdanSettings } from '../../src/emd/settings.js';
import { noiseEntryDir } from '../../src/emd/noise-store.js';
import { Prng } from '../../src/stats/prng.js';
import { CgqError } from '../../src/errors.js';
import { bytesOf, closeEngines, poolEngine, reconstructionError, type EmdEngine } from './emd-helpers.js';

const N = 1200;
const settings = ceemdanSettings({ trials: 12, seed: 99 });
const key = { n: N, trials: 12, seed: 99, emd: settings.emd };

const engines: EmdEngine[] = [];
let one: EmdEngine;
let two: EmdEngine;
let dir: string;
before(() => {
  one = poolEngine(engines, 1, N);
  two = poolEngine(engines, 2, N);
  dir = mkdtempSync(join(tmpdir(), 'cgq-noise-cache-'));
});
after(async () => {
  await closeEngines(engines);
  rmSync(dir, { recursive: true, force: true });
});

/** A seeded random walk with two cycles: a price-like series of N samples. */
function series(seedKey: string): Float64Array {
  const r = new Prng(5, seedKey);
  const x = new Float64Array(N);
  let lvl = 100;
  for (let i = 0; i < N; i++) {
    lvl += (r.uniform() - 0.5) * 0.4;
    x[i] = lvl + 1.5 * Math.sin((2 * Math.PI * i) / 60) + 0.7 * Math.sin((2 * Math.PI * i) / 13);
  }
  return x;
}

test('cache built, then read: same bytes as no cache, for --n-jobs 1 and 2; the entry holds every row', async () => {
  const x = series('a');
  const plain = await ceemdan(one.exec, one.local, [x], { settings });
  assert.equal(plain.run.noiseCache, 'off');
  const built = await ceemdan(two.exec, two.local, [x], { settings, noiseCache: dir });
  assert.equal(built.run.noiseCache, 'built');
  const entry = noiseEntryDir(dir, key);
  assert.ok(existsSync(join(entry, '_SUCCESS')), 'entry published with _SUCCESS');
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.tmp')), [], 'no temp directory left');
  const meta = JSON.parse(readFileSync(join(entry, 'meta.json'), 'utf8'));
  // Every realisation's EMD is finished (row counts known) and every row file exists.
  assert.equal(meta.rowsOf.length, 12);
  assert.ok(meta.rowsOf.every((k: number) => k >= 3), `rows per realisation: ${meta.rowsOf}`);
  assert.equal(meta.sha256.length, Math.max(...meta.rowsOf));
  assert.ok(meta.s0.every((v: number) => v > 0));
  for (const [i, e] of [one, two].entries()) {
    const hit = await ceemdan(e.exec, e.local, [x], { settings, noiseCache: dir });
    assert.equal(hit.run.noiseCache, 'hit', `run ${i}`);
    assert.equal(hit.run.noiseSifts + hit.run.noiseUnusedSifts, 0, 'a hit sifts no noise');
    assert.ok(bytesOf(hit.results[0]!.rows).equals(bytesOf(plain.results[0]!.rows)), `cache hit on ${i + 1} worker(s): same bytes`);
  }
  assert.ok(bytesOf(built.results[0]!.rows).equals(bytesOf(plain.results[0]!.rows)), 'building run: same bytes');
  assert.ok(reconstructionError(plain.results[0]!.rows, x) <= 1e-9);
});

test('a cached entry serves other series of the same length and several series at once', async () => {
  const a = series('b');
  const b = series('c').map((v) => Math.log(v));
  const plain = await ceemdan(two.exec, two.local, [a, b], { settings, keys: ['a', 'b'] });
  const hit = await ceemdan(two.exec, two.local, [a, b], { settings, keys: ['a', 'b'], noiseCache: dir });
  assert.equal(hit.run.noiseCache, 'hit');
  for (const k of [0, 1]) assert.ok(bytesOf(hit.results[k]!.rows).equals(bytesOf(plain.results[k]!.rows)), `series ${k}`);
});

test('a damaged entry is reported and rebuilt, never used', async () => {
  const x = series('a');
  const entry = noiseEntryDir(dir, key);
  const f = join(entry, 'row-001.f64');
  const buf = readFileSync(f);
  buf[8 * 5] = buf[8 * 5]! ^ 0x40;
  writeFileSync(f, buf);
  const lines: string[] = [];
  const plain = await ceemdan(one.exec, one.local, [x], { settings });
  const r = await ceemdan(two.exec, two.local, [x], { settings, noiseCache: dir, log: (l) => lines.push(l) });
  assert.equal(r.run.noiseCache, 'built');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /row-001\.f64 does not match its sha256/);
  assert.ok(bytesOf(r.results[0]!.rows).equals(bytesOf(plain.results[0]!.rows)));
  const again = await ceemdan(one.exec, one.local, [x], { settings, noiseCache: dir });
  assert.equal(again.run.noiseCache, 'hit', 'the rebuilt entry verifies');
});

test('two runs building the same entry at once: one entry is kept, no temp directory is left', async () => {
  const fresh = mkdtempSync(join(tmpdir(), 'cgq-noise-race-'));
  try {
    const x = series('e');
    const [a, b] = await Promise.all([one, two].map((e) => ceemdan(e.exec, e.local, [x], { settings, noiseCache: fresh })));
    assert.deepEqual([a!.run.noiseCache, b!.run.noiseCache], ['built', 'built']);
    assert.deepEqual(readdirSync(fresh), [noiseEntryDir(fresh, key).slice(fresh.length + 1)]);
    const hit = await ceemdan(two.exec, two.local, [x], { settings, noiseCache: fresh });
    assert.equal(hit.run.noiseCache, 'hit');
    assert.ok(bytesOf(hit.results[0]!.rows).equals(bytesOf(a!.results[0]!.rows)));
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});

test('other settings get their own entry; a failed run publishes nothing', async () => {
  const other = ceemdanSettings({ trials: 12, seed: 100 });
  assert.notEqual(noiseEntryDir(dir, { ...key, seed: 100 }), noiseEntryDir(dir, key));
  const fresh = mkdtempSync(join(tmpdir(), 'cgq-noise-fail-'));
  try {
    const ac = new AbortController();
    // The cache directory does not exist yet: the run creates it, and removes it again on failure.
    const p = ceemdan(two.exec, two.local, [series('d')], { settings: other, noiseCache: join(fresh, 'new', 'cache'), signal: ac.signal });
    setImmediate(() => ac.abort());
    await assert.rejects(p, (e: unknown) => e instanceof CgqError && e.code === 'INTERRUPTED');
    assert.deepEqual(readdirSync(fresh), [], 'no entry, no temp directory and no cache directory left by an interrupted first run');
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});
