/**
 * What `--on-bad-row` does with the rows the CSV check rejected. `fail` (the default): one line
 * listing the first bad rows with their line numbers and the totals per reason, exit 2, nothing
 * written. `skip`: load the good rows and report what was skipped, per reason, on stderr.
 */
import { CgqError } from '../../errors.js';
import type { CsvBars } from '../../sources/csv.js';

export const BAD_ROW_MODES = ['fail', 'skip'] as const;
export type BadRowMode = (typeof BAD_ROW_MODES)[number];

/** Throws under `fail` (or when nothing good is left); returns the skip summary line, if any. */
export function applyBadRowPolicy(csv: CsvBars, mode: BadRowMode): string | undefined {
  const bad = csv.bad;
  if (bad.total === 0) return undefined;
  if (mode === 'fail') throw bad.toError(csv.file, '; nothing written (--on-bad-row skip loads the good rows)');
  if (csv.rows === 0) throw new CgqError('INPUT_EMPTY', bad.message(csv.file, '; no good row left, nothing written'));
  const first = bad.first[0]!;
  return `skipped ${bad.total} bad row${bad.total === 1 ? '' : 's'} of ${csv.lines} in ${csv.file} (${bad.summary()}); first: line ${first.line}: ${first.detail}`;
}
