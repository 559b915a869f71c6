/**
 * Resampling 1-minute bars to k-minute bars: every bin of the original's `_resample_ohlcv`
 * (../shared fixtures: BTC 3T..2H, ETH with gaps 1T..2H, empty bins included) through
 * `resampleBars`, day partitions fed through the carried state (a bin straddling midnight, bins
 * collected chunk by chunk), the window → rule map, and input checks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LocalKernels } from '../../src/kernels/local.js';
import { BinCollector, resampleBars, targetResampleMinutes } from '../../src/kernels/resample.js';
import { getKernel, resolveParams } from '../../src/kernels/registry.js';
import { CgqError } from '../../src/errors.js';
import { assertIdentical, seededRandom } from '../helpers/compare.js';
import { loadBtc3000, parseBarsCsv, type Bars } from '../helpers/fixtures.js';
import { readSharedJson, sharedFile, toF64 } from '../helpers/shared.js';
import { ruleMinutes } from '../vectors/rolling-sources.js';

const local = new LocalKernels();
const FX = 'fixtures/indicators/';

type Series = (number | null)[];
interface BinsFixture {
  timestamp: string[];
  open: Series;
  high: Series;
  low: Series;
  close: Series;
  volume: Series;
  empty_bins: number;
}

function checkAgainstFixture(label: string, bars: Bars, rules: Record<string, BinsFixture>): void {
  for (const [rule, want] of Object.entries(rules)) {
    const minutes = ruleMinutes(rule);
    const got = resampleBars(local, bars, minutes, label);
    const what = `${label} ${rule}`;
    assertIdentical(got.ts, Float64Array.from(want.timestamp, (s) => Date.parse(s)), `${what} bin starts`);
    assertIdentical(got.open, toF64(want.open), `${what} open`);
    assertIdentical(got.high, toF64(want.high), `${what} high`);
    assertIdentical(got.low, toF64(want.low), `${what} low`);
    assertIdentical(got.close, toF64(want.close), `${what} close`);
    // Kahan in time order: bit for bit (fixtures README item 5).
    assertIdentical(got.volume, toF64(want.volume), `${what} volume`);
    const empty = Array.from(got.count).filter((c) => c === 0).length;
    assert.equal(empty, want.empty_bins, `${what}: empty bins`);
    // Rows per bin add up to the input rows; each bin holds at most `minutes` distinct minutes.
    assert.equal(got.count.reduce((a, b) => a + b, 0), bars.ts.length, `${what}: rows`);
    assert.ok(got.count.every((c) => c <= minutes), `${what}: count ≤ minutes`);
  }
}

test('resampleBars reproduces core._resample_ohlcv bin for bin (BTC, and ETH with empty bins)', (t) => {
  const fx = readSharedJson<{ output: Record<string, BinsFixture>; extra_cases: { output: Record<string, BinsFixture> }[] }>(t, FX + 'core._resample_ohlcv.json');
  const btc = loadBtc3000(t);
  const ethPath = sharedFile(t, FX + 'ethusdt_1m_2021-05-19T1100Z_500_gaps.csv');
  if (!fx || !btc || !ethPath) return;
  checkAgainstFixture('BTC', btc, fx.output);
  const eth = parseBarsCsv(readFileSync(ethPath, 'utf8'));
  checkAgainstFixture('ETH gaps', eth, fx.extra_cases[0]!.output);
  // BTC 1T is the identity (the fixture omits it for that reason).
  const id = resampleBars(local, btc, 1);
  assertIdentical(id.ts, btc.ts, 'BTC 1T ts');
  assertIdentical(id.close, btc.close, 'BTC 1T close');
  assertIdentical(id.volume, btc.volume, 'BTC 1T volume');
});

/** Three UTC days of 1-minute bars with gaps (a missing stretch across midnight). */
function threeDays(): Bars {
  const r = seededRandom(5);
  const t0 = Date.UTC(2024, 2, 9, 0, 0);
  const rows: number[] = [];
  for (let m = 0; m < 3 * 1440; m++) {
    if (r() < 0.1 || (m > 1430 && m < 1447)) continue;
    rows.push(t0 + m * 60_000);
  }
  const n = rows.length;
  const close = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 50) + r());
  const open = close.map((c) => c - 0.1);
  return {
    ts: Float64Array.from(rows),
    open,
    high: close.map((c) => c + 0.5),
    low: close.map((c) => c - 0.5),
    close,
    volume: Float64Array.from({ length: n }, () => r() * 10),
  };
}

test('resampling day partitions through the carried state gives the batch bars (a bin straddles midnight)', () => {
  const bars = threeDays();
  const cols = [bars.ts, bars.open, bars.high, bars.low, bars.close, bars.volume];
  for (const minutes of [7, 60, 120]) {
    const batch = resampleBars(local, bars, minutes);
    // Day partitions: the kernel's state and the collector carry the open bin from day to day.
    const spec = getKernel('resample_ohlcv');
    const p = resolveParams(spec, { minutes });
    const arena = local.arena;
    const mark = arena.mark();
    try {
      const state = arena.allocF64(spec.stateLen!(p));
      arena.f64(state, spec.stateLen!(p)).fill(0);
      const collector = new BinCollector(minutes);
      const day = 86_400_000;
      let from = 0;
      while (from < bars.ts.length) {
        const dayEnd = (Math.floor(bars.ts[from]! / day) + 1) * day;
        let to = from;
        while (to < bars.ts.length && bars.ts[to]! < dayEnd) to++;
        const n = to - from;
        const ins = cols.map((c) => arena.putF64(c.subarray(from, to)));
        const outs = spec.outputs.map(() => arena.allocF64(n));
        local.runtime.invoke({ kernel: spec.name, n, ins, outs, params: [minutes], state, scratch: 0 });
        collector.push(outs.map((o) => arena.f64(o, n).slice()));
        from = to;
      }
      const chunked = collector.finish();
      for (const k of ['ts', 'open', 'high', 'low', 'close', 'volume', 'count'] as const) {
        assertIdentical(chunked[k], batch[k], `${minutes}-minute ${k} by day`);
      }
    } finally {
      arena.release(mark);
    }
    // Bins are epoch-aligned: every start is a multiple of the bin length.
    assert.ok(batch.ts.every((t) => t % (minutes * 60_000) === 0), `${minutes}-minute bins are epoch-aligned`);
    // The full grid from the first to the last bin, empty bins included.
    assert.equal(batch.ts.length, (batch.ts[batch.ts.length - 1]! - batch.ts[0]!) / (minutes * 60_000) + 1);
  }
});

test('empty bins have NaN prices, volume 0 and count 0; NaN prices inside a bin are skipped', () => {
  const t0 = Date.UTC(2024, 0, 1);
  const m = 60_000;
  const bars: Bars = {
    ts: Float64Array.of(t0, t0 + m, t0 + 2 * m, t0 + 9 * m),
    open: Float64Array.of(NaN, 2, 3, 4),
    high: Float64Array.of(5, NaN, 6, 4),
    low: Float64Array.of(1, 0.5, NaN, 4),
    close: Float64Array.of(2, 3, NaN, 4),
    volume: Float64Array.of(1, NaN, 2, 3),
  };
  const r = resampleBars(local, bars, 3);
  assertIdentical(r.ts, Float64Array.of(t0, t0 + 3 * m, t0 + 6 * m, t0 + 9 * m));
  assertIdentical(r.open, Float64Array.of(2, NaN, NaN, 4));
  assertIdentical(r.high, Float64Array.of(6, NaN, NaN, 4));
  assertIdentical(r.low, Float64Array.of(0.5, NaN, NaN, 4));
  assertIdentical(r.close, Float64Array.of(3, NaN, NaN, 4));
  assertIdentical(r.volume, Float64Array.of(3, 0, 0, 3));
  assertIdentical(r.count, Float64Array.of(3, 0, 0, 1));
});

test('resampleBars rejects timestamps out of order or missing, naming the row', () => {
  const bars: Bars = { ts: Float64Array.of(0, 120_000, 60_000), open: new Float64Array(3), high: new Float64Array(3), low: new Float64Array(3), close: new Float64Array(3), volume: new Float64Array(3) };
  assert.throws(() => resampleBars(local, bars, 5, 'bars.csv'), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_PARSE' && /bars\.csv: row 3: timestamps must be in ascending time order/.test(e.message));
  bars.ts[2] = NaN;
  assert.throws(() => resampleBars(local, bars, 5), (e: unknown) => e instanceof CgqError && /row 3: timestamp is missing/.test(e.message));
});

test('targetResampleMinutes equals core._target_resample_rule', (t) => {
  const fx = readSharedJson<{ window_size: number[]; output: { rule: (string | null)[] } }>(t, FX + 'core._target_resample_rule.json');
  if (!fx) return;
  fx.window_size.forEach((w, i) => {
    const rule = fx.output.rule[i];
    assert.equal(targetResampleMinutes(w), rule === null ? undefined : ruleMinutes(rule!), `window ${w}`);
  });
});
