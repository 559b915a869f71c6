/**
 * `cgq lake verify`: walk the whole lake and check every day folder against its manifest — each
 * listed file present, of the listed size and SHA-256; no file the manifest does not list; the
 * manifest readable and its times inside the folder's day; _SUCCESS present. Anything that does
 * not fit the layout (stray files, leftover temp folders of an interrupted write) is reported too.
 * Problems are collected, not thrown, so one run lists them all.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { CgqError } from '../../errors.js';
import { SYMBOL_RE } from '../../cli/options.js';
import { parseManifest, type ManifestEntry } from './manifest.js';
import { dayEndMs, dayFromFolders, dayStartMs, DAY_RE, MANIFEST_FILE, MONTH_RE, partFileName, SUCCESS_FILE, TF_RE, YEAR_RE } from './paths.js';
import { assertLakeRoot, tfDir } from './scan.js';

export interface VerifyProblem {
  /** Path relative to the lake root. */
  path: string;
  problem: string;
}

export interface VerifyReport {
  root: string;
  timeframes: string[];
  symbols: number;
  days: number;
  files: number;
  rows: number;
  bytes: number;
  problems: VerifyProblem[];
}

/** Temp names from `tempPathFor`: `.<name>.tmp-<pid>-<hex>`. */
const TEMP_RE = /^\.(.+)\.tmp-\d+-[0-9a-f]+$/;

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    throw new CgqError('IO', `reading ${dir}: ${(e as Error).message}`, { cause: e });
  }
}

class Walker {
  readonly report: VerifyReport;
  constructor(readonly root: string) {
    this.report = { root, timeframes: [], symbols: 0, days: 0, files: 0, rows: 0, bytes: 0, problems: [] };
  }

  problem(path: string, problem: string): void {
    this.report.problems.push({ path: relative(this.root, path) || '.', problem });
  }

  /** Subfolders matching `re`; every other entry is a problem. */
  children(dir: string, re: RegExp, expected: string): string[] {
    const out: string[] = [];
    for (const e of entries(dir)) {
      if (e.isDirectory() && re.test(e.name)) out.push(e.name);
      else if (TEMP_RE.test(e.name)) this.problem(join(dir, e.name), this.tempAdvice(dir, e.name));
      else this.problem(join(dir, e.name), `unexpected ${e.isDirectory() ? 'folder' : 'file'} (expected ${expected})`);
    }
    return out;
  }

  /**
   * A temp folder is normally debris of an interrupted write. Only a replace killed between its
   * two renames leaves the old complete day aside with its folder missing: say how to restore it.
   */
  tempAdvice(dir: string, name: string): string {
    const target = TEMP_RE.exec(name)![1]!;
    if (DAY_RE.test(target) && !existsSync(join(dir, target)) && existsSync(join(dir, name, SUCCESS_FILE))) {
      return `complete day set aside by an interrupted replace, and ${target} is missing: rename this folder to ${target}`;
    }
    return 'leftover temp folder of an interrupted write (safe to delete)';
  }

  tf(dir: string): void {
    for (const sym of this.children(dir, SYMBOL_RE, 'symbol folders')) {
      this.report.symbols++;
      const sdir = join(dir, sym);
      for (const y of this.children(sdir, YEAR_RE, 'y=YYYY folders')) {
        for (const m of this.children(join(sdir, y), MONTH_RE, 'm=MM folders')) {
          for (const d of this.children(join(sdir, y, m), DAY_RE, 'd=DD folders')) {
            const ddir = join(sdir, y, m, d);
            const day = dayFromFolders(y, m, d);
            if (day === undefined) this.problem(ddir, 'not a real calendar day');
            else this.day(ddir, day);
          }
        }
      }
    }
  }

  day(dir: string, day: string): void {
    this.report.days++;
    const names = new Set(entries(dir).map((e) => e.name));
    if (!names.has(SUCCESS_FILE)) this.problem(dir, 'missing _SUCCESS (incomplete day: readers skip it)');
    let manifest: ManifestEntry[] | undefined;
    if (!names.has(MANIFEST_FILE)) this.problem(dir, 'missing MANIFEST.tsv');
    else {
      try {
        manifest = parseManifest(readFileSync(join(dir, MANIFEST_FILE), 'utf8'), MANIFEST_FILE);
      } catch (e) {
        this.problem(join(dir, MANIFEST_FILE), `unreadable manifest: ${(e as Error).message}`);
      }
    }
    const listed = new Set<string>();
    for (const m of manifest ?? []) {
      listed.add(m.file);
      this.entry(dir, day, m, names.has(m.file));
    }
    for (const name of names) {
      if (name === SUCCESS_FILE || name === MANIFEST_FILE || listed.has(name)) continue;
      // Without a readable manifest the files cannot be checked; say so once per file.
      this.problem(join(dir, name), manifest ? 'file not in MANIFEST.tsv' : 'file not covered by a readable MANIFEST.tsv');
    }
  }

  entry(dir: string, day: string, m: ManifestEntry, present: boolean): void {
    const path = join(dir, m.file);
    if (m.file !== partFileName(day)) this.problem(path, `listed in MANIFEST.tsv, but day ${day}'s file is ${partFileName(day)}`);
    if (!(m.minTs >= dayStartMs(day)! && m.maxTs < dayEndMs(day) && m.minTs <= m.maxTs)) {
      this.problem(path, `MANIFEST.tsv times ${new Date(m.minTs).toISOString()}..${new Date(m.maxTs).toISOString()} are not inside day ${day}`);
    }
    if (!present) {
      this.problem(path, 'missing file (listed in MANIFEST.tsv)');
      return;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      this.problem(path, `unreadable: ${(e as Error).message}`);
      return;
    }
    this.report.files++;
    this.report.bytes += bytes.length;
    this.report.rows += m.rows;
    if (bytes.length !== m.bytes) {
      this.problem(path, `size ${bytes.length} B, MANIFEST.tsv says ${m.bytes} B`);
      return; // the content differs; a hash line would say nothing more
    }
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== m.sha256) this.problem(path, `sha256 ${sha} does not match MANIFEST.tsv (${m.sha256})`);
  }
}

/** Verify every day of every timeframe under `root` (or only `opts.tf`, leaving the root's other entries alone). */
export function verifyLake(root: string, opts: { tf?: string } = {}): VerifyReport {
  assertLakeRoot(root);
  const w = new Walker(root);
  let tfs: string[];
  if (opts.tf !== undefined) {
    tfDir(root, opts.tf); // LAKE_LAYOUT when absent, naming the timeframes present
    tfs = [opts.tf];
  } else {
    tfs = w.children(root, TF_RE, 'timeframe folders such as 1m');
    if (tfs.length === 0) throw new CgqError('LAKE_LAYOUT', `${root} is not a cgq lake: no timeframe folder such as 1m/ in it`);
  }
  w.report.timeframes = tfs;
  for (const tf of tfs) w.tf(join(root, tf));
  return w.report;
}
