/**
 * Bars on the 1-minute grid (spec data_pipeline.md §8.3): the cohort's span, prices carried
 * forward then back, volume and trades 0 in missing minutes, off-minute and out-of-grid bars
 * dropped, a symbol with nothing on the grid refused by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MINUTE_MS, minuteGrid, reindexMinutes } from '../../src/sources/minute-grid.js';
import { CgqError } from '../../src/errors.js';
import type { SymbolBars } from '../../src/sources/types.js';

const T0 = Date.UTC(2024, 0, 1);
const at = (minute: number, seconds = 0): number => T0 + minute * MINUTE_MS + seconds * 1000;

function bars(symbol: string, ts: number[], close: number[], volume: number[]): SymbolBars {
  return { symbol, ts: Float64Array.from(ts), close: Float64Array.from(close), volume: Float64Array.from(volume), trades: Float64Array.from(volume, (v) => v * 10) };
}

test('minute grid: the cohort span from its earliest whole-minute bar to its latest, or [start, end)', () => {
  const a = bars('A', [at(2, 30), at(3), at(7)], [1, 2, 3], [1, 1, 1]);
  const b = bars('B', [at(1), at(4), at(9), at(9, 15)], [1, 2, 3, 4], [1, 1, 1, 1]);
  // First whole-minute bar: B's minute 1 (A's first bar is off the minute); last: B's minute 9.
  assert.deepEqual(minuteGrid([a, b]), { from: at(1), count: 9 });
  assert.deepEqual(minuteGrid([a]), { from: at(3), count: 5 });
  // A start inside a minute begins at the next whole one; the end is exclusive.
  assert.deepEqual(minuteGrid([a, b], at(2, 1), at(8)), { from: at(3), count: 5 });
  assert.deepEqual(minuteGrid([a, b], at(2), at(8, 30)), { from: at(2), count: 7 });
  assert.deepEqual(minuteGrid([a, b], undefined, at(5)), { from: at(1), count: 4 });
  assert.throws(() => minuteGrid([a, b], at(5), at(5)), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_EMPTY');
  assert.throws(() => minuteGrid([bars('C', [at(0, 1)], [1], [1])]), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_EMPTY');
});

test('minute grid: prices carried forward (leading gap back-filled), volume and trades 0; off-grid bars dropped', () => {
  // Grid minutes 0..7; bars at 2, 3 (and 3:30, off the minute), 6 and 9 (past the grid).
  const b = bars('X', [at(2), at(3), at(3, 30), at(6), at(9)], [10, 11, 99, 12, 13], [5, 6, 7, 8, 9]);
  const r = reindexMinutes(b, ['close', 'volume', 'trades'], { from: at(0), count: 8 });
  assert.deepEqual(Array.from(r.values[0]!), [10, 10, 10, 11, 11, 11, 12, 12]);
  assert.deepEqual(Array.from(r.values[1]!), [0, 0, 5, 6, 0, 0, 8, 0]);
  assert.deepEqual(Array.from(r.values[2]!), [0, 0, 50, 60, 0, 0, 80, 0]);
  assert.equal(r.placed, 3);
  assert.equal(r.dropped, 2);
  // The same bars on a grid that starts inside them: earlier bars are out of the grid.
  const late = reindexMinutes(b, ['close'], { from: at(3), count: 3 });
  assert.deepEqual(Array.from(late.values[0]!), [11, 11, 11]);
  assert.equal(late.placed, 1);
});

test('minute grid: a symbol with no bar on the grid is INPUT_EMPTY naming it', () => {
  const b = bars('LATE', [at(20), at(21)], [1, 2], [1, 1]);
  assert.throws(
    () => reindexMinutes(b, ['close'], { from: at(0), count: 10 }),
    (e: unknown) => e instanceof CgqError && e.code === 'INPUT_EMPTY' && /--symbol LATE: no bar on the minute grid 2024-01-01T00:00Z \+ 10 min$/.test(e.message),
  );
});
