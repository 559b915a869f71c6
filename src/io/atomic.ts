/**
 * Nothing half-written: every output is written to a temp path beside its destination and renamed
 * into place when complete. Temp paths are tracked so that a failure or an interrupt removes them.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, renameSync, mkdirSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
}

/** Write `data` to `dest` atomically (temp + rename), creating the directory. */
export async function writeFileAtomic(dest: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
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
 * Write several files as one output: every file goes to its temp path first, and only when all
 * are written are they renamed into place, so a failure while writing leaves none of them.
 */
export async function writeFilesAtomic(files: readonly { dest: string; data: Uint8Array }[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const f of files) {
      await mkdir(dirname(f.dest), { recursive: true });
      const tmp = trackTemp(tempPathFor(f.dest));
      temps.push(tmp);
      await writeFile(tmp, f.data);
    }
    for (let i = 0; i < files.length; i++) {
      await rename(temps[i]!, files[i]!.dest);
      untrackTemp(temps[i]!);
    }
  } catch (e) {
    for (const t of temps) await rm(t, { force: true });
    throw e;
  } finally {
    for (const t of temps) untrackTemp(t);
  }
}

export function writeFileAtomicSync(dest: string, data: string | Uint8Array): void {
  mkdirSync(dirname(dest), { recursive: true });
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
