/**
 * `cgq lake ls`: what one timeframe of the lake holds, per symbol — complete days, first and last
 * day, rows (from the manifests, no Parquet decoding) — and days without _SUCCESS, which readers
 * skip.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgqError } from '../../errors.js';
import { parseManifest } from './manifest.js';
import { DEFAULT_TF, MANIFEST_FILE } from './paths.js';
import { lakeSymbols, symbolDays, tfDir } from './scan.js';

export interface SymbolListing {
  symbol: string;
  /** Complete days (with _SUCCESS). */
  days: number;
  firstDay: string | null;
  lastDay: string | null;
  rows: number;
  /** Day folders without _SUCCESS (skipped by readers). */
  incompleteDays: number;
}

export interface LakeListing {
  root: string;
  tf: string;
  symbols: SymbolListing[];
  total: { symbols: number; days: number; rows: number; incompleteDays: number };
}

export function listLake(root: string, opts: { tf?: string } = {}): LakeListing {
  const tf = opts.tf ?? DEFAULT_TF;
  const base = tfDir(root, tf);
  const out: LakeListing = { root, tf, symbols: [], total: { symbols: 0, days: 0, rows: 0, incompleteDays: 0 } };
  for (const symbol of lakeSymbols(root, tf)) {
    const s: SymbolListing = { symbol, days: 0, firstDay: null, lastDay: null, rows: 0, incompleteDays: 0 };
    for (const d of symbolDays(join(base, symbol), symbol)) {
      if (!d.complete) {
        s.incompleteDays++;
        continue;
      }
      const mpath = join(d.dir, MANIFEST_FILE);
      let text: string;
      try {
        text = readFileSync(mpath, 'utf8');
      } catch (e) {
        throw new CgqError('LAKE_CORRUPT', `${mpath}: cannot read the manifest of a complete day (${(e as Error).message}); run \`cgq lake verify ${root}\``);
      }
      for (const m of parseManifest(text, mpath)) s.rows += m.rows;
      s.days++;
      s.firstDay ??= d.day;
      s.lastDay = d.day;
    }
    out.symbols.push(s);
    out.total.symbols++;
    out.total.days += s.days;
    out.total.rows += s.rows;
    out.total.incompleteDays += s.incompleteDays;
  }
  return out;
}
