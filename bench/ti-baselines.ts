/**
 * The `technicalindicators` (devDependency) baselines of `cgq bench kernels`: for each registry
 * kernel the library has an equivalent of, one call computing it over the same bars (as the
 * library's number[] inputs, converted once outside the timing). Loaded dynamically, so `cgq
 * bench` works without devDependencies (the baselines are then skipped with a note).
 */
import type { KernelParams } from '../src/kernels/types.js';
import type { BenchBars } from './data.js';

export interface TiBars {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export type TiCall = (b: TiBars, p: KernelParams) => unknown;

export interface TiBaselines {
  version: string;
  calls: Record<string, TiCall>;
  bars: (b: BenchBars) => TiBars;
}

interface TiModule {
  SMA: { calculate(i: object): unknown };
  EMA: { calculate(i: object): unknown };
  WEMA: { calculate(i: object): unknown };
  RSI: { calculate(i: object): unknown };
  ATR: { calculate(i: object): unknown };
  ADX: { calculate(i: object): unknown };
  MACD: { calculate(i: object): unknown };
  BollingerBands: { calculate(i: object): unknown };
  Stochastic: { calculate(i: object): unknown };
  OBV: { calculate(i: object): unknown };
  CCI: { calculate(i: object): unknown };
  VWAP: { calculate(i: object): unknown };
  ROC: { calculate(i: object): unknown };
}

/** The baselines, or undefined when the package is not installed. */
export async function loadTiBaselines(): Promise<TiBaselines | undefined> {
  let ti: TiModule;
  let version = 'unknown';
  try {
    const name = 'technicalindicators';
    const mod = (await import(name)) as { default?: TiModule } & TiModule;
    ti = mod.default ?? mod;
    const { createRequire } = await import('node:module');
    version = (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
  const calls: Record<string, TiCall> = {
    sma: (b, p) => ti.SMA.calculate({ period: p.period, values: b.close }),
    ema: (b, p) => ti.EMA.calculate({ period: p.span, values: b.close }),
    // The library's WilderSmoothing is not exported from its entry point; WEMA is Wilder's EMA.
    wilder: (b, p) => ti.WEMA.calculate({ period: p.period, values: b.close }),
    rsi: (b, p) => ti.RSI.calculate({ period: p.period, values: b.close }),
    atr: (b, p) => ti.ATR.calculate({ period: p.period, high: b.high, low: b.low, close: b.close }),
    adx: (b, p) => ti.ADX.calculate({ period: p.period, high: b.high, low: b.low, close: b.close }),
    macd: (b, p) => ti.MACD.calculate({ fastPeriod: p.fast, slowPeriod: p.slow, signalPeriod: p.signal, values: b.close, SimpleMAOscillator: false, SimpleMASignal: false }),
    bollinger: (b, p) => ti.BollingerBands.calculate({ period: p.period, stdDev: p.num_std, values: b.close }),
    stochastic: (b, p) => ti.Stochastic.calculate({ period: p.period, signalPeriod: p.d_period, high: b.high, low: b.low, close: b.close }),
    obv: (b) => ti.OBV.calculate({ close: b.close, volume: b.volume }),
    cci: (b, p) => ti.CCI.calculate({ period: p.period, high: b.high, low: b.low, close: b.close }),
    vwap: (b) => ti.VWAP.calculate({ high: b.high, low: b.low, close: b.close, volume: b.volume }),
    roc: (b, p) => ti.ROC.calculate({ period: p.period, values: b.close }),
  };
  const bars = (b: BenchBars): TiBars => ({ open: Array.from(b.open), high: Array.from(b.high), low: Array.from(b.low), close: Array.from(b.close), volume: Array.from(b.volume) });
  return { version, calls, bars };
}
