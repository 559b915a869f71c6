/**
 * EMD and CEEMDAN settings: PyEMD 1.10.2's defaults (the parity mode) and the libeemd-style
 * S-number stopping rule, validated once and written into the f64 block the kernels read
 * (assembly/emd/sift.ts CFG_*).
 */
import { CgqError } from '../errors.js';

/** How one IMF's sifting stops: PyEMD's rules (default) or libeemd's S-number rule. */
export type StopRule = 'pyemd' | 's-number';

export interface EmdSettings {
  stop: StopRule;
  /** PyEMD MAX_ITERATION: at most this many − 1 siftings per IMF (pyemd rule). */
  maxIteration: number;
  /** check_imf thresholds (pyemd rule). */
  stdThr: number;
  svarThr: number;
  energyRatioThr: number;
  /** EMD end condition: stop when the residue's sum|r| / range fall below these. */
  totalPowerThr: number;
  rangeThr: number;
  /** S-number rule: counts stable for this many siftings (libeemd default 4) ... */
  sNumber: number;
  /** ... or at most this many siftings (libeemd default 50; 0 = no cap). */
  maxSiftings: number;
}

/** PyEMD 1.10.2 `EMD()` defaults. */
export const PYEMD_EMD: Readonly<EmdSettings> = Object.freeze({
  stop: 'pyemd',
  maxIteration: 1000,
  stdThr: 0.2,
  svarThr: 0.001,
  energyRatioThr: 0.2,
  totalPowerThr: 0.005,
  rangeThr: 0.001,
  sNumber: 4,
  maxSiftings: 50,
});

export interface CeemdanSettings {
  trials: number;
  epsilon: number;
  /** numpy RandomState seed of the (trials × n) noise matrix. */
  seed: number;
  /** Stop after this many components (−1 = no limit, as PyEMD's max_imf). */
  maxImf: number;
  /** CEEMDAN end condition on the normalised residue. */
  rangeThr: number;
  totalPowerThr: number;
  /** The inner EMD's settings. */
  emd: EmdSettings;
}

/** PyEMD 1.10.2 `CEEMDAN()` defaults, with the seed cgq applies (DECISIONS.md: 1337). */
export const PYEMD_CEEMDAN: Readonly<CeemdanSettings> = Object.freeze({
  trials: 100,
  epsilon: 0.005,
  seed: 1337,
  maxImf: -1,
  rangeThr: 0.01,
  totalPowerThr: 0.05,
  emd: PYEMD_EMD,
});

/** PyEMD's own CEEMDAN loop bound (`_max_imf`): at most 100 stages after the first IMF. */
export const CEEMDAN_MAX_STAGES = 100;

/** f64 slots of the kernels' settings block (assembly/emd/sift.ts CFG_SLOTS). */
export const CFG_SLOTS = 9;
export const CFG_BYTES = 128;

function positive(name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new CgqError('USAGE', `${name} must be a positive number (got ${v})`);
}

function intIn(name: string, v: number, lo: number, hi: number): void {
  if (!(Number.isInteger(v) && v >= lo && v <= hi)) throw new CgqError('USAGE', `${name} must be an integer in [${lo}, ${hi}] (got ${v})`);
}

/** Merge overrides over the defaults and validate; flags are named as the CLI spells them. */
export function emdSettings(over: Partial<EmdSettings> = {}): EmdSettings {
  const s: EmdSettings = { ...PYEMD_EMD, ...stripUndefined(over) };
  if (s.stop !== 'pyemd' && s.stop !== 's-number') throw new CgqError('USAGE', `--stop must be pyemd or s-number (got ${String(s.stop)})`);
  intIn('--max-iteration', s.maxIteration, 2, 1_000_000);
  positive('std_thr', s.stdThr);
  positive('svar_thr', s.svarThr);
  positive('energy_ratio_thr', s.energyRatioThr);
  positive('total_power_thr', s.totalPowerThr);
  positive('range_thr', s.rangeThr);
  intIn('--s-number', s.sNumber, 0, 1000);
  intIn('--max-siftings', s.maxSiftings, 0, 1_000_000);
  if (s.stop === 's-number' && s.sNumber === 0 && s.maxSiftings === 0) {
    throw new CgqError('USAGE', '--stop s-number needs --s-number > 0 or --max-siftings > 0 (both 0 would never stop)');
  }
  return s;
}

export function ceemdanSettings(over: Partial<Omit<CeemdanSettings, 'emd'>> & { emd?: Partial<EmdSettings> } = {}): CeemdanSettings {
  const { emd, ...rest } = over;
  const s: CeemdanSettings = { ...PYEMD_CEEMDAN, ...stripUndefined(rest), emd: emdSettings(emd) };
  intIn('--trials', s.trials, 1, 100_000);
  if (!(Number.isFinite(s.epsilon) && s.epsilon >= 0)) throw new CgqError('USAGE', `--epsilon must be a finite number >= 0 (got ${s.epsilon})`);
  intIn('--seed', s.seed, 0, 0xffffffff);
  if (!(Number.isInteger(s.maxImf) && (s.maxImf === -1 || s.maxImf >= 1))) throw new CgqError('USAGE', `--max-imf must be -1 (no limit) or a positive integer (got ${s.maxImf})`);
  positive('range_thr', s.rangeThr);
  positive('total_power_thr', s.totalPowerThr);
  return s;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Write the kernels' settings block (CFG_SLOTS f64) at `off`. */
export function writeCfg(memory: WebAssembly.Memory, off: number, s: EmdSettings): void {
  new Float64Array(memory.buffer, off, CFG_SLOTS).set([
    s.stop === 's-number' ? 1 : 0,
    s.maxIteration,
    s.stdThr,
    s.svarThr,
    s.energyRatioThr,
    s.totalPowerThr,
    s.rangeThr,
    s.sNumber,
    s.maxSiftings,
  ]);
}
