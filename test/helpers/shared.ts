/**
 * Access to ../shared (real data and reference fixtures beside the project). A user's fresh clone
 * has no ../shared: those cases skip with a visible message. Under CI=true they must not skip, so a
 * missing file fails the test instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { SHARED_DIR } from '../../src/paths.js';

export { SHARED_DIR };
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * The absolute path of `rel` under ../shared, or undefined after marking the test skipped (with a
 * message) when it is absent. Throws under CI.
 */
export function sharedFile(t: TestContext, rel: string): string | undefined {
  const p = join(SHARED_DIR, rel);
  if (existsSync(p)) return p;
  if (IN_CI) throw new Error(`CI=true but ${p} is missing: shared data must be present in CI`);
  const msg = `skipped: ${rel} not found (no ../shared beside this clone)`;
  process.stderr.write(`# ${msg}\n`);
  t.skip(msg);
  return undefined;
}

export function readSharedJson<T = unknown>(t: TestContext, rel: string): T | undefined {
  const p = sharedFile(t, rel);
  return p ? (JSON.parse(readFileSync(p, 'utf8')) as T) : undefined;
}

/** Fixture JSON arrays use null for NaN. */
export function toF64(values: readonly (number | null | string)[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null ? NaN : typeof v === 'string' ? Number(v) : v));
}
