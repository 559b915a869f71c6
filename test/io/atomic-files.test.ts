/**
 * StagedFiles: several files as one output (cgq emd with several series). All appear, or none
 * does, and no temp file is left either way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StagedFiles } from '../../src/io/atomic.js';

/** Stage every file, then commit; on a failure discard and rethrow (how cgq emd uses it). */
async function writeAll(files: readonly { dest: string; data: Uint8Array }[]): Promise<void> {
  const out = new StagedFiles();
  try {
    for (const f of files) await out.stage(f.dest, f.data);
    await out.commit();
  } catch (e) {
    await out.discard();
    throw e;
  }
}

function tempDir(t: { after(fn: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'cgq-atomic-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

test('StagedFiles writes every file, creating directories, and leaves no temp file', async (t) => {
  const d = tempDir(t);
  const files = ['a.bin', 'sub/b.bin', 'sub/deeper/c.bin'].map((f, i) => ({ dest: join(d, f), data: Uint8Array.from([i, i + 1, i + 2]) }));
  await writeAll(files);
  files.forEach((f, i) => assert.deepEqual([...readFileSync(f.dest)], [i, i + 1, i + 2]));
  assert.deepEqual(readdirSync(d, { recursive: true }).filter((f) => String(f).includes('.tmp-')), []);
});

test('StagedFiles: when one file cannot be written, none of them appears', async (t) => {
  const d = tempDir(t);
  writeFileSync(join(d, 'blocker'), 'a file where a directory is needed');
  const files = [
    { dest: join(d, 'first.bin'), data: Uint8Array.from([1]) },
    { dest: join(d, 'second.bin'), data: Uint8Array.from([2]) },
    { dest: join(d, 'blocker', 'third.bin'), data: Uint8Array.from([3]) },
  ];
  await assert.rejects(writeAll(files));
  assert.ok(!existsSync(files[0]!.dest) && !existsSync(files[1]!.dest));
  assert.deepEqual(readdirSync(d).sort(), ['blocker']);
});

test('StagedFiles: staged files sit in temp paths until commit; discard removes them', async (t) => {
  const d = tempDir(t);
  const temps = (): string[] => readdirSync(d, { recursive: true }).map(String).filter((f) => f.includes('.tmp-'));
  const kept = new StagedFiles();
  await kept.stage(join(d, 'a.bin'), Uint8Array.from([1, 2]));
  await kept.stage(join(d, 'sub', 'b.bin'), Uint8Array.from([3]));
  assert.equal(temps().length, 2, 'written at once, to temp paths');
  assert.ok(!existsSync(join(d, 'a.bin')) && !existsSync(join(d, 'sub', 'b.bin')), 'no destination before commit');
  await kept.commit();
  assert.deepEqual([...readFileSync(join(d, 'a.bin'))], [1, 2]);
  assert.deepEqual([...readFileSync(join(d, 'sub', 'b.bin'))], [3]);
  assert.deepEqual(temps(), []);
  const dropped = new StagedFiles();
  await dropped.stage(join(d, 'c.bin'), Uint8Array.from([4]));
  await dropped.stage(join(d, 'new', 'deeper', 'e.bin'), Uint8Array.from([5]));
  await dropped.stage(join(d, 'sub', 'f.bin'), Uint8Array.from([6]));
  await dropped.discard();
  assert.ok(!existsSync(join(d, 'c.bin')));
  assert.deepEqual(temps(), [], 'discard leaves no temp file');
  assert.ok(!existsSync(join(d, 'new')), 'the directories staging created are removed');
  assert.deepEqual(readdirSync(join(d, 'sub')), ['b.bin'], 'an existing directory stays, with its files');
});
