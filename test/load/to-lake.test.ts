/**
 * Loading into the lake keeps what is there: touched days are merged with their existing rows,
 * existing keys fail the load (nothing written) unless --replace, where the input row wins.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBarsToLake } from '../../src/pipelines/load/to-lake.js';
import { LakeSource } from '../../src/sources/lake.js';
import { CgqError } from '../../src/errors.js';
import type { SymbolBars } from '../../src/sources/types.js';

const DAY = 86_400_000;
const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempLake = () => {
  const d = mkdtempSync(join(tmpdir(), 'cgq-lake-load-'));
  made.push(d);
  return d;
};
const T0 = Date.UTC(2024, 0, 1);

function bars(symbol: string, minutes: number[], value: number): SymbolBars {
  const n = minutes.length;
  const f = (v: number) => new Float64Array(n).fill(v);
  return { symbol, ts: Float64Array.from(minutes, (m) => T0 + m * 60_000), open: f(value), high: f(value + 1), low: f(value - 1), close: f(value), volume: f(1), trades: Float64Array.from(minutes, (m) => m) };
}

async function read(root: string): Promise<Map<string, SymbolBars>> {
  const out = new Map<string, SymbolBars>();
  for await (const b of new LakeSource(root).bars()) out.set(b.symbol, b);
  return out;
}

test('a new lake gets one file per UTC day; a second load fills gaps and keeps existing rows', async () => {
  const root = tempLake();
  // day 0: minutes 0..9; day 1: minutes 1440..1444
  const r1 = await loadBarsToLake(root, [bars('AAA', [...Array(10).keys(), 1440, 1441, 1442, 1443, 1444], 10)]);
  assert.deepEqual({ rows: r1.rows, days: r1.days, symbols: r1.symbols, kept: r1.kept }, { rows: 15, days: 2, symbols: 1, kept: 0 });
  // fill minutes 20..24 on day 0 and add day 2; day 1 untouched
  const r2 = await loadBarsToLake(root, [bars('AAA', [20, 21, 22, 23, 24, 2880], 20)]);
  assert.deepEqual({ rows: r2.rows, days: r2.days, kept: r2.kept, replaced: r2.replaced }, { rows: 6, days: 2, kept: 10, replaced: 0 });
  const aaa = (await read(root)).get('AAA')!;
  assert.equal(aaa.ts.length, 21);
  assert.deepEqual([...aaa.trades!.subarray(8, 13)], [8, 9, 20, 21, 22]);
  assert.deepEqual([...aaa.open!.subarray(8, 13)], [10, 10, 20, 20, 20]);
  assert.equal(aaa.ts[20], T0 + 2 * DAY);
});

test('existing keys fail the whole load before any day is written; --replace lets the input win', async () => {
  const root = tempLake();
  await loadBarsToLake(root, [bars('AAA', [0, 1, 2, 3], 10)]);
  const listing = () => readdirSync(join(root, '1m'), { recursive: true }).map(String).sort();
  const before = listing();
  const input = [bars('AAA', [2, 3, 4], 30), bars('BBB', [0], 5)];
  await assert.rejects(loadBarsToLake(root, [bars('ABC', [0], 1), input[0]!]), (e: unknown) => {
    assert.ok(e instanceof CgqError);
    assert.equal(e.code, 'INPUT_DUPLICATE');
    assert.match(e.message, /already holds 2 of the 3 AAA rows, between 2024-01-01T00:02:00\.000Z and 2024-01-01T00:03:00\.000Z; nothing written \(use --replace to overwrite\)/);
    return true;
  });
  assert.deepEqual(listing(), before, 'nothing written, not even the other symbol');
  const r = await loadBarsToLake(root, input, { replace: true });
  assert.deepEqual({ rows: r.rows, replaced: r.replaced, kept: r.kept }, { rows: 4, replaced: 2, kept: 2 });
  const got = await read(root);
  assert.deepEqual([...got.get('AAA')!.open!], [10, 10, 30, 30, 30]);
  assert.deepEqual([...got.get('BBB')!.ts], [T0]);
});
