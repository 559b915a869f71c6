/**
 * Nothing half-written: every output is written to a temp path beside its destination and renamed
 * into place when complete. Temp paths are tracked so that a failure or an interrupt removes them.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, rmdirSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CgqError } from '../errors.js';
import { makeDirs } from './make-dirs.js';

const tracked = new Set<string>();

/** A fresh temp path in the same directory as `dest` (same file system, so rename is atomic). */
export function tempPathFor(dest: string): string {
  return join(dirname(dest), `.${basename(dest)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export function trackTemp(path: string): string {
  tracked.add(path);
  return path;
}

export function untrackTemp(path: string): void {
  tracked.delete(path);
}

/** Directories created for staged outputs (StagedFiles), removed again if the output is dropped. */
const createdDirs = new Set<string>();

/** Remove what `dirs` holds that is an empty directory, deepest first (best effort). */
export function removeEmptyDirs(dirs: Iterable<string>): void {
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(d);
    } catch {
      // not empty (something else was written there) or already gone: leave it
    }
  }
}

/** Remove every tracked temp file or directory (failure and interrupt paths). */
export function removeTrackedTemps(): void {
  for (const p of tracked) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // best effort: the process is failing anyway
    }
  }
  tracked.clear();
  removeEmptyDirs(createdDirs);
  createdDirs.clear();
}

/**
 * Refuse, before any work, an output path the final rename could only fail on or that would
 * replace an input: an existing directory, or one of `inputs` itself (the same file, by inode).
 */
export function checkOutputPath(dest: string, flag: string, inputs: readonly string[] = []): void {
  const at = statOrUndefined(dest);
  if (!at) return;
  if (at.isDirectory()) throw new CgqError('USAGE', `${flag} ${dest}: is a directory; give a file path`);
  for (const input of inputs) {
    const st = statOrUndefined(input);
    if (st && st.dev === at.dev && st.ino === at.ino) throw new CgqError('USAGE', `${flag} ${dest}: is the input file ${input}; write the output elsewhere`);
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** Write `data` to `dest` atomically (temp + rename), creating the directory. */
export async function writeFileAtomic(dest: string, data: string | Uint8Array): Promise<void> {
  makeDirs(dirname(dest));
  const tmp = trackTemp(tempPathFor(dest));
  try {
    await writeFile(tmp, data);
    await rename(tmp, dest);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    untrackTemp(tmp);
  }
}

/**
 * Several files as one output, staged as they are produced: `stage` writes a file to its temp
 * path at once (so its bytes need not stay in memory), `commit` renames every staged file into
 * place, `discard` removes them. Until `commit`, no destination is touched, so a failure or an
 * interrupt (tracked temps) leaves none of them.
 */
export class StagedFiles {
  private readonly staged: { tmp: string; dest: string }[] = [];
  /** The directories staging created (dropped with the output when they stay empty). */
  private readonly dirs: string[] = [];

  async stage(dest: string, data: Uint8Array): Promise<void> {
    const dir = resolve(dirname(dest));
    const first = makeDirs(dir);
    // makeDirs returns the topmost directory it created; every level from there down is new.
    for (let d = dir; first !== undefined && d.length >= first.length; d = dirname(d)) {
      this.dirs.push(d);
      createdDirs.add(d);
    }
    const tmp = trackTemp(tempPathFor(dest));
    this.staged.push({ tmp, dest });
    await writeFile(tmp, data);
  }

  async commit(): Promise<void> {
    for (const f of this.staged) {
      await rename(f.tmp, f.dest);
      untrackTemp(f.tmp);
    }
    this.staged.length = 0;
    this.forgetDirs();
  }

  async discard(): Promise<void> {
    for (const f of this.staged) {
      await rm(f.tmp, { force: true });
      untrackTemp(f.tmp);
    }
    this.staged.length = 0;
    removeEmptyDirs(this.dirs);
    this.forgetDirs();
  }

  private forgetDirs(): void {
    for (const d of this.dirs) createdDirs.delete(d);
    this.dirs.length = 0;
  }
}

export function writeFileAtomicSync(dest: string, data: string | Uint8Array): void {
  makeDirs(dirname(dest));
  const tmp = trackTemp(tempPathFor(dest));
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    untrackTemp(tmp);
  }
}
