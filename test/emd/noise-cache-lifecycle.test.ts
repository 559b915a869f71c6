/**
 * The noise cache's lifecycle (src/emd/noise-store.ts): a cache directory stays under its cap by
 * evicting whole entries least recently used first (a read counts as a use), never the running
 * one's; temp directories of dead runs are removed after a day; a run reading an entry is not
 * harmed when another run evicts it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ceemdan } from '../../src/emd/ceemdan.js';
import { ceemdanSettings } from '../../src/emd/settings.js';
import { NoiseCacheReader, listNoiseCache, noiseEntryDir, pruneNoiseCache } from '../../src/emd/noise-store.js';
import { bytesOf, closeEngines, poolEngine, twoTones, type EmdEngine } from './emd-helpers.js';

const N = 600;
const TRIALS = 6;
const engines: EmdEngine[] = [];
let two: EmdEngine;
let dir: string;
before(() => {
  two = poolEngine(engines, 2, N);
  dir = mkdtempSync(join(tmpdir(), 'cgq-noise-life-'));
});
after(async () => {
  await closeEngines(engines);
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 24 * 3600 * 1000;

/** A fake complete entry of `bytes` bytes last used at `usedMs`. */
function fakeEntry(root: string, name: string, bytes: number, usedMs: number): void {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'row-000.f64'), Buffer.alloc(bytes));
  writeFileSync(join(d, '_SUCCESS'), '');
  utimesSync(join(d, '_SUCCESS'), usedMs / 1000, usedMs / 1000);
}

test('pruneNoiseCache: least recently used first down to the cap, never the kept entry; dead temp dirs go after a day', () => {
  const root = mkdtempSync(join(tmpdir(), 'cgq-noise-prune-'));
  try {
    const t0 = Date.UTC(2026, 0, 10);
    fakeEntry(root, 'ceemdan-noise-a', 4000, t0 + 3000); // newest
    fakeEntry(root, 'ceemdan-noise-b', 3000, t0 + 1000); // oldest, but kept
    fakeEntry(root, 'ceemdan-noise-c', 2000, t0 + 2000);
    fakeEntry(root, 'ceemdan-noise-d', 1000, t0 + 1500);
    mkdirSync(join(root, 'notes')); // not an entry: never touched
    mkdirSync(join(root, '.tmp-noise-1-old'));
    utimesSync(join(root, '.tmp-noise-1-old'), (t0 - 2 * DAY) / 1000, (t0 - 2 * DAY) / 1000);
    mkdirSync(join(root, '.tmp-noise-2-fresh')); // a build in progress
    utimesSync(join(root, '.tmp-noise-2-fresh'), (t0 - 3600e3) / 1000, (t0 - 3600e3) / 1000);
    mkdirSync(join(root, '.evict-3-x')); // renamed aside just now: another run's removal under way
    assert.deepEqual(listNoiseCache(root).map((e) => [e.name, e.bytes >= 1000]), [
      ['ceemdan-noise-b', true], ['ceemdan-noise-d', true], ['ceemdan-noise-c', true], ['ceemdan-noise-a', true],
    ]);
    const sizeOf = (name: string) => listNoiseCache(root).find((e) => e.name === name)!.bytes;
    const [a, b] = [sizeOf('ceemdan-noise-a'), sizeOf('ceemdan-noise-b')];
    const lines: string[] = [];
    // Room for a and b only: d then c go (b is older than both but kept).
    const r = pruneNoiseCache(root, { maxBytes: a + b, keep: 'ceemdan-noise-b', nowMs: t0, log: (l) => lines.push(l) });
    assert.deepEqual(r.evicted, ['ceemdan-noise-d', 'ceemdan-noise-c']);
    assert.ok(r.freedBytes >= 3000);
    assert.deepEqual(readdirSync(root).sort(), ['.evict-3-x', '.tmp-noise-2-fresh', 'ceemdan-noise-a', 'ceemdan-noise-b', 'notes']);
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.match(lines[0]!, /removed .*\.tmp-noise-1-old, left by a run that did not finish/);
    assert.match(lines[1]!, /evicted ceemdan-noise-d \(0\.0 MiB, last used 2026-01-10T00:00:01\.500Z\) to stay under 0\.0 MiB/);
    // An hour after its rename (ctime), the renamed-aside entry counts as left by a dead run (and
    // the temp directory, last touched in January, is over a day old by then).
    const later: string[] = [];
    pruneNoiseCache(root, { maxBytes: 0, nowMs: Date.now() + 2 * 3600e3, log: (l) => later.push(l) });
    assert.deepEqual(readdirSync(root).sort(), ['ceemdan-noise-a', 'ceemdan-noise-b', 'notes']);
    assert.deepEqual(later.map((l) => /removed .*\/(\S+), left by a run that did not finish/.exec(l)?.[1]).sort(), ['.evict-3-x', '.tmp-noise-2-fresh']);
    // Under the cap, or no cap: nothing goes.
    assert.deepEqual(pruneNoiseCache(root, { maxBytes: a + b, nowMs: t0 }).evicted, []);
    assert.deepEqual(pruneNoiseCache(root, { maxBytes: 0, nowMs: t0 }).evicted, []);
    // A cap below one entry keeps only the kept one.
    assert.deepEqual(pruneNoiseCache(root, { maxBytes: 1, keep: 'ceemdan-noise-a', nowMs: t0 }).evicted, ['ceemdan-noise-b']);
    assert.deepEqual(readdirSync(root).filter((f) => f.startsWith('ceemdan')), ['ceemdan-noise-a']);
    // A missing directory is not an error.
    assert.deepEqual(pruneNoiseCache(join(root, 'absent'), { maxBytes: 1 }).evicted, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('runs keep the cache under its cap: a read refreshes an entry, the least recently used one is evicted', async () => {
  const x = twoTones(N);
  const entryOf = (seed: number) => noiseEntryDir(dir, { n: N, trials: TRIALS, seed, emd: ceemdanSettings({ trials: TRIALS, seed }).emd });
  const run = (seed: number, maxBytes: number, log?: (l: string) => void) =>
    ceemdan(two.exec, two.local, [x], { settings: ceemdanSettings({ trials: TRIALS, seed }), noiseCache: dir, noiseCacheMaxBytes: maxBytes, log });
  const big = 2 ** 40;
  assert.equal((await run(1, big)).run.noiseCache, 'built');
  assert.equal((await run(2, big)).run.noiseCache, 'built');
  const sizes = listNoiseCache(dir).map((e) => e.bytes);
  assert.equal(sizes.length, 2);
  // Seed 1's entry is read again: now seed 2's is the least recently used.
  const plain1 = await ceemdan(two.exec, two.local, [x], { settings: ceemdanSettings({ trials: TRIALS, seed: 1 }) });
  const hit = await run(1, big);
  assert.equal(hit.run.noiseCache, 'hit');
  assert.ok(bytesOf(hit.results[0]!.rows).equals(bytesOf(plain1.results[0]!.rows)));
  assert.deepEqual(listNoiseCache(dir).map((e) => e.name), [basename(entryOf(2)), basename(entryOf(1))]);
  // Seed 3 builds a third entry under a cap with room for about two and a half: seed 2's goes.
  const lines: string[] = [];
  const cap = sizes[0]! + sizes[1]! + Math.min(...sizes) / 2;
  assert.equal((await run(3, cap, (l) => lines.push(l))).run.noiseCache, 'built');
  assert.ok(!existsSync(entryOf(2)), 'least recently used entry evicted');
  assert.ok(existsSync(join(entryOf(1), '_SUCCESS')) && existsSync(join(entryOf(3), '_SUCCESS')));
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, new RegExp(`noise cache: evicted ${basename(entryOf(2))} \\(`));
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temp or eviction directory left');
});

test('an entry evicted while a run reads it still serves that run', async () => {
  const x = twoTones(N);
  const settings = ceemdanSettings({ trials: TRIALS, seed: 7 });
  const key = { n: N, trials: TRIALS, seed: 7, emd: settings.emd };
  const root = mkdtempSync(join(tmpdir(), 'cgq-noise-evict-'));
  try {
    await ceemdan(two.exec, two.local, [x], { settings, noiseCache: root });
    const reader = NoiseCacheReader.open(root, key);
    assert.ok(reader instanceof NoiseCacheReader);
    const want = Buffer.alloc(TRIALS * N * 8);
    assert.ok(reader.loadStage(1, want));
    assert.deepEqual(pruneNoiseCache(root, { maxBytes: 1 }).evicted, [basename(reader.dir)]);
    assert.ok(!existsSync(reader.dir));
    const got = Buffer.alloc(TRIALS * N * 8);
    assert.ok(reader.loadStage(1, got), 'the open row file is still readable');
    assert.ok(got.equals(want));
    reader.close();
    assert.throws(() => reader.loadStage(1, got), /read after it was closed/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
