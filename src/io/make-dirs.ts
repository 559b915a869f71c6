/**
 * `mkdir -p` that always returns. Node's `mkdir(path, { recursive: true })` (sync and promise
 * forms, Node 18-22) spins forever at 100 % CPU when a directory exists but refuses a child with
 * ENOENT, as procfs does (`/proc/x/y`): it reads ENOENT as "parent missing", finds the parent
 * (EEXIST) and retries the child, endlessly. Here the missing levels are found first, then created
 * top-down one at a time, so an ENOENT on a level whose parent exists is final and is thrown.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Create `path` and its missing parents; returns the topmost directory created (undefined: none)
 * in the form `path` was given (relative stays relative), as `mkdirSync(path, { recursive: true })` does.
 */
export function makeDirs(path: string): string | undefined {
  const missing: string[] = [];
  for (let d = path; ; ) {
    if (exists(d)) break;
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  if (missing.length === 0) {
    // The target exists: fine if it is a directory; otherwise let mkdir report it (EEXIST).
    if (!statSync(path).isDirectory()) mkdirSync(path);
    return undefined;
  }
  let first: string | undefined;
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
      first ??= d;
    } catch (e) {
      // Created meanwhile by another process: not ours, but usable.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && isDirectory(d)) continue;
      throw e;
    }
  }
  return first;
}

/** Whether anything is at `p` (a dangling symlink counts as nothing, as for mkdir -p). */
function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw e; // ENOTDIR (a file on the way), EACCES, ...: mkdir would fail the same way
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
