/**
 * Where the shipped artefacts live, resolved from this compiled file (<dist>/src/paths.js), so the
 * CLI works from any working directory. CGQ_WASM overrides the kernel module (parallel builds).
 */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** The compiled output folder holding src/, workers/, test/, bench/ (normally dist/). */
export const DIST_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The package root (the folder holding package.json). */
export const PACKAGE_ROOT = join(DIST_ROOT, '..');

/**
 * Real data and reference fixtures beside the project (../shared; CGQ_SHARED_DIR overrides), read
 * by the tests and `cgq bench emd`. A user's fresh clone has none.
 */
export const SHARED_DIR = process.env.CGQ_SHARED_DIR ? resolve(process.env.CGQ_SHARED_DIR) : resolve(PACKAGE_ROOT, '..', 'shared');

/** The release build of the AssemblyScript kernels. */
export const KERNELS_WASM = process.env.CGQ_WASM ? resolve(process.env.CGQ_WASM) : join(PACKAGE_ROOT, 'build', 'kernels.wasm');

/** A compiled worker entry file under <dist>/workers/ (`.cjs` for the CommonJS one, workers/esm-entry.cts). */
export function workerFile(name: string, ext: '.js' | '.cjs' = '.js'): string {
  return join(DIST_ROOT, 'workers', `${name}${ext}`);
}
