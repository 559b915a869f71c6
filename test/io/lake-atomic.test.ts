/**
 * Atomic day replacement: a failure injected at every step of a day write (temp folder made,
 * Parquet written, manifest written, _SUCCESS written, old day renamed away) leaves the old
 * complete day byte for byte, no temp folders, and no empty folders from a first write.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeHooks, writeSymbolBars, type WriteStep } from '../../src/io/lake/write.js';
import { LakeSource } from '../../src/sources/lake.js';
import { verifyLake } from '../../src/io/lake/verify.js';
import { assertIdentical } from '../helpers/compare.js';
import { collect, makeBars, snapshot, tempDir, tree } from './lake-fixtures.js';

const STEPS: WriteStep[] = ['temp-dir', 'parquet', 'manifest', 'success', 'renamed-away'];
const D0 = Date.UTC(2024, 4, 1);

function failAt(step: WriteStep, onDay?: string): void {
  writeHooks.afterStep = (s, dir) => {
    if (s === step && (!onDay || dir.endsWith(onDay))) throw new Error(`injected failure after ${s}`);
  };
}

test('a failure at any step leaves the old complete day and no temp folders', async (t) => {
  t.after(() => (writeHooks.afterStep = undefined));
  const root = tempDir(t);
  const v1 = makeBars('BTCUSDT', D0, 1440, 1);
  await writeSymbolBars(root, v1);
  const before = snapshot(root);
  const v2 = makeBars('BTCUSDT', D0, 1440, 2);
  for (const step of STEPS) {
    failAt(step);
    await assert.rejects(writeSymbolBars(root, v2), (e: Error & { code?: string }) => e.code === 'IO' && e.message.includes(`injected failure after ${step}`), step);
    writeHooks.afterStep = undefined;
    assert.deepEqual(snapshot(root), before, `after a failure at ${step}: same files, same bytes, nothing else`);
  }
  assert.deepEqual(verifyLake(root).problems, []);
  // Without faults, v2 replaces v1 whole.
  await writeSymbolBars(root, v2);
  const [got] = await collect(new LakeSource(root).bars({ columns: ['close'] }));
  assertIdentical(got!.close!, v2.close!, 'new day in place');
  assert.deepEqual(tree(root).filter((p) => p.includes('.tmp-')), []);
});

test('a failed first write of a day leaves no day folder and no empty parent folders', async (t) => {
  t.after(() => (writeHooks.afterStep = undefined));
  const root = tempDir(t);
  await writeSymbolBars(root, makeBars('AAA', D0, 10, 1)); // the lake and 1m/ exist already
  for (const step of ['temp-dir', 'parquet', 'success'] as const) {
    failAt(step);
    await assert.rejects(writeSymbolBars(root, makeBars('BBB', Date.UTC(2025, 0, 1), 10, 1)), /injected failure/);
    assert.deepEqual(tree(join(root, '1m')).filter((p) => !p.startsWith('AAA')), [], `after a failure at ${step}`);
  }
});

test('a multi-day write failing on its second day keeps the first new day and the old later days', async (t) => {
  t.after(() => (writeHooks.afterStep = undefined));
  const root = tempDir(t);
  const v1 = makeBars('ETHUSDT', D0, 3 * 1440, 1);
  const v2 = makeBars('ETHUSDT', D0, 3 * 1440, 2);
  await writeSymbolBars(root, v1);
  failAt('manifest', 'd=02');
  await assert.rejects(writeSymbolBars(root, v2), /d=02/);
  writeHooks.afterStep = undefined;
  const [got] = await collect(new LakeSource(root).bars({ columns: ['close'] }));
  const want = Float64Array.from([...v2.close!.slice(0, 1440), ...v1.close!.slice(1440)]);
  assertIdentical(got!.close!, want, 'day 1 new, days 2-3 old');
  assert.deepEqual(verifyLake(root).problems, []);
});
