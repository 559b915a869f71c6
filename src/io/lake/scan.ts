/**
 * Finding what a lake holds, for readers: its timeframes, the symbols of a timeframe, and the day
 * folders of a symbol, pruned to a time range by their y=/m=/d= names before any file is opened.
 * Names that do not fit the layout (hidden temp folders of a write in progress, stray files) are
 * ignored here; `cgq lake verify` reports them.
 */
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { CgqError } from '../../errors.js';
import { SYMBOL_RE } from '../../cli/options.js';
import { assertTf, dayFromFolders, dayStartMs, DAY_RE, MONTH_RE, SUCCESS_FILE, TF_RE, YEAR_RE } from './paths.js';
import { DAY_MS } from '../../engine/partition.js';

export interface LakeDayRef {
  symbol: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  dir: string;
  /** The folder holds _SUCCESS (its write completed). */
  complete: boolean;
}

export interface TimeRange {
  /** Inclusive start, epoch ms. */
  start?: number;
  /** Exclusive end, epoch ms. */
  end?: number;
}

function subdirs(dir: string, re: RegExp): string[] {
  let ents: Dirent[];
  try {
    ents = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new CgqError('IO', `reading ${dir}: ${(e as Error).message}`, { cause: e });
  }
  return ents
    .filter((e) => e.isDirectory() && re.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** Fail clearly unless `root` is an existing folder. */
export function assertLakeRoot(root: string): void {
  if (!existsSync(root)) throw new CgqError('INPUT_MISSING', `lake ${root} does not exist (write bars with \`cgq synth\` or \`cgq load\`, or pass --lake)`);
  if (!statSync(root).isDirectory()) throw new CgqError('LAKE_LAYOUT', `lake ${root} is not a folder`);
}

/** The timeframe folders of a lake (e.g. ['1m']). */
export function lakeTimeframes(root: string): string[] {
  assertLakeRoot(root);
  return subdirs(root, TF_RE);
}

/** `<root>/<tf>`, or a LAKE_LAYOUT error naming the timeframes the lake does have. */
export function tfDir(root: string, tf: string): string {
  assertTf(tf);
  const tfs = lakeTimeframes(root);
  if (!tfs.includes(tf)) {
    throw new CgqError(
      'LAKE_LAYOUT',
      tfs.length
        ? `lake ${root} has no ${tf} bars (timeframes present: ${tfs.join(', ')}; use --tf)`
        : `${root} is not a cgq lake: no timeframe folder such as ${tf}/ in it`,
    );
  }
  return join(root, tf);
}

/** Symbol folders of `<root>/<tf>`, ascending. */
export function lakeSymbols(root: string, tf: string): string[] {
  return subdirs(tfDir(root, tf), SYMBOL_RE).filter((s) => s !== '.' && s !== '..');
}

function overlaps(lo: number, hi: number, r: TimeRange): boolean {
  return (r.end === undefined || lo < r.end) && (r.start === undefined || hi > r.start);
}

/**
 * The day folders of one symbol whose UTC day overlaps [start, end), ascending. Years and months
 * outside the range are skipped without listing them. A missing symbol folder gives [].
 */
export function symbolDays(symDir: string, symbol: string, range: TimeRange = {}): LakeDayRef[] {
  if (!existsSync(symDir)) return [];
  const out: LakeDayRef[] = [];
  for (const y of subdirs(symDir, YEAR_RE)) {
    const year = Number(y.slice(2));
    if (!overlaps(Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1), range)) continue;
    for (const m of subdirs(join(symDir, y), MONTH_RE)) {
      const month = Number(m.slice(2)) - 1;
      if (!overlaps(Date.UTC(year, month, 1), Date.UTC(year, month + 1, 1), range)) continue;
      for (const d of subdirs(join(symDir, y, m), DAY_RE)) {
        const day = dayFromFolders(y, m, d);
        if (day === undefined) continue;
        const t0 = dayStartMs(day)!;
        if (!overlaps(t0, t0 + DAY_MS, range)) continue;
        const dir = join(symDir, y, m, d);
        out.push({ symbol, day, dir, complete: existsSync(join(dir, SUCCESS_FILE)) });
      }
    }
  }
  return out;
}
