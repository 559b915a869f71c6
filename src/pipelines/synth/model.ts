/**
 * A realistic synthetic 1-minute bar model, seeded. Per minute:
 *
 *   r_i,t = beta_i · f_t + sigma_i · e^(h_i,t / 2) · s(t) · t4 + jumps + Δcycles_i(t)
 *
 * where f_t is a common market factor with its own stochastic volatility (cross-symbol
 * correlation), h is an AR(1) log-variance (volatility clustering), s(t) the intraday (UTC) and
 * weekly volatility seasonality, t4 a unit-variance Student-t(4) draw (fat tails), plus rare jumps
 * and a few embedded sinusoidal cycles in log price. Volume follows its own seasonality, a
 * lognormal noise and rises with |r| / sigma. OHLC are built so that low ≤ open, close ≤ high and
 * prices sit on the symbol's tick grid; gaps (missing minutes) come from short per-symbol outages
 * and shared exchange maintenance windows.
 *
 * A symbol's bars depend only on (seed, symbol, start, days): adding symbols never changes the
 * others, and the same seed always gives the same numbers.
 */
import { Prng } from '../../stats/prng.js';
import type { SymbolBars } from '../../sources/types.js';

export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 1440;

/** Known bases get a realistic price level; others a seeded log-uniform one. */
const PRICE_LEVELS: Record<string, number> = {
  BTC: 42000, ETH: 2400, BNB: 310, SOL: 98, XRP: 0.55, ADA: 0.48, DOGE: 0.085, AVAX: 36, DOT: 7.2, LINK: 15,
  LTC: 70, BCH: 240, MATIC: 0.85, UNI: 6.3, ATOM: 9.8, XLM: 0.12, TRX: 0.11, ETC: 25, FIL: 5.5, APT: 9,
  ARB: 1.7, OP: 3.4, NEAR: 3.6, AAVE: 95, ALGO: 0.19, XTZ: 0.95, EOS: 0.78, NEO: 12, XMR: 165, IOTA: 0.27,
};

/** The default symbol universe for `--symbols N`. */
export const DEFAULT_SYMBOLS = Object.keys(PRICE_LEVELS).map((b) => `${b}USDT`);

export function defaultSymbols(n: number): string[] {
  const out = DEFAULT_SYMBOLS.slice(0, n);
  for (let i = out.length; i < n; i++) out.push(`SYN${String(i + 1).padStart(3, '0')}USDT`);
  return out;
}

export interface SynthSpec {
  seed: number;
  /** First minute, epoch ms (a UTC midnight). */
  startMs: number;
  days: number;
}

/** Intraday (UTC hour, fractional) and weekly multiplier of volatility. */
function volSeason(hour: number, dow: number): number {
  const us = Math.exp(-(((hour - 14.5) / 2.5) ** 2)); // US session open
  const asia = Math.exp(-(((hour - 1.5) / 2) ** 2)); // Asia open
  const weekend = dow === 0 || dow === 6 ? 0.7 : 1;
  return (0.7 + 0.55 * us + 0.25 * asia) * weekend;
}

/** Intraday and weekly multiplier of volume (a little stronger than volatility). */
function volumeSeason(hour: number, dow: number): number {
  const us = Math.exp(-(((hour - 15) / 3) ** 2));
  const eu = Math.exp(-(((hour - 8.5) / 2.5) ** 2));
  const weekend = dow === 0 || dow === 6 ? 0.55 : 1;
  return (0.55 + 0.8 * us + 0.35 * eu) * weekend;
}

/** The common market factor and the shared maintenance gaps, for the whole grid. */
export class Market {
  readonly n: number;
  /** Market factor return per minute. */
  readonly f: Float64Array;
  /** Seasonality multipliers per minute. */
  readonly sVol: Float64Array;
  readonly sVolume: Float64Array;
  /** 1 where the whole exchange is down (no symbol has a bar). */
  readonly maintenance: Uint8Array;

  constructor(readonly spec: SynthSpec) {
    const n = (this.n = spec.days * DAY_MINUTES);
    const rng = new Prng(spec.seed, 'market');
    this.f = new Float64Array(n);
    this.sVol = new Float64Array(n);
    this.sVolume = new Float64Array(n);
    this.maintenance = new Uint8Array(n);
    const phi = 0.9995;
    const sigmaH = 0.5 * Math.sqrt(1 - phi * phi);
    let h = 0;
    for (let i = 0; i < n; i++) {
      const t = spec.startMs + i * MINUTE_MS;
      const d = new Date(t);
      const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
      const dow = d.getUTCDay();
      this.sVol[i] = volSeason(hour, dow);
      this.sVolume[i] = volumeSeason(hour, dow);
      h = phi * h + sigmaH * rng.normal();
      this.f[i] = 0.0006 * Math.exp(h / 2) * this.sVol[i]! * rng.studentT(4);
    }
    // Exchange maintenance: on ~1 day in 8, a window of 30–180 minutes, no bars for anyone.
    for (let day = 0; day < spec.days; day++) {
      if (rng.uniform() < 0.125) {
        const len = 30 + Math.floor(rng.uniform() * 150);
        const from = day * DAY_MINUTES + Math.floor(rng.uniform() * (DAY_MINUTES - len));
        this.maintenance.fill(1, from, from + len);
      }
    }
  }
}

function priceLevel(symbol: string, rng: Prng): number {
  const base = symbol.replace(/(USDT|USDC|USD|BUSD)$/, '');
  const known = PRICE_LEVELS[base];
  const jitter = Math.exp((rng.uniform() - 0.5) * 0.2);
  return (known ?? Math.exp(Math.log(0.01) + rng.uniform() * Math.log(5e6))) * jitter;
}

/** Decimal places giving ≥ 5 significant digits at the starting price (a realistic tick). */
function tickDecimals(p0: number): number {
  return Math.max(0, Math.min(10, 4 - Math.floor(Math.log10(p0))));
}

const POW10 = Array.from({ length: 11 }, (_, k) => 10 ** k);

/** Round to `decimals` places: the division gives the double nearest to k / 10^d. */
function roundTo(x: number, decimals: number): number {
  const p = POW10[decimals]!;
  return Math.round(x * p) / p;
}

/** Generate one symbol's bars (rows only for minutes that are not in a gap). */
export function generateSymbol(market: Market, symbol: string): SymbolBars {
  const { spec, n } = market;
  const rng = new Prng(spec.seed, `sym:${symbol}`);
  const p0 = priceLevel(symbol, rng);
  const dec = tickDecimals(p0);
  const tick = 10 ** -dec;
  const beta = 0.6 + 0.8 * rng.uniform();
  const sigma = Math.exp(Math.log(0.0005) + rng.uniform() * Math.log(3)); // 0.05 %–0.15 % per minute
  const volBase = Math.exp(Math.log(50) + rng.uniform() * Math.log(200)) * (1000 / Math.max(p0, 1e-6)) ** 0.6;
  const volDec = Math.max(0, Math.min(8, dec - 1));
  const tradeSize = volBase * (0.02 + 0.05 * rng.uniform());
  // A few embedded cycles in log price (periods in minutes, small amplitudes), seeded phases.
  const cycles = [60, 720, 4320].map((period, k) => ({ period, amp: [0.0015, 0.004, 0.01][k]! * (0.5 + rng.uniform()), phase: 2 * Math.PI * rng.uniform() }));
  const cycleAt = (i: number) => cycles.reduce((s, c) => s + c.amp * Math.sin((2 * Math.PI * i) / c.period + c.phase), 0);

  const phi = 0.999;
  const sigmaH = 0.45 * Math.sqrt(1 - phi * phi);
  let h = 0;
  let logp = Math.log(p0);
  let prevClose = roundTo(p0, dec);
  let outage = 0;

  const ts = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  const trades = new Float64Array(n);
  let rows = 0;
  let prevCycle = cycleAt(0);
  for (let i = 0; i < n; i++) {
    h = phi * h + sigmaH * rng.normal();
    const sigmaEff = sigma * Math.exp(h / 2) * market.sVol[i]!;
    let r = beta * market.f[i]! + sigmaEff * rng.studentT(4);
    if (rng.uniform() < 1e-4) r += 0.012 * rng.normal(); // rare jumps
    const c = cycleAt(i + 1);
    r += c - prevCycle;
    prevCycle = c;
    // Draw everything every minute so gaps never shift the stream.
    const zHi = Math.abs(rng.normal());
    const zLo = Math.abs(rng.normal());
    const zVol = rng.normal();
    const zTr = rng.normal();
    const startOutage = rng.uniform() < 2e-4;
    const outageLen = 1 + Math.floor(rng.uniform() * 20);
    logp += r;
    if (startOutage && outage === 0) outage = outageLen;
    const down = outage > 0 || market.maintenance[i] === 1;
    if (outage > 0) outage--;
    if (down) continue;

    const o = prevClose;
    const cl = Math.max(roundTo(Math.exp(logp), dec), tick);
    const hi = Math.max(o, cl) * Math.exp(0.6 * sigmaEff * zHi);
    const lo = Math.min(o, cl) * Math.exp(-0.6 * sigmaEff * zLo);
    let v = volBase * market.sVolume[i]! * Math.exp(0.6 * zVol - 0.18) * (0.4 + 0.6 * Math.min(Math.abs(r) / Math.max(sigmaEff, 1e-12), 6));
    v = roundTo(Math.max(v, 0), volDec);
    ts[rows] = spec.startMs + i * MINUTE_MS;
    open[rows] = o;
    close[rows] = cl;
    high[rows] = Math.max(roundTo(hi, dec), o, cl);
    low[rows] = Math.max(Math.min(roundTo(lo, dec), o, cl), Math.min(tick, o, cl));
    volume[rows] = v;
    trades[rows] = v === 0 ? 0 : Math.max(1, Math.round((v / tradeSize) * Math.exp(0.3 * zTr)));
    prevClose = cl;
    rows++;
  }
  return {
    symbol,
    ts: ts.slice(0, rows),
    open: open.slice(0, rows),
    high: high.slice(0, rows),
    low: low.slice(0, rows),
    close: close.slice(0, rows),
    volume: volume.slice(0, rows),
    trades: trades.slice(0, rows),
  };
}
