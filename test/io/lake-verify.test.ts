/**
 * `verifyLake` and `listLake`: every kind of damage is reported, one problem per line item, with
 * its path; a clean lake has none; roots that are not lakes are refused with their code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSymbolBars } from '../../src/io/lake/write.js';
import { verifyLake } from '../../src/io/lake/verify.js';
import { listLake } from '../../src/io/lake/list.js';
import { formatManifest, parseManifest } from '../../src/io/lake/manifest.js';
import { makeBars, tempDir } from './lake-fixtures.js';

const D0 = Date.UTC(2024, 0, 1);

async function lakeWith(t: Parameters<typeof tempDir>[0]): Promise<string> {
  const root = tempDir(t);
  await writeSymbolBars(root, makeBars('AAA', D0, 3 * 1440, 1));
  await writeSymbolBars(root, makeBars('BBB', D0 + 1440 * 60_000, 1440 + 30, 2));
  return root;
}

const day = (root: string, sym: string, d: string) => join(root, '1m', sym, 'y=2024', 'm=01', `d=${d}`);

test('a clean lake verifies with counts from every file', async (t) => {
  const root = await lakeWith(t);
  const r = verifyLake(root);
  assert.deepEqual(r.problems, []);
  assert.deepEqual([r.timeframes, r.symbols, r.days, r.files, r.rows], [['1m'], 2, 5, 5, 3 * 1440 + 1440 + 30]);
});

test('verify reports a flipped byte, a truncated file, missing _SUCCESS, a missing file, an extra file, a bad manifest and a leftover temp folder', async (t) => {
  const root = await lakeWith(t);
  const flipped = join(day(root, 'AAA', '01'), 'part-20240101.parquet');
  const bytes = readFileSync(flipped);
  bytes[100] ^= 0x01;
  writeFileSync(flipped, bytes);
  const truncated = join(day(root, 'AAA', '02'), 'part-20240102.parquet');
  writeFileSync(truncated, readFileSync(truncated).subarray(0, 1000));
  rmSync(join(day(root, 'AAA', '03'), '_SUCCESS'));
  rmSync(join(day(root, 'BBB', '02'), 'part-20240102.parquet'));
  writeFileSync(join(day(root, 'BBB', '03'), 'notes.txt'), 'x');
  mkdirSync(join(root, '1m', 'BBB', 'y=2024', 'm=01', '.d=09.tmp-123-abcd0123'));
  const m = join(day(root, 'AAA', '03'), 'MANIFEST.tsv');
  writeFileSync(m, readFileSync(m, 'utf8').replace('ZSTD\t', 'ZSTD\tEXTRA\t'));

  const r = verifyLake(root);
  const lines = r.problems.map((p) => `${p.path}: ${p.problem}`);
  const expect: [string, RegExp][] = [
    ['1m/AAA/y=2024/m=01/d=01/part-20240101.parquet', /^sha256 [0-9a-f]{64} does not match MANIFEST.tsv/],
    ['1m/AAA/y=2024/m=01/d=02/part-20240102.parquet', /^size 1000 B, MANIFEST.tsv says \d+ B$/],
    ['1m/AAA/y=2024/m=01/d=03', /^missing _SUCCESS/],
    ['1m/AAA/y=2024/m=01/d=03/MANIFEST.tsv', /^unreadable manifest: .*line 2: 8 fields, expected 7/],
    ['1m/AAA/y=2024/m=01/d=03/part-20240103.parquet', /^file not covered by a readable MANIFEST.tsv$/],
    ['1m/BBB/y=2024/m=01/.d=09.tmp-123-abcd0123', /^leftover temp folder/],
    ['1m/BBB/y=2024/m=01/d=02/part-20240102.parquet', /^missing file \(listed in MANIFEST.tsv\)$/],
    ['1m/BBB/y=2024/m=01/d=03/notes.txt', /^file not in MANIFEST.tsv$/],
  ];
  assert.equal(r.problems.length, expect.length, lines.join('\n'));
  for (const [path, re] of expect) {
    assert.ok(r.problems.some((p) => p.path === path && re.test(p.problem)), `expected ${path}: ${re}\ngot:\n${lines.join('\n')}`);
  }
  // The size check alone would miss a same-size edit; the SHA catches it (above). Sizes still count.
  assert.equal(r.days, 5);
});

test('verify tells a day set aside by a replace killed between its renames from temp debris', async (t) => {
  const root = await lakeWith(t);
  const month = join(root, '1m', 'AAA', 'y=2024', 'm=01');
  renameSync(join(month, 'd=02'), join(month, '.d=02.tmp-4242-0badcafe'));
  const r = verifyLake(root);
  assert.deepEqual(r.problems, [
    { path: '1m/AAA/y=2024/m=01/.d=02.tmp-4242-0badcafe', problem: 'complete day set aside by an interrupted replace, and d=02 is missing: rename this folder to d=02' },
  ]);
});

test('verify checks manifest times against the folder day and the file name against the day', async (t) => {
  const root = await lakeWith(t);
  const m = join(day(root, 'BBB', '03'), 'MANIFEST.tsv');
  const [e] = parseManifest(readFileSync(m, 'utf8'), m);
  writeFileSync(m, formatManifest([{ ...e!, minTs: e!.minTs - 86_400_000 }]));
  let r = verifyLake(root);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.problem, /are not inside day 2024-01-03/);

  writeFileSync(m, formatManifest([{ ...e!, file: 'part-20240104.parquet' }]));
  renameSync(join(day(root, 'BBB', '03'), 'part-20240103.parquet'), join(day(root, 'BBB', '03'), 'part-20240104.parquet'));
  r = verifyLake(root);
  assert.deepEqual(r.problems.map((p) => `${p.path}: ${p.problem}`), [
    "1m/BBB/y=2024/m=01/d=03/part-20240104.parquet: listed in MANIFEST.tsv, but day 2024-01-03's file is part-20240103.parquet",
  ]);
});

test('verify and ls refuse roots that are not lakes', async (t) => {
  const dir = tempDir(t);
  assert.throws(() => verifyLake(join(dir, 'nope')), (e: Error & { code?: string }) => e.code === 'INPUT_MISSING');
  assert.throws(() => verifyLake(dir), (e: Error & { code?: string }) => e.code === 'LAKE_LAYOUT' && /not a cgq lake/.test(e.message));
  writeFileSync(join(dir, 'f'), '');
  assert.throws(() => verifyLake(join(dir, 'f')), (e: Error & { code?: string }) => e.code === 'LAKE_LAYOUT');
  const root = await lakeWith(t);
  assert.throws(() => listLake(root, { tf: '5m' }), (e: Error & { code?: string }) => e.code === 'LAKE_LAYOUT' && /timeframes present: 1m/.test(e.message));
  assert.throws(() => verifyLake(root, { tf: '5m' }), /no 5m bars/);
});

test('ls counts complete days and rows per symbol from the manifests, and incomplete days apart', async (t) => {
  const root = await lakeWith(t);
  rmSync(join(day(root, 'AAA', '02'), '_SUCCESS'));
  const l = listLake(root);
  assert.deepEqual(l.symbols, [
    { symbol: 'AAA', days: 2, firstDay: '2024-01-01', lastDay: '2024-01-03', rows: 2880, incompleteDays: 1 },
    { symbol: 'BBB', days: 2, firstDay: '2024-01-02', lastDay: '2024-01-03', rows: 1470, incompleteDays: 0 },
  ]);
  assert.deepEqual(l.total, { symbols: 2, days: 4, rows: 4350, incompleteDays: 1 });
});
