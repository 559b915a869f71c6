/**
 * A persistent cache of CEEMDAN's noise-realisation EMDs (opt-in: `--noise-cache DIR`).
 *
 * The rows depend only on (n, trials, seed, EMD settings, kernel build), and a research routine
 * re-runs the IMF stage on windows of the same length day after day, so the noise EMDs (about
 * 45 % of a single series' work) need computing once, not once per run. A run that finds its
 * entry reads row k of every realisation at stage k; a run that does not records every row it
 * computes, finishes the realisations' EMDs after its series are done, and publishes the entry
 * atomically (temp dir, then rename; `_SUCCESS` is written before the rename and checked by
 * readers). A damaged entry (size or sha256 mismatch) is reported and rebuilt, never used.
 *
 * Entry: <dir>/ceemdan-noise-n<n>-t<trials>-s<seed>-<key 12 hex>/
 *   row-000.f64 …   trials × n little-endian f64 (stage k's row of every realisation; zeros where
 *                   a realisation's EMD has no row k)
 *   meta.json       the key fields, rowsOf[t] (rows realisation t's EMD has), s0[t] (std of its
 *                   first row), siftings per row file, sha256 per row file
 *   _SUCCESS
 * The key hashes the settings and the kernel module's bytes, so a rebuilt kernel never reads rows
 * an older one wrote. Those orphans, and entries of lengths no longer used, are why a directory
 * has a size cap (pruneNoiseCache): entries go least recently used first, a read being a use.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CgqError } from '../errors.js';
import { KERNELS_WASM } from '../paths.js';
import { SUCCESS_FILE } from '../io/lake/paths.js';
import { removeEmptyDirs } from '../io/atomic.js';
import { makeDirs } from '../io/make-dirs.js';
import type { EmdSettings } from './settings.js';

/** Bump when the entry layout or the meaning of a row changes. */
const FORMAT = 1;

/** Directory name prefixes under a cache root: entries, entries being built, entries being removed. */
const ENTRY_PREFIX = 'ceemdan-noise-';
const TEMP_PREFIX = '.tmp-noise-';
const EVICT_PREFIX = '.evict-';

export interface NoiseKey {
  n: number;
  trials: number;
  seed: number;
  emd: EmdSettings;
}

interface NoiseMeta {
  format: number;
  key: string;
  n: number;
  trials: number;
  seed: number;
  emd: EmdSettings;
  rowsOf: number[];
  s0: number[];
  sifts: number[];
  sha256: string[];
}

let wasmDigest: string | undefined;

function kernelDigest(): string {
  wasmDigest ??= createHash('sha256').update(readFileSync(KERNELS_WASM)).digest('hex');
  return wasmDigest;
}

/** The entry's identity: every input the noise EMDs depend on. */
export function noiseKeyHash(k: NoiseKey): string {
  const emd = Object.fromEntries(Object.entries(k.emd).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(JSON.stringify({ format: FORMAT, n: k.n, trials: k.trials, seed: k.seed, emd, kernels: kernelDigest() })).digest('hex');
}

export function noiseEntryDir(root: string, k: NoiseKey): string {
  return join(root, `${ENTRY_PREFIX}n${k.n}-t${k.trials}-s${k.seed}-${noiseKeyHash(k).slice(0, 12)}`);
}

const rowFile = (st: number) => `row-${String(st).padStart(3, '0')}.f64`;

function ioError(what: string, e: unknown): CgqError {
  return new CgqError('IO', `noise cache: ${what}: ${(e as Error).message}`, { cause: e });
}

/** A verified entry, read stage by stage. */
export class NoiseCacheReader {
  private constructor(
    readonly dir: string,
    private readonly meta: NoiseMeta,
    private readonly fds: number[],
  ) {}

  /** Rows realisation t's EMD has (it has row k iff k < rowsOf[t]). */
  get rowsOf(): readonly number[] {
    return this.meta.rowsOf;
  }

  get s0(): readonly number[] {
    return this.meta.s0;
  }

  /** Siftings the entry's rows cost when they were computed. */
  get sifts(): number {
    return this.meta.sifts.reduce((a, b) => a + b, 0);
  }

  /**
   * Open and verify the entry for `key` under `root`: the reader, or why it cannot be used
   * ('absent' when there is none yet).
   */
  static open(root: string, key: NoiseKey): NoiseCacheReader | { reason: string } {
    const dir = noiseEntryDir(root, key);
    if (!existsSync(join(dir, SUCCESS_FILE))) return { reason: existsSync(dir) ? `${dir} has no _SUCCESS marker` : 'absent' };
    let meta: NoiseMeta;
    try {
      meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as NoiseMeta;
    } catch (e) {
      return { reason: `${join(dir, 'meta.json')} is unreadable (${(e as Error).message})` };
    }
    if (meta.format !== FORMAT || meta.key !== noiseKeyHash(key) || meta.rowsOf?.length !== key.trials || meta.s0?.length !== key.trials) {
      return { reason: `${join(dir, 'meta.json')} does not describe this run's noise` };
    }
    // Every row file is opened (and verified through its descriptor) now: another run evicting
    // the entry later unlinks the names, not the open files, so this run reads on unharmed.
    const bytes = key.trials * key.n * 8;
    const buf = Buffer.allocUnsafe(Math.min(bytes, 16 << 20));
    const fds: number[] = [];
    const fail = (reason: string) => {
      for (const fd of fds) closeSync(fd);
      return { reason };
    };
    for (let st = 0; st < meta.sha256.length; st++) {
      const path = join(dir, rowFile(st));
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch (e) {
        return fail(`${path} cannot be opened (${(e as Error).message})`);
      }
      fds.push(fd);
      if (fstatSync(fd).size !== bytes) return fail(`${path} has the wrong size`);
      const h = createHash('sha256');
      for (let pos = 0; pos < bytes; ) {
        const got = readSync(fd, buf, 0, Math.min(buf.length, bytes - pos), pos);
        if (got <= 0) return fail(`${path} ended early`);
        h.update(buf.subarray(0, got));
        pos += got;
      }
      if (h.digest('hex') !== meta.sha256[st]) return fail(`${path} does not match its sha256 in meta.json`);
    }
    markUsed(dir);
    return new NoiseCacheReader(dir, meta, fds);
  }

  /** Stage st's rows of every realisation into `dest` (trials × n f64); false when no realisation has one. */
  loadStage(st: number, dest: Uint8Array): boolean {
    if (st >= this.meta.sha256.length) return false;
    const fd = this.fds[st];
    if (fd === undefined) throw new CgqError('INTERNAL', `noise cache: ${this.dir} was read after it was closed`);
    try {
      for (let pos = 0; pos < dest.length; ) {
        const got = readSync(fd, dest, pos, dest.length - pos, pos);
        if (got <= 0) throw new Error('file ended early');
        pos += got;
      }
    } catch (e) {
      throw ioError(`reading ${join(this.dir, rowFile(st))}`, e);
    }
    return true;
  }

  /** Close the row files (idempotent). */
  close(): void {
    for (const fd of this.fds) closeSync(fd);
    this.fds.length = 0;
  }
}

/** Records the rows a run computes and publishes them as an entry. */
export class NoiseCacheWriter {
  private readonly tmp: string;
  private readonly fds: number[] = [];
  private readonly rowsOf: Int32Array;
  private readonly s0: Float64Array;
  private readonly sifts: number[] = [];
  private readonly rowBytes: number;
  /** Directories above the temp one that this writer created (the cache root on a first run). */
  private readonly createdDirs: string[] = [];

  constructor(
    private readonly root: string,
    private readonly key: NoiseKey,
  ) {
    this.rowBytes = key.n * 8;
    this.rowsOf = new Int32Array(key.trials).fill(-1);
    this.s0 = new Float64Array(key.trials).fill(NaN);
    this.tmp = join(root, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      // makeDirs returns the topmost directory it created: the levels above tmp from there are new.
      const first = makeDirs(this.tmp);
      for (let d = dirname(this.tmp); first !== undefined && first !== this.tmp; d = dirname(d)) {
        this.createdDirs.push(d);
        if (d === first || dirname(d) === d) break;
      }
    } catch (e) {
      throw ioError(`creating ${this.tmp}`, e);
    }
  }

  /** Realisation t's row of stage st (n f64 bytes). */
  putRow(st: number, t: number, row: Uint8Array, std?: number): void {
    let fd = this.fds[st];
    try {
      if (fd === undefined) {
        fd = openSync(join(this.tmp, rowFile(st)), 'w+');
        ftruncateSync(fd, this.key.trials * this.rowBytes);
        this.fds[st] = fd;
      }
      writeSync(fd, row, 0, this.rowBytes, t * this.rowBytes);
    } catch (e) {
      throw ioError(`writing ${join(this.tmp, rowFile(st))}`, e);
    }
    if (st === 0 && std !== undefined) this.s0[t] = std;
  }

  /** Realisation t's EMD ended: it has exactly `rows` rows. */
  ended(t: number, rows: number): void {
    this.rowsOf[t] = rows;
  }

  /** Whether realisation t's EMD still needs rows for the entry to be complete. */
  open(t: number): boolean {
    return this.rowsOf[t]! < 0;
  }

  addSifts(st: number, k: number): void {
    this.sifts[st] = (this.sifts[st] ?? 0) + k;
  }

  /** Close the files and move the entry into place (replacing a damaged one, keeping a valid one another run published). */
  publish(): string {
    const files = this.fds.length;
    for (let t = 0; t < this.key.trials; t++) {
      if (this.rowsOf[t]! < 0) throw new CgqError('INTERNAL', `noise cache: realisation ${t} was not finished before publishing`);
    }
    this.closeFiles();
    const sha256: string[] = [];
    for (let st = 0; st < files; st++) sha256.push(createHash('sha256').update(readFileSync(join(this.tmp, rowFile(st)))).digest('hex'));
    const meta: NoiseMeta = {
      format: FORMAT,
      key: noiseKeyHash(this.key),
      n: this.key.n,
      trials: this.key.trials,
      seed: this.key.seed,
      emd: this.key.emd,
      rowsOf: [...this.rowsOf],
      s0: [...this.s0],
      sifts: Array.from({ length: files }, (_, st) => this.sifts[st] ?? 0),
      sha256,
    };
    const dest = noiseEntryDir(this.root, this.key);
    try {
      writeFileSync(join(this.tmp, 'meta.json'), JSON.stringify(meta, null, 1) + '\n');
      writeFileSync(join(this.tmp, SUCCESS_FILE), '');
      const published = existsSync(dest) ? NoiseCacheReader.open(this.root, this.key) : undefined;
      if (published instanceof NoiseCacheReader) {
        // Another run published the same (verified) entry meanwhile: keep it, readers may be using it.
        published.close();
        rmSync(this.tmp, { recursive: true, force: true });
        return dest;
      }
      if (existsSync(dest)) {
        const old = `${this.tmp}-old`;
        renameSync(dest, old);
        rmSync(old, { recursive: true, force: true });
      }
      renameSync(this.tmp, dest);
    } catch (e) {
      this.abort();
      throw ioError(`publishing ${dest}`, e);
    }
    return dest;
  }

  /**
   * Drop the partial entry (a failed or interrupted run), and the directories this writer created
   * if they are empty, so a first run that fails leaves no empty cache directory.
   */
  abort(): void {
    this.closeFiles();
    rmSync(this.tmp, { recursive: true, force: true });
    removeEmptyDirs(this.createdDirs);
  }

  private closeFiles(): void {
    for (const fd of this.fds) if (fd !== undefined) closeSync(fd);
    this.fds.length = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Lifecycle: the entries a directory holds, their last use, and eviction under a size cap

/** Default cap on a cache directory's entries (`--noise-cache-max-gib`): room for about nine entries of n = 129,600 and 100 trials. */
export const DEFAULT_NOISE_CACHE_MAX_GIB = 16;

/** A temp directory untouched this long belongs to a run that died (a build takes minutes). */
const STALE_TEMP_MS = 24 * 3600 * 1000;
/** An entry renamed aside for removal this long ago was left by a run that died while removing it. */
const STALE_EVICT_MS = 3600 * 1000;

/**
 * Record a use of an entry: its `_SUCCESS` marker's mtime is the entry's last use, which orders
 * eviction. A read-only cache directory is fine: its entries are then never reordered.
 */
function markUsed(dir: string): void {
  try {
    const now = new Date();
    utimesSync(join(dir, SUCCESS_FILE), now, now);
  } catch {
    // Not ours to write: the entry keeps its old last-use time.
  }
}

export interface NoiseEntryInfo {
  /** Directory name under the cache root. */
  name: string;
  bytes: number;
  /** Last use (ms since the epoch): `_SUCCESS`'s mtime, or the directory's for an entry without one. */
  lastUsedMs: number;
}

/** Bytes for a notice: GiB from 1 GiB up, MiB below. */
function sizeText(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function dirBytes(path: string): number {
  let total = 0;
  for (const f of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, f.name);
    total += f.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** The entries under `root`, least recently used first (none when the directory does not exist). */
export function listNoiseCache(root: string): NoiseEntryInfo[] {
  if (!existsSync(root)) return [];
  const out: NoiseEntryInfo[] = [];
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (!d.isDirectory() || !d.name.startsWith(ENTRY_PREFIX)) continue;
    const path = join(root, d.name);
    try {
      const marker = join(path, SUCCESS_FILE);
      out.push({ name: d.name, bytes: dirBytes(path), lastUsedMs: statSync(existsSync(marker) ? marker : path).mtimeMs });
    } catch {
      // Removed by another run while listing.
    }
  }
  return out.sort((a, b) => a.lastUsedMs - b.lastUsedMs || (a.name < b.name ? -1 : 1));
}

export interface PruneOptions {
  /** Cap on the entries' total bytes; 0 or Infinity: no cap. */
  maxBytes: number;
  /** Entry directory never evicted (the one this run uses). */
  keep?: string;
  log?: (line: string) => void;
  /** Clock for the temp-directory age test (tests). */
  nowMs?: number;
}

/**
 * Bring `root` under its cap: evict whole entries, least recently used first (never `keep`), and
 * drop what dead runs left (temp directories untouched for a day, entries renamed aside for
 * removal over an hour ago). An entry
 * is renamed out of the way before it is removed, so no run finds half of it; runs already
 * reading it hold its files open. Failures are reported, not thrown: the run's own results
 * are not at stake.
 */
export function pruneNoiseCache(root: string, o: PruneOptions): { evicted: string[]; freedBytes: number } {
  const evicted: string[] = [];
  let freedBytes = 0;
  const log = o.log ?? (() => {});
  const remove = (name: string): boolean => {
    const doomed = join(root, `${EVICT_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      renameSync(join(root, name), doomed);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log(`noise cache: cannot evict ${join(root, name)}: ${(e as Error).message}`);
      return false;
    }
    try {
      rmSync(doomed, { recursive: true, force: true });
    } catch (e) {
      log(`noise cache: ${join(root, name)} is out of use but not fully removed (${(e as Error).message}); a later run removes ${doomed}`);
    }
    return true;
  };
  try {
    if (!existsSync(root)) return { evicted, freedBytes };
    const now = o.nowMs ?? Date.now();
    for (const d of readdirSync(root, { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      const path = join(root, d.name);
      // A temp directory is old by its mtime (a build creates its files early); a renamed-aside
      // entry by its ctime (set by the rename), so a removal another run has under way is left to it.
      const leftover = d.name.startsWith(TEMP_PREFIX) ? 'mtimeMs' : d.name.startsWith(EVICT_PREFIX) ? 'ctimeMs' : undefined;
      if (leftover === undefined) continue;
      try {
        if (now - statSync(path)[leftover] <= (leftover === 'mtimeMs' ? STALE_TEMP_MS : STALE_EVICT_MS)) continue;
        rmSync(path, { recursive: true, force: true });
        log(`noise cache: removed ${path}, left by a run that did not finish`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log(`noise cache: cannot remove ${path}: ${(e as Error).message}`);
      }
    }
    if (!(o.maxBytes > 0) || o.maxBytes === Infinity) return { evicted, freedBytes };
    const entries = listNoiseCache(root);
    let total = entries.reduce((a, e) => a + e.bytes, 0);
    for (const e of entries) {
      if (total <= o.maxBytes) break;
      if (e.name === o.keep) continue;
      if (!remove(e.name)) continue;
      total -= e.bytes;
      freedBytes += e.bytes;
      evicted.push(e.name);
      log(`noise cache: evicted ${e.name} (${sizeText(e.bytes)}, last used ${new Date(e.lastUsedMs).toISOString()}) to stay under ${sizeText(o.maxBytes)}`);
    }
  } catch (e) {
    log(`noise cache: cannot prune ${root}: ${(e as Error).message}`);
  }
  return { evicted, freedBytes };
}
