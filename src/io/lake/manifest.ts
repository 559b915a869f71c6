/**
 * MANIFEST.tsv: one header line, then one line per data file of the day folder:
 *
 *   file  rows  bytes  sha256  codec  min_ts  max_ts
 *
 * Times are ISO-8601 UTC with milliseconds; lines end in '\n'; no wall-clock time anywhere, so
 * the same bars always give the same manifest bytes.
 */
import { CgqError } from '../../errors.js';

export const MANIFEST_HEADER = ['file', 'rows', 'bytes', 'sha256', 'codec', 'min_ts', 'max_ts'] as const;

export interface ManifestEntry {
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
  codec: string;
  /** Epoch ms of the first and last row. */
  minTs: number;
  maxTs: number;
}

export function formatManifest(entries: readonly ManifestEntry[]): string {
  const lines = [MANIFEST_HEADER.join('\t')];
  for (const e of entries) {
    lines.push([e.file, e.rows, e.bytes, e.sha256, e.codec, new Date(e.minTs).toISOString(), new Date(e.maxTs).toISOString()].join('\t'));
  }
  return lines.join('\n') + '\n';
}

function bad(what: string, line: number, why: string): CgqError {
  return new CgqError('LAKE_CORRUPT', `${what} line ${line}: ${why}`);
}

/** Parse a manifest; `what` names it in errors (LAKE_CORRUPT on any malformed line). */
export function parseManifest(text: string, what: string): ManifestEntry[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines[0] !== MANIFEST_HEADER.join('\t')) throw bad(what, 1, `header is not '${MANIFEST_HEADER.join('\\t')}'`);
  const out: ManifestEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split('\t');
    if (f.length !== MANIFEST_HEADER.length) throw bad(what, i + 1, `${f.length} fields, expected ${MANIFEST_HEADER.length}`);
    const [file, rows, bytes, sha256, codec, minTs, maxTs] = f as [string, string, string, string, string, string, string];
    if (!/^[A-Za-z0-9._-]+$/.test(file)) throw bad(what, i + 1, `bad file name '${file}'`);
    if (!/^\d+$/.test(rows) || !/^\d+$/.test(bytes)) throw bad(what, i + 1, 'rows and bytes must be non-negative integers');
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw bad(what, i + 1, 'sha256 must be 64 lowercase hex digits');
    const lo = Date.parse(minTs);
    const hi = Date.parse(maxTs);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw bad(what, i + 1, 'min_ts/max_ts are not ISO-8601 times');
    out.push({ file, rows: Number(rows), bytes: Number(bytes), sha256, codec, minTs: lo, maxTs: hi });
  }
  return out;
}
