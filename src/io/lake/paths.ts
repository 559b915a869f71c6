/**
 * The lake's on-disk layout, in one place:
 *
 *   <root>/<tf>/<SYMBOL>/y=YYYY/m=MM/d=DD/part-YYYYMMDD.parquet
 *                                   .../d=DD/MANIFEST.tsv
 *                                   .../d=DD/_SUCCESS        (written last: the day is complete)
 *
 * Every name that reaches a path is validated here (symbols against ^[A-Z0-9._-]+$, timeframes,
 * days), so no caller can build a path outside the lake.
 */
import { join } from 'node:path';
import { CgqError } from '../../errors.js';
import { assertSymbol } from '../../cli/options.js';
import { DAY_MS } from '../../engine/partition.js';

export const DEFAULT_TF = '1m';
export const MANIFEST_FILE = 'MANIFEST.tsv';
export const SUCCESS_FILE = '_SUCCESS';

export const TF_RE = /^[1-9][0-9]*[smhdw]$/;
export const YEAR_RE = /^y=(\d{4})$/;
export const MONTH_RE = /^m=(\d{2})$/;
export const DAY_RE = /^d=(\d{2})$/;
export const PART_RE = /^part-(\d{8})\.parquet$/;

export function assertTf(tf: string): void {
  if (!TF_RE.test(tf)) throw new CgqError('USAGE', `--tf '${tf}' must be a timeframe such as 1m, 5m, 1h (${TF_RE.source})`);
}

/** A UTC day 'YYYY-MM-DD' as its folder parts and part-file stamp. */
export interface DayParts {
  y: string;
  m: string;
  d: string;
}

export function dayParts(day: string): DayParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m || dayStartMs(day) === undefined) throw new CgqError('INTERNAL', `bad UTC day '${day}'`);
  return { y: m[1]!, m: m[2]!, d: m[3]! };
}

/** Epoch ms of a day's midnight UTC, or undefined when 'YYYY-MM-DD' is not a real date. */
export function dayStartMs(day: string): number | undefined {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return undefined;
  return ms;
}

export function dayEndMs(day: string): number {
  return dayStartMs(day)! + DAY_MS;
}

export function symbolDir(root: string, tf: string, symbol: string): string {
  assertTf(tf);
  assertSymbol(symbol, 'lake');
  return join(root, tf, symbol);
}

export function dayDir(root: string, tf: string, symbol: string, day: string): string {
  const p = dayParts(day);
  return join(symbolDir(root, tf, symbol), `y=${p.y}`, `m=${p.m}`, `d=${p.d}`);
}

export function partFileName(day: string): string {
  const p = dayParts(day);
  return `part-${p.y}${p.m}${p.d}.parquet`;
}

/** The day a y=/m=/d= folder triple names, or undefined when the names are not a real date. */
export function dayFromFolders(yName: string, mName: string, dName: string): string | undefined {
  const y = YEAR_RE.exec(yName)?.[1];
  const m = MONTH_RE.exec(mName)?.[1];
  const d = DAY_RE.exec(dName)?.[1];
  if (!y || !m || !d) return undefined;
  const day = `${y}-${m}-${d}`;
  return dayStartMs(day) === undefined ? undefined : day;
}
