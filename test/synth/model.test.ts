/**
 * The synthetic bar model: valid OHLC always, determinism, independence of symbols, and the
 * stylised facts it promises (fat tails, volatility clustering, cross-symbol correlation, volume
 * rising with |return|, intraday/weekly seasonality, occasional gaps). The data are seeded, so
 * these statistical checks are deterministic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Market, generateSymbol, defaultSymbols } from '../../src/pipelines/synth/model.js';
import { validateSynthSpec } from '../../src/pipelines/synth/run.js';
import { CgqError } from '../../src/errors.js';

const spec = { seed: 1337, startMs: Date.UTC(2024, 0, 1), days: 28 };
const market = new Market(spec);
const btc = generateSymbol(market, 'BTCUSDT');
const eth = generateSymbol(market, 'ETHUSDT');

function logReturns(close: Float64Array, ts: Float64Array): { r: number[]; at: number[] } {
  const r: number[] = [];
  const at: number[] = [];
  for (let i = 1; i < close.length; i++) {
    if (ts[i]! - ts[i - 1]! !== 60_000) continue; // consecutive minutes only
    r.push(Math.log(close[i]! / close[i - 1]!));
    at.push(ts[i]!);
  }
  return { r, at };
}

function corr(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

test('every bar is valid OHLC on the tick grid, volume and trades non-negative, timestamps ascending', () => {
  for (const b of [btc, eth, generateSymbol(market, 'SYN042USDT')]) {
    const n = b.ts.length;
    assert.ok(n > 0.9 * spec.days * 1440, `${b.symbol}: most minutes have a bar`);
    for (let i = 0; i < n; i++) {
      const o = b.open![i]!, h = b.high![i]!, l = b.low![i]!, c = b.close![i]!;
      assert.ok(l > 0 && l <= Math.min(o, c) && h >= Math.max(o, c), `${b.symbol} row ${i}: o=${o} h=${h} l=${l} c=${c}`);
      assert.ok(b.volume![i]! >= 0 && Number.isInteger(b.trades![i]!) && b.trades![i]! >= 0);
      if (i > 0) assert.ok(b.ts[i]! > b.ts[i - 1]! && (b.ts[i]! - b.ts[i - 1]!) % 60_000 === 0);
    }
  }
  // BTC starts near its real price level with 0.1 ticks (>= 5 significant digits).
  assert.ok(btc.close![0]! > 30000 && btc.close![0]! < 60000);
  assert.ok(btc.close!.every((x) => Math.abs(x * 10 - Math.round(x * 10)) < 1e-6));
});

test('same seed gives identical bars; another seed differs; symbols are independent of each other', () => {
  const again = generateSymbol(new Market(spec), 'BTCUSDT');
  assert.deepEqual(again, btc);
  const other = generateSymbol(new Market({ ...spec, seed: 7 }), 'BTCUSDT');
  assert.notDeepEqual(other.close, btc.close);
  assert.deepEqual(defaultSymbols(3), ['BTCUSDT', 'ETHUSDT', 'BNBUSDT']);
  assert.equal(defaultSymbols(31)[30], 'SYN031USDT');
});

test('stylised facts: fat tails, volatility clustering, correlation, volume vs |return|, seasonality, gaps', () => {
  const { r, at } = logReturns(btc.close!, btc.ts);
  const n = r.length;
  const mean = r.reduce((s, x) => s + x, 0) / n;
  const m2 = r.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
  const m4 = r.reduce((s, x) => s + (x - mean) ** 4, 0) / n;
  assert.ok(m4 / (m2 * m2) - 3 > 1, `excess kurtosis ${m4 / (m2 * m2) - 3} shows fat tails`);

  const abs = r.map(Math.abs);
  const acf = [1, 5, 30].map((lag) => corr(abs.slice(lag), abs.slice(0, -lag)));
  assert.ok(acf.every((a) => a > 0.05), `|r| autocorrelation ${acf.map((a) => a.toFixed(3))} shows volatility clustering`);

  const e = logReturns(eth.close!, eth.ts);
  const common = new Map(e.at.map((t, i) => [t, e.r[i]!]));
  const pairs = at.map((t, i) => [r[i]!, common.get(t)] as const).filter((p) => p[1] !== undefined) as [number, number][];
  const rho = corr(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
  assert.ok(rho > 0.2 && rho < 0.95, `BTC/ETH return correlation ${rho.toFixed(3)}`);

  const volAt = new Map(Array.from(btc.ts, (t, i) => [t, btc.volume![i]!]));
  const vr = corr(abs, at.map((t) => volAt.get(t)!));
  assert.ok(vr > 0.2, `volume vs |return| correlation ${vr.toFixed(3)}`);

  const hourMeanAbs = (h0: number, h1: number) => {
    const xs = abs.filter((_, i) => {
      const h = new Date(at[i]!).getUTCHours();
      return h >= h0 && h < h1;
    });
    return xs.reduce((s, x) => s + x, 0) / xs.length;
  };
  assert.ok(hourMeanAbs(14, 16) > 1.3 * hourMeanAbs(5, 7), 'US-session minutes are more volatile than early-Europe ones');

  let wkd = 0, nwkd = 0, wke = 0, nwke = 0;
  btc.ts.forEach((t, i) => {
    const d = new Date(t).getUTCDay();
    if (d === 0 || d === 6) (wke += btc.volume![i]!), nwke++;
    else (wkd += btc.volume![i]!), nwkd++;
  });
  assert.ok(wke / nwke < 0.8 * (wkd / nwkd), 'weekend volume is lower');

  const missing = spec.days * 1440 - btc.ts.length;
  assert.ok(missing > 0 && missing < 0.03 * spec.days * 1440, `gaps: ${missing} missing minutes`);
});

test('bad synth flags are usage errors', () => {
  const bad = (s: Partial<typeof spec>, syms = ['BTCUSDT'], re: RegExp) =>
    assert.throws(() => validateSynthSpec({ ...spec, ...s }, syms), (e: unknown) => e instanceof CgqError && e.code === 'USAGE' && re.test(e.message));
  bad({ days: 0 }, undefined, /--days/);
  bad({ days: 1.5 }, undefined, /--days/);
  bad({ seed: -1 }, undefined, /--seed/);
  bad({ startMs: Date.UTC(2024, 0, 1, 5) }, undefined, /--start/);
  bad({}, [], /no symbols/);
  bad({}, ['A', 'A'], /duplicate/);
});
