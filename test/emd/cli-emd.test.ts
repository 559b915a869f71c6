/**
 * `cgq emd` end to end: a .f64 file, a CSV column, a lake symbol and several series in one run in;
 * byte-identical output for --n-jobs 1 and 2; one-line typed errors with nothing left behind; the
 * minute grid; the Hilbert attributes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { tableFromIPC } from 'apache-arrow';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { DIST_ROOT } from '../../src/paths.js';
import { analyticSignal, dominantPeriod } from '../../src/emd/hilbert.js';
import { decompositionBytes, PARQUET_PERIODS_KEY, PARQUET_SETTINGS_KEY } from '../../src/emd/io.js';
import { readNpz } from './npz-reader.js';
import { scratchDb } from '../sources/db-fixture.js';
import { reconstructionError, seriesPrefix } from './emd-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cgq-emd-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function f64File(name: string, x: Float64Array): string {
  const p = join(dir, name);
  writeFileSync(p, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
  return p;
}

/** Run the compiled CLI in a child process (its own stdout/stderr; exit code as the user sees it). */
const MAIN = join(DIST_ROOT, 'src', 'cli', 'main.js');
async function quiet(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = spawnSync(process.execPath, [MAIN, ...argv], { encoding: 'utf8', env: process.env });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Bars CSV lines written to <name>.csv and loaded with `cgq load` into lake-<name>. */
async function loadedLake(name: string, lines: readonly string[]): Promise<{ csv: string; lake: string }> {
  const csv = join(dir, `${name}.csv`);
  writeFileSync(csv, lines.join('\n') + '\n');
  const lake = join(dir, `lake-${name}`);
  const l = await quiet(['load', '--input', csv, '--lake', lake, '--quiet']);
  assert.equal(l.code, 0, l.err);
  return { csv, lake };
}

test('cgq emd: CEEMDAN of a .f64 file to .npz, identical bytes for --n-jobs 1 and 2, reconstructs', async (t) => {
  const x = seriesPrefix(t, 1200);
  if (!x) return;
  const input = f64File('x.f64', x);
  const a = join(dir, 'a.npz');
  const b = join(dir, 'b.npz');
  const r1 = await quiet(['emd', '--input', input, '--trials', '8', '--output', a, '--n-jobs', '1', '--quiet']);
  const r2 = await quiet(['emd', '--input', input, '--trials', '8', '--output', b, '--n-jobs', '2', '--quiet']);
  assert.equal(r1.code, 0, r1.err);
  assert.equal(r2.code, 0, r2.err);
  assert.match(r1.out, /CEEMDAN \(8 trials, seed 1337\) of 1200 samples: \d+ IMFs \+ residue/);
  assert.ok(readFileSync(a).equals(readFileSync(b)), 'npz bytes identical across --n-jobs');
  const z = readNpz(readFileSync(a));
  const k = z.imfs!.shape[0]!;
  const rows = Array.from({ length: k }, (_, i) => z.imfs!.data.slice(i * 1200, (i + 1) * 1200));
  assert.ok(reconstructionError([...rows, z.residue!.data], x) <= 1e-9);
});

test('cgq emd: the summary counts IMFs in words that agree with the file (0 IMFs, 1 IMF)', async () => {
  const trend = f64File('trend.f64', Float64Array.from([1, 2, 0]));
  const wave = f64File('wave.f64', Float64Array.from({ length: 400 }, (_, i) => Math.sin((2 * Math.PI * i) / 20) + 0.01 * i));
  const r0 = await quiet(['emd', '--input', trend, '--method', 'emd', '--output', join(dir, 'trend.npz'), '--quiet']);
  const r1 = await quiet(['emd', '--input', wave, '--method', 'emd', '--max-imf', '1', '--output', join(dir, 'wave.npz'), '--quiet']);
  assert.equal(r0.code, 0, r0.err);
  assert.equal(r1.code, 0, r1.err);
  assert.match(r0.out, /^emd: EMD of 3 samples: 0 IMFs \+ residue, 0 siftings/);
  assert.match(r1.out, /^emd: EMD of 400 samples: 1 IMF \+ residue, \d+ siftings/);
  assert.equal(readNpz(readFileSync(join(dir, 'trend.npz'))).imfs!.shape[0], 0);
  assert.equal(readNpz(readFileSync(join(dir, 'wave.npz'))).imfs!.shape[0], 1);
});

test('cgq emd --noise-cache: the first run builds the cache, the next reads it; same bytes', async () => {
  const x = Float64Array.from({ length: 900 }, (_, i) => Math.sin(i / 9) + 0.3 * Math.sin(i / 2.3) + 0.001 * i);
  const input = f64File('cached.f64', x);
  const cache = join(dir, 'noise-cache');
  const outs = [join(dir, 'c1.npz'), join(dir, 'c2.npz')];
  const runs = [];
  for (const out of outs) runs.push(await quiet(['emd', '--input', input, '--trials', '6', '--noise-cache', cache, '--output', out, '--quiet']));
  assert.equal(runs[0]!.code, 0, runs[0]!.err);
  assert.equal(runs[1]!.code, 0, runs[1]!.err);
  assert.match(runs[0]!.out, /CEEMDAN \(6 trials, seed 1337, noise cache built\)/);
  assert.match(runs[1]!.out, /CEEMDAN \(6 trials, seed 1337, noise cache read\)/);
  assert.ok(readFileSync(outs[0]!).equals(readFileSync(outs[1]!)));
  assert.equal(readdirSync(cache).length, 1, 'one entry');
});

test('cgq emd: EMD of a CSV column to Parquet (imf_1..imf_k, residue)', async (t) => {
  const x = seriesPrefix(t, 800);
  if (!x) return;
  const csv = join(dir, 'x.csv');
  writeFileSync(csv, 'ts,price\n' + Array.from(x, (v, i) => `${i},${v}`).join('\n') + '\n');
  const out = join(dir, 'e.parquet');
  const r = await quiet(['emd', '--input', csv, '--column', 'price', '--method', 'emd', '--output', out, '--quiet']);
  assert.equal(r.code, 0, r.err);
  const pq = createRequire(import.meta.url)('parquet-wasm') as { readParquet(b: Uint8Array): { intoIPCStream(): Uint8Array } };
  const table = tableFromIPC(pq.readParquet(readFileSync(out)).intoIPCStream());
  const names = table.schema.fields.map((f) => f.name);
  assert.equal(names[names.length - 1], 'residue');
  assert.deepEqual(names.slice(0, -1), names.slice(0, -1).map((_, i) => `imf_${i + 1}`));
  const rows = names.map((n) => Float64Array.from(table.getChild(n)!.toArray() as Float64Array));
  assert.equal(rows[0]!.length, 800);
  assert.ok(reconstructionError(rows, x) <= 1e-12);
  // The file says how it was made; without --hilbert it holds no periods.
  const made = JSON.parse(table.schema.metadata.get('cgq.emd.settings')!);
  assert.equal(made.method, 'emd');
  assert.equal(made.maxImf, -1);
  assert.equal(made.emd.stop, 'pyemd');
  assert.equal(made.emd.maxIteration, 1000);
  assert.equal(table.schema.metadata.get('cgq.emd.periods'), undefined);
  // CEEMDAN records its noise settings.
  const c = join(dir, 'c.parquet');
  const rc = await quiet(['emd', '--input', csv, '--column', 'price', '--trials', '3', '--seed', '7', '--output', c, '--quiet']);
  assert.equal(rc.code, 0, rc.err);
  const cmText = tableFromIPC(pq.readParquet(readFileSync(c)).intoIPCStream()).schema.metadata.get('cgq.emd.settings')!;
  const cm = JSON.parse(cmText);
  assert.deepEqual([cm.method, cm.trials, cm.seed, cm.epsilon, cm.maxImf, cm.emd.stop], ['ceemdan', 3, 7, 0.005, -1, 'pyemd']);
  // An .npz records the same JSON as its last array, `settings` (a 0-d string).
  const cz = join(dir, 'c.npz');
  const rz = await quiet(['emd', '--input', csv, '--column', 'price', '--trials', '3', '--seed', '7', '--output', cz, '--quiet']);
  assert.equal(rz.code, 0, rz.err);
  const z = readNpz(readFileSync(cz));
  assert.deepEqual(Object.keys(z), ['imfs', 'residue', 'settings']);
  assert.equal(z.settings!.dtype, `<U${cmText.length}`);
  assert.equal(z.settings!.text, cmText);
});

test('decomposition Parquet metadata: an undefined period (NaN in the .npz) is null; no settings, no key', () => {
  // Distinct arrays per column: Arrow's IPC writer fails on columns sharing one buffer.
  const rows = (k: number) => Array.from({ length: k }, () => Float64Array.from([1, -1, 1, -1]));
  const hilbert = { amplitude: rows(2), phase: rows(2), frequency: rows(2), period: Float64Array.from([2.5, NaN]) };
  const bytes = decompositionBytes('x.parquet', rows(2), rows(1)[0]!, { hilbert });
  const pq = createRequire(import.meta.url)('parquet-wasm') as { readParquet(b: Uint8Array): { intoIPCStream(): Uint8Array } };
  const meta = tableFromIPC(pq.readParquet(bytes).intoIPCStream()).schema.metadata;
  assert.deepEqual(JSON.parse(meta.get(PARQUET_PERIODS_KEY)!), [2.5, null]);
  assert.equal(meta.get(PARQUET_SETTINGS_KEY), undefined);
  const z = readNpz(Buffer.from(decompositionBytes('x.npz', rows(2), rows(1)[0]!, { hilbert })));
  assert.ok(Number.isNaN(z.period!.data[1]!));
});

test('cgq emd: a lake symbol\'s closes (written by cgq synth), with the bars\' times as `ts` in .npz and Parquet', async () => {
  const lake = join(dir, 'lake');
  const s = await quiet(['synth', '--symbol-list', 'BTCUSDT', '--days', '1', '--out', lake, '--quiet']);
  assert.equal(s.code, 0, s.err);
  const out = join(dir, 'btc.npz');
  const r = await quiet(['emd', '--symbol', 'BTCUSDT', '--lake', lake, '--method', 'emd', '--output', out, '--quiet']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /EMD of 1440 samples/);
  const z = readNpz(readFileSync(out));
  assert.deepEqual(Object.keys(z), ['ts', 'imfs', 'residue', 'settings']);
  assert.equal(z.residue!.shape[0], 1440);
  // The lake's bar times: one UTC day of minutes.
  const ts = z.ts!.data;
  assert.equal(z.ts!.dtype, '<M8[ms]');
  assert.deepEqual(z.ts!.shape, [1440]);
  assert.equal(ts[0]! % 86_400_000, 0);
  assert.ok(ts.every((v, i) => v === ts[0]! + i * 60_000));
  // Parquet: `ts` first, timestamp[ms, UTC] as in the lake, the same times; the values columns as before.
  const pqOut = join(dir, 'btc.parquet');
  const rp = await quiet(['emd', '--symbol', 'BTCUSDT', '--lake', lake, '--method', 'emd', '--output', pqOut, '--quiet']);
  assert.equal(rp.code, 0, rp.err);
  const pq = createRequire(import.meta.url)('parquet-wasm') as { readParquet(b: Uint8Array): { intoIPCStream(): Uint8Array } };
  const table = tableFromIPC(pq.readParquet(readFileSync(pqOut)).intoIPCStream());
  const names = table.schema.fields.map((f) => f.name);
  assert.equal(names[0], 'ts');
  assert.equal(String(table.schema.fields[0]!.type), 'Timestamp<MILLISECOND, UTC>');
  assert.deepEqual(Array.from(table.getChild('ts')!.toArray() as ArrayLike<bigint | number>, Number), Array.from(ts));
  assert.equal(names.length, 1 + z.imfs!.shape[0]! + 1);
  assert.deepEqual(Array.from(table.getChild('residue')!.toArray() as Float64Array), Array.from(z.residue!.data));
});

test('cgq emd --time-column: a bars CSV read as a file gives the bytes of the same bars loaded and read with --symbol', async () => {
  // 300 bars with gaps (every 7th minute missing), one bar off the whole minute, and times in the
  // forms both readers accept (Z with milliseconds, naive with a space, +00:00).
  const t0 = Date.UTC(2024, 0, 1);
  const lines = ['symbol,timestamp,open,high,low,close,volume'];
  const times: number[] = [];
  for (let i = 0; times.length < 300; i++) {
    if (i % 7 === 3) continue;
    const t = t0 + i * 60_000 + (i === 50 ? 30_250 : 0);
    const iso = new Date(t).toISOString();
    const field = i % 3 === 0 ? iso : i % 3 === 1 ? iso.replace('T', ' ').replace('.000Z', '') : iso.replace('Z', '+00:00');
    const c = 100 + Math.sin(i / 5) + 0.3 * Math.sin(i / 31) + 0.01 * i;
    lines.push(`ALT,${field},${c},${c},${c},${c},${1 + (i % 5)}`);
    times.push(t);
  }
  const { csv, lake } = await loadedLake('timed', lines);
  const gz = join(dir, 'timed.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(csv)));
  for (const [ext, extra] of [['npz', ['--trials', '4']], ['parquet', ['--method', 'emd']]] as const) {
    const viaLake = join(dir, `timed-lake.${ext}`);
    const viaCsv = join(dir, `timed-csv.${ext}`);
    const untimed = join(dir, `timed-none.${ext}`);
    const a = await quiet(['emd', '--symbol', 'ALT', '--lake', lake, '--column', 'close', ...extra, '--output', viaLake, '--quiet']);
    const b = await quiet(['emd', '--input', csv, '--column', 'close', '--time-column', 'timestamp', ...extra, '--output', viaCsv, '--quiet']);
    const c = await quiet(['emd', '--input', csv, '--column', 'close', ...extra, '--output', untimed, '--quiet']);
    for (const r of [a, b, c]) assert.equal(r.code, 0, r.err);
    assert.ok(readFileSync(viaCsv).equals(readFileSync(viaLake)), `${ext}: the CSV with its time column writes the lake symbol's bytes`);
    // Gzipped, as cgq load also reads it: the same bytes.
    const viaGz = join(dir, `timed-gz.${ext}`);
    const g = await quiet(['emd', '--input', gz, '--column', 'close', '--time-column', 'timestamp', ...extra, '--output', viaGz, '--quiet']);
    assert.equal(g.code, 0, g.err);
    assert.ok(readFileSync(viaGz).equals(readFileSync(viaLake)), `${ext}: .csv.gz`);
    // A time range: the rows in [start, end), the same bytes as the lake's bars in it.
    const range = ['--start', '2024-01-01T00:40Z', '--end', '2024-01-01T04:00:00Z'];
    const rangeLake = join(dir, `timed-range-lake.${ext}`);
    const rangeCsv = join(dir, `timed-range-csv.${ext}`);
    const ra = await quiet(['emd', '--symbol', 'ALT', '--lake', lake, ...range, ...extra, '--output', rangeLake, '--quiet']);
    const rb = await quiet(['emd', '--input', csv, '--column', 'close', '--time-column', 'timestamp', ...range, ...extra, '--output', rangeCsv, '--quiet']);
    for (const r of [ra, rb]) assert.equal(r.code, 0, r.err);
    assert.ok(readFileSync(rangeCsv).equals(readFileSync(rangeLake)), `${ext}: --start/--end select the same rows`);
    if (ext === 'npz') {
      const inRange = times.filter((t) => t >= Date.UTC(2024, 0, 1, 0, 40) && t < Date.UTC(2024, 0, 1, 4));
      assert.deepEqual(Array.from(readNpz(readFileSync(rangeCsv)).ts!.data), inRange);
      assert.ok(inRange.length > 100 && inRange.length < times.length);
    }
    if (ext === 'npz') {
      const z = readNpz(readFileSync(viaCsv));
      assert.deepEqual(Object.keys(z), ['ts', 'imfs', 'residue', 'settings']);
      assert.deepEqual(Array.from(z.ts!.data), times);
      // Without --time-column: the same arrays, no ts.
      const u = readNpz(readFileSync(untimed));
      assert.deepEqual(Object.keys(u), ['imfs', 'residue', 'settings']);
      assert.ok(Buffer.from(u.imfs!.data.buffer).equals(Buffer.from(z.imfs!.data.buffer)));
    }
  }
});

test('cgq emd --time-column: a bad, non-UTC, repeated or out-of-order time is a one-line error naming the line; no file', async () => {
  const body = (ts: readonly string[]) => 't,v\n' + ts.map((t, i) => `${t},${Math.sin(i)}`).join('\n') + '\n';
  const ok = ['2024-01-01T00:00Z', '2024-01-01T00:01Z', '2024-01-01T00:02Z'];
  const file = (name: string, ts: readonly string[]) => {
    const p = join(dir, name);
    writeFileSync(p, body(ts));
    return p;
  };
  const out = join(dir, 'tc.npz');
  const truncatedGz = join(dir, 'tc-cut.csv.gz');
  const zipped = gzipSync(body(ok));
  writeFileSync(truncatedGz, zipped.subarray(0, zipped.length - 12));
  const run = (input: string, ...more: string[]) => ['emd', '--input', input, '--column', 'v', '--time-column', 't', '--method', 'emd', ...more, '--output', out];
  const cases: [string[], RegExp][] = [
    [run(file('tc-bad.csv', [ok[0]!, '01/01/2024 00:01', ok[2]!])), /^cgq: INPUT_PARSE: --input \S+tc-bad\.csv: line 3, time column 't': '01\/01\/2024 00:01' is not an ISO-8601 time/],
    [run(file('tc-tz.csv', [ok[0]!, ok[1]!, '2024-01-01T02:02+02:00'])), /^cgq: INPUT_PARSE: --input \S+tc-tz\.csv: line 4, time column 't': '2024-01-01T02:02\+02:00' is not UTC \(use Z or \+00:00\)$/],
    [run(file('tc-empty.csv', [ok[0]!, '', ok[2]!])), /^cgq: INPUT_PARSE: --input \S+tc-empty\.csv: line 3, time column 't' is empty$/],
    [run(file('tc-dup.csv', [ok[0]!, ok[1]!, '2024-01-01 00:01:00'])), /^cgq: INPUT_DUPLICATE: --input \S+tc-dup\.csv: line 4, time column 't': 2024-01-01T00:01:00\.000Z repeats line 3's time \(one series per file; for a bars CSV of several symbols, cgq load it and use --symbol\)$/],
    [run(file('tc-order.csv', [ok[1]!, ok[0]!, ok[2]!])), /^cgq: INPUT_PARSE: --input \S+tc-order\.csv: line 3, time column 't': 2024-01-01T00:00:00\.000Z is before line 2's 2024-01-01T00:01:00\.000Z \(rows must be in ascending time order; one series per file; for a bars CSV/],
    [['emd', '--input', file('tc-ok.csv', ok), '--column', 'v', '--time-column', 'time', '--method', 'emd', '--output', out], /^cgq: INPUT_COLUMN: --input \S+tc-ok\.csv: no column 'time' \(columns: t, v\)$/],
    [['emd', '--input', f64File('tc.f64', Float64Array.from([1, 2, 3])), '--time-column', 't', '--method', 'emd', '--output', out], /^cgq: USAGE: --time-column t: a \.f64 --input has no columns/],
    [['emd', '--symbol', 'BTCUSDT', '--lake', join(dir, 'no-lake'), '--time-column', 't', '--output', out], /^cgq: USAGE: --time-column applies to a CSV or Parquet --input only/],
    [run(file('tc-range.csv', ok), '--start', '2024-01-02'), /^cgq: INPUT_EMPTY: --input \S+tc-range\.csv: no rows for the requested time range$/],
    [['emd', '--input', join(dir, 'tc-range.csv'), '--column', 'v', '--start', '2024-01-01', '--output', out], /^cgq: USAGE: --start applies to --symbol, or to a CSV or Parquet --input with --time-column$/],
    [run(join(dir, 'tc-range.csv'), '--start', '2024-01-01T00:02Z', '--end', '2024-01-01T00:01Z'), /^cgq: USAGE: --start 2024-01-01T00:02Z is not before --end/],
    [run(truncatedGz), /^cgq: INPUT_PARSE: --input \S+tc-cut\.csv\.gz: cannot read the gzip stream \(/],
  ];
  for (const [argv, re] of cases) {
    const r = await quiet(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err.trim(), re);
    assert.equal(r.err.trim().split('\n').length, 1);
  }
  assert.ok(!existsSync(out) && !readdirSync(dir).some((f) => f.startsWith('tc.npz')), 'no output, no temp file');
  // The good file runs, and its times are the column's.
  const r = await quiet(['emd', '--input', join(dir, 'tc-ok.csv'), '--column', 'v', '--time-column', 't', '--method', 'emd', '--output', out, '--quiet']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(Array.from(readNpz(readFileSync(out)).ts!.data), [0, 1, 2].map((k) => Date.UTC(2024, 0, 1, 0, k)));
});

test('cgq emd: bad invocations are one-line typed errors and leave no file', async () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'v\n1\nNaN\n3\n');
  const huge = join(dir, 'huge.f64');
  writeFileSync(huge, Buffer.from(Float64Array.from({ length: 300 }, (_, i) => 1e300 * Math.sin(i / 5)).buffer));
  const long = join(dir, 'long.f64');
  writeFileSync(long, Buffer.from(Float64Array.from({ length: 2000 }, (_, i) => Math.sin(i / 9) + 0.1 * Math.sin(i * 1.3)).buffer));
  const cases: [string[], RegExp, number][] = [
    [['emd', '--input', join(dir, 'missing.f64'), '--output', join(dir, 'o.npz')], /INPUT_MISSING/, 2],
    // The noise bank alone (3 × trials × n float64) is over wasm32's 4 GiB: a clear limit with advice, not INTERNAL.
    [['emd', '--input', long, '--trials', '100000', '--output', join(dir, 'o.npz')], /^cgq: MEMORY_LIMIT: CEEMDAN of 1 series of 2000 samples with 100000 trials: kernel memory: at least \d+\.\d\d GiB needed, wasm32 allows 4 GiB; try fewer --trials or a shorter series \(--start\/--end\)$/, 2],
    [['emd', '--input', bad, '--column', 'v', '--output', join(dir, 'o.npz')], /INPUT_NONFINITE: .*line 3/, 2],
    [['emd', '--input', bad, '--output', join(dir, 'o.npz')], /needs --column/, 2],
    [['emd', '--input', bad, '--column', 'v', '--output', join(dir, 'o.txt')], /\.npz or \.parquet/, 2],
    [['emd', '--output', join(dir, 'o.npz')], /exactly one of --input FILE or --symbol SYM/, 2],
    [['emd', '--input', bad, '--column', 'v', '--method', 'emd', '--noise-cache', join(dir, 'nc'), '--output', join(dir, 'o.npz')], /--noise-cache applies to --method ceemdan only/, 2],
    [['emd', '--input', huge, '--trials', '3', '--output', join(dir, 'o.npz')], /INPUT_RANGE: ceemdan: series \S*huge\.f64: its standard deviation is Infinity/, 2],
    [['emd', '--input', bad, '--column', 'v', '--noise-cache-max-gib', '4', '--output', join(dir, 'o.npz')], /USAGE: --noise-cache-max-gib applies with --noise-cache only/, 2],
    [['emd', '--input', bad, '--column', 'v', '--noise-cache', join(dir, 'nc'), '--noise-cache-max-gib', '-1', '--output', join(dir, 'o.npz')], /USAGE: --noise-cache-max-gib -1: give a size in GiB >= 0/, 2],
    [['emd', '--input', bad, '--column', 'v', '--stop', 's-number', '--s-number', '0', '--max-siftings', '0', '--output', join(dir, 'o.npz')], /never stop/, 2],
    // A flag of another mode is refused, not silently ignored.
    [['emd', '--input', bad, '--column', 'v', '--s-number', '3', '--output', join(dir, 'o.npz')], /^cgq: USAGE: --s-number applies with --stop s-number only$/, 2],
    [['emd', '--input', bad, '--column', 'v', '--stop', 'pyemd', '--max-siftings', '9', '--s-number', '2', '--output', join(dir, 'o.npz')], /^cgq: USAGE: --s-number, --max-siftings apply with --stop s-number only$/, 2],
    [['emd', '--input', bad, '--column', 'v', '--method', 'emd', '--trials', '5', '--output', join(dir, 'o.npz')], /^cgq: USAGE: --trials applies to --method ceemdan only$/, 2],
    [['emd', '--input', bad, '--column', 'v', '--method', 'emd', '--epsilon', '0.1', '--seed', '2', '--output', join(dir, 'o.npz')], /^cgq: USAGE: --epsilon, --seed apply to --method ceemdan only$/, 2],
    [['emd', '--input', bad, '--column', 'v', '--lake', dir, '--output', join(dir, 'o.npz')], /^cgq: USAGE: --lake applies to --symbol only$/, 2],
    [['emd', '--input', bad, '--column', 'v', '--start', '2024-01-01', '--end', '2024-02-01', '--output', join(dir, 'o.npz')], /^cgq: USAGE: --start, --end apply to --symbol, or to a CSV or Parquet --input with --time-column$/, 2],
    [['emd', '--input', bad, '--column', 'v', '--host', '127.0.0.1', '--table', 'bars', '--output', join(dir, 'o.npz')], /^cgq: USAGE: --host, --table apply to --symbol only$/, 2],
    [['emd', '--input', huge, '--column', 'v', '--output', join(dir, 'o.npz')], /^cgq: USAGE: --column v: a \.f64 --input has no columns/, 2],
    [['emd', '--symbol', 'BTCUSDT', '--lake', join(dir, 'no-lake'), '--start', '2024-01-02', '--end', '2024-01-01', '--output', join(dir, 'o.npz')], /^cgq: USAGE: --start 2024-01-02 is not before --end 2024-01-01 \(the range is \[start, end\)\)$/, 2],
    // Refused before the decomposition, not at the final rename.
    [['emd', '--input', bad, '--column', 'v', '--method', 'emd', '--output', join(dir, 'o.dir.npz')], /^cgq: USAGE: --output \S+o\.dir\.npz: is a directory; give a file path$/, 2],
  ];
  mkdirSync(join(dir, 'o.dir.npz'));
  for (const [argv, re, code] of cases) {
    const r = await quiet(argv);
    assert.equal(r.code, code, argv.join(' '));
    assert.match(r.err.trim(), re);
    assert.equal(r.err.trim().split('\n').length, 1);
  }
  assert.ok(!readdirSync(dir).some((f) => (f.startsWith('o.') && f !== 'o.dir.npz') || f.includes('.tmp-')));
  assert.deepEqual(readdirSync(join(dir, 'o.dir.npz')), []);
});

/** A CSV of two synthetic columns a, b (and optionally a bad third one) of n rows. */
function twoColumnCsv(name: string, n: number, badRow = -1): string {
  const p = join(dir, name);
  const rows = Array.from({ length: n }, (_, i) => {
    const a = Math.sin(i / 7) + 0.3 * Math.sin(i / 41) + 0.01 * ((i * 7919) % 13);
    const b = Math.cos(i / 5) + 0.2 * Math.sin(i / 97) + 0.02 * ((i * 31) % 7);
    return `${i},${a},${b},${i === badRow ? 'NaN' : b * 2}`;
  });
  writeFileSync(p, 't,a,b,c\n' + rows.join('\n') + '\n');
  return p;
}

test('cgq emd: several CSV columns in one run share the noise bank; each output is the bytes of its own run', async () => {
  const csv = twoColumnCsv('two.csv', 1200);
  const together = await quiet(['emd', '--input', csv, '--column', 'a,b', '--trials', '6', '--output', join(dir, 'multi', '{name}.npz'), '--quiet']);
  assert.equal(together.code, 0, together.err);
  assert.match(together.out, /of a \(1200 samples\).*multi\/a\.npz\n.*of b \(1200 samples\).*multi\/b\.npz\nemd: 2 series in [\d.]+ s, noise EMDs \d+ siftings shared/);
  for (const col of ['a', 'b']) {
    const alone = join(dir, `alone-${col}.npz`);
    const r = await quiet(['emd', '--input', csv, '--column', col, '--trials', '6', '--output', alone, '--quiet']);
    assert.equal(r.code, 0, r.err);
    assert.ok(readFileSync(join(dir, 'multi', `${col}.npz`)).equals(readFileSync(alone)), `column ${col}: same bytes as its own run`);
  }
});

test('cgq emd: symbols x columns from the lake, named SYMBOL_column; EMD series on both workers, same bytes as on one', async () => {
  const lake = join(dir, 'lake2');
  const s = await quiet(['synth', '--symbol-list', 'BTCUSDT,ETHUSDT', '--days', '1', '--out', lake, '--quiet']);
  assert.equal(s.code, 0, s.err);
  const files = ['BTCUSDT_close.npz', 'BTCUSDT_volume.npz', 'ETHUSDT_close.npz', 'ETHUSDT_volume.npz'];
  for (const jobs of ['2', '1']) {
    const out = join(dir, `sym${jobs}`);
    const r = await quiet(['emd', '--symbol', 'BTCUSDT,ETHUSDT', '--column', 'close,volume', '--lake', lake, '--method', 'emd', '--n-jobs', jobs, '--output', join(out, '{name}.npz')]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(readdirSync(out).sort(), files);
    // Progress counts series (stderr is not a TTY here: plain lines).
    assert.match(r.err, /^EMD series: 4\/4 \(100%\)/m);
  }
  for (const f of files) assert.ok(readFileSync(join(dir, 'sym2', f)).equals(readFileSync(join(dir, 'sym1', f))), `${f}: same bytes for --n-jobs 1 and 2`);
  const one = await quiet(['emd', '--symbol', 'ETHUSDT', '--column', 'volume', '--lake', lake, '--method', 'emd', '--output', join(dir, 'eth-volume.npz'), '--quiet']);
  assert.equal(one.code, 0, one.err);
  assert.ok(readFileSync(join(dir, 'sym2', 'ETHUSDT_volume.npz')).equals(readFileSync(join(dir, 'eth-volume.npz'))));
});

test('cgq emd: several series need {name} and distinct names; a failing series leaves no output at all', async () => {
  const csv = twoColumnCsv('three.csv', 600, 300);
  const out = join(dir, 'none');
  const cases: [string[], RegExp][] = [
    [['emd', '--input', csv, '--column', 'a,b', '--output', join(out, 'x.npz')], /USAGE: .*2 series need \{name\}/],
    [['emd', '--input', csv, '--column', 'a,a', '--output', join(out, '{name}.npz')], /USAGE: .*series 'a' is given twice/],
    [['emd', '--input', csv, '--column', 'a,', '--output', join(out, '{name}.npz')], /USAGE: --column a,: an empty item/],
    [['emd', '--input', csv, '--column', 'a,zz', '--output', join(out, '{name}.npz')], /INPUT_COLUMN: .*no column 'zz' \(columns: t, a, b, c\)/],
    [['emd', '--input', join(dir, 'x.f64'), '--column', 'a,b', '--output', join(out, '{name}.npz')], /USAGE: --column a,b: a \.f64 --input has no columns/],
    // Column c has a NaN: nothing is written, a and b included.
    [['emd', '--input', csv, '--column', 'a,b,c', '--trials', '4', '--output', join(out, '{name}.npz')], /INPUT_NONFINITE: .*line 302, column 'c'/],
  ];
  for (const [argv, re] of cases) {
    const r = await quiet(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err.trim(), re);
    assert.equal(r.err.trim().split('\n').length, 1);
  }
  assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'no output files');
});

test('cgq emd: symbols of different lengths: a failure in a later run leaves no output, not even staged files; each run has its own bar', async () => {
  // Two symbols of different lengths: CEEMDAN decomposes ALT (300 bars) first and stages its file,
  // then refuses BIG (200 bars at 1e200: its std overflows, INPUT_RANGE).
  const lines = ['symbol,timestamp,open,high,low,close,volume'];
  const t0 = Date.UTC(2024, 0, 1);
  const row = (sym: string, i: number, c: number): string => `${sym},${new Date(t0 + i * 60_000).toISOString()},${c},${c},${c},${c},1`;
  for (let i = 0; i < 300; i++) lines.push(row('ALT', i, 100 + Math.sin(i / 5) + 0.01 * i));
  for (let i = 0; i < 200; i++) lines.push(row('BIG', i, 1e200 * (2 + Math.sin(i / 7))));
  for (let i = 0; i < 250; i++) lines.push(row('MID', i, 50 + Math.cos(i / 9) + 0.02 * i));
  const { lake } = await loadedLake('alt-big', lines);
  const out = join(dir, 'staged');
  const r = await quiet(['emd', '--symbol', 'ALT,BIG', '--lake', lake, '--trials', '4', '--output', join(out, '{name}.npz'), '--quiet']);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err.trim(), /^cgq: INPUT_RANGE: /);
  assert.ok(!existsSync(out), 'no output, no temp file, not even the directory staging created');
  // ALT alone succeeds (so the run above did decompose it before failing).
  const ok = await quiet(['emd', '--symbol', 'ALT', '--lake', lake, '--trials', '4', '--output', join(dir, 'alt.npz'), '--quiet']);
  assert.equal(ok.code, 0, ok.err);
  // Two lengths are two CEEMDAN runs: each progress bar says which (plain lines off a TTY).
  const two = await quiet(['emd', '--symbol', 'ALT,MID', '--lake', lake, '--trials', '4', '--output', join(dir, 'two', '{name}.npz')]);
  assert.equal(two.code, 0, two.err);
  assert.match(two.err, /^CEEMDAN 1\/2 \(n=300, 1 series\): 1000\/1000 \(100%\)/m);
  assert.match(two.err, /^CEEMDAN 2\/2 \(n=250, 1 series\): 1000\/1000 \(100%\)/m);
});

test('cgq emd --grid minute: symbols with different gaps on one minute grid share one CEEMDAN run; each series is its reindexed bars', async (t) => {
  // A: minutes 0..239 without 100..104. B: minutes 3..239, plus a bar at 50:30 (off the minute).
  const t0 = Date.UTC(2024, 0, 1);
  const lines = ['symbol,timestamp,open,high,low,close,volume'];
  const row = (sym: string, ms: number, c: number, v: number): string => `${sym},${new Date(t0 + ms).toISOString()},${c},${c},${c},${c},${v}`;
  const aClose = (i: number): number => 100 + Math.sin(i / 5) + 0.01 * i;
  const bClose = (i: number): number => 50 + Math.cos(i / 9) + 0.02 * i;
  for (let i = 0; i < 240; i++) if (i < 100 || i > 104) lines.push(row('A', i * 60_000, aClose(i), 1 + (i % 7)));
  for (let i = 3; i < 240; i++) {
    lines.push(row('B', i * 60_000, bClose(i), 2 + (i % 5)));
    if (i === 50) lines.push(row('B', i * 60_000 + 30_000, 999, 999));
  }
  const { csv, lake } = await loadedLake('gaps', lines);
  const out = join(dir, 'grid');
  const r = await quiet(['emd', '--symbol', 'A,B', '--column', 'close,volume', '--grid', 'minute', '--lake', lake, '--trials', '4', '--output', join(out, '{name}.npz')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /^emd: A on the minute grid 2024-01-01T00:00Z \+ 240 min: 235 bars, 5 minutes filled \(2\.1 %\)$/m);
  assert.match(r.err, /^emd: B on the minute grid 2024-01-01T00:00Z \+ 240 min: 237 bars, 3 minutes filled \(1\.3 %\), 1 bar off the grid dropped$/m);
  // One length, so one CEEMDAN run (a plain bar, not "CEEMDAN 1/2 ...") for all four series.
  assert.match(r.err, /^CEEMDAN: \d+\/\d+ \(100%\)/m);
  assert.doesNotMatch(r.err, /CEEMDAN 1\//);
  assert.match(r.out, /of A_close \(240 samples\)/);
  // The series, built here by hand: closes carried forward (B's first three minutes take its
  // first close), volumes 0 where a minute is missing; B's off-minute bar is not used.
  const expected: Record<string, Float64Array> = {
    A_close: Float64Array.from({ length: 240 }, (_, i) => aClose(i >= 100 && i <= 104 ? 99 : i)),
    A_volume: Float64Array.from({ length: 240 }, (_, i) => (i >= 100 && i <= 104 ? 0 : 1 + (i % 7))),
    B_close: Float64Array.from({ length: 240 }, (_, i) => bClose(Math.max(i, 3))),
    B_volume: Float64Array.from({ length: 240 }, (_, i) => (i < 3 ? 0 : 2 + (i % 5))),
  };
  for (const [name, x] of Object.entries(expected)) {
    const alone = join(dir, `grid-${name}.npz`);
    const one = await quiet(['emd', '--input', f64File(`grid-${name}.f64`, x), '--trials', '4', '--output', alone, '--quiet']);
    assert.equal(one.code, 0, one.err);
    // The hand-built series' own run (a file: no times) has the same IMFs and residue, bit for
    // bit; the symbol's file adds the grid's minutes as `ts`.
    const got = readNpz(readFileSync(join(out, `${name}.npz`)));
    const own = readNpz(readFileSync(alone));
    assert.deepEqual(Object.keys(own), ['imfs', 'residue', 'settings']);
    assert.deepEqual(Object.keys(got), ['ts', 'imfs', 'residue', 'settings']);
    assert.equal(got.settings!.text, own.settings!.text);
    for (const a of ['imfs', 'residue'] as const) {
      assert.deepEqual(got[a]!.shape, own[a]!.shape);
      assert.ok(Buffer.from(got[a]!.data.buffer).equals(Buffer.from(own[a]!.data.buffer)), `${name} ${a}: the bits of the hand-built series' own run`);
    }
    assert.deepEqual(Array.from(got.ts!.data), Array.from({ length: 240 }, (_, i) => t0 + i * 60_000));
  }
  // As stored, the two symbols differ in length: two CEEMDAN runs; each file's times are its bars'.
  const stored = await quiet(['emd', '--symbol', 'A,B', '--lake', lake, '--trials', '4', '--output', join(dir, 'stored', '{name}.npz')]);
  assert.equal(stored.code, 0, stored.err);
  assert.match(stored.err, /^CEEMDAN 1\/2 \(n=235, 1 series\)/m);
  const aMinutes = Array.from({ length: 240 }, (_, i) => i).filter((i) => i < 100 || i > 104);
  assert.deepEqual(Array.from(readNpz(readFileSync(join(dir, 'stored', 'A_close.npz'))).ts!.data), aMinutes.map((i) => t0 + i * 60_000));
  // B as stored keeps its off-minute bar (nothing is reindexed): 238 bars, 50:30 among them.
  const bStored = readNpz(readFileSync(join(dir, 'stored', 'B_close.npz'))).ts!.data;
  assert.equal(bStored.length, 238);
  assert.equal(bStored[48], t0 + 50 * 60_000 + 30_000);
  // A window: [00:10:30, 01:00) starts at the next whole minute.
  const w = await quiet(['emd', '--symbol', 'A,B', '--grid', 'minute', '--start', '2024-01-01T00:10:30Z', '--end', '2024-01-01T01:00Z', '--lake', lake, '--method', 'emd', '--output', join(dir, 'win', '{name}.npz'), '--quiet']);
  assert.equal(w.code, 0, w.err);
  assert.match(w.err, /^emd: A on the minute grid 2024-01-01T00:11Z \+ 49 min: 49 bars, 0 minutes filled \(0\.0 %\)$/m);
  const win = readNpz(readFileSync(join(dir, 'win', 'B_close.npz')));
  assert.equal(win.residue!.shape[0], 49);
  assert.deepEqual([win.ts!.data[0], win.ts!.data[48]], [t0 + 11 * 60_000, t0 + 59 * 60_000]);
  // The same bars from MySQL give the same files (the grid is built from any bar source).
  const db = await scratchDb(t, 'emdgrid');
  if (db) {
    try {
      const conn = ['--host', db.cfg.host, '--port', String(db.cfg.port), '--user', db.cfg.user, '--password', db.cfg.password, '--database', db.cfg.database];
      const lm = await quiet(['load', '--input', csv, '--to', 'mysql', ...conn, '--quiet']);
      assert.equal(lm.code, 0, lm.err);
      const my = join(dir, 'grid-mysql');
      const rm = await quiet(['emd', '--symbol', 'A,B', '--column', 'close,volume', '--grid', 'minute', ...conn, '--trials', '4', '--output', join(my, '{name}.npz'), '--quiet']);
      assert.equal(rm.code, 0, rm.err);
      for (const name of Object.keys(expected)) assert.ok(readFileSync(join(my, `${name}.npz`)).equals(readFileSync(join(out, `${name}.npz`))), `${name}: MySQL and lake give the same bytes`);
    } finally {
      await db.drop();
    }
  }
  // The grid is for bars: a file input refuses it.
  const bad = await quiet(['emd', '--input', csv, '--column', 'close', '--grid', 'minute', '--output', join(dir, 'no.npz')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err.trim(), /^cgq: USAGE: --grid applies to --symbol only$/);
});

test('cgq emd --hilbert: each IMF\'s amplitude, phase, frequency (the library\'s analytic signal) and dominant period', async () => {
  // Two tones, periods 16 and 200 samples: EMD separates them into IMF 1 and IMF 2.
  const n = 2000;
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / 16) + 2 * Math.sin((2 * Math.PI * i) / 200));
  const input = f64File('two-tones.f64', x);
  const npz = join(dir, 'two-tones.npz');
  const r = await quiet(['emd', '--input', input, '--method', 'emd', '--hilbert', '--output', npz]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^emd: dominant periods \(samples\): IMF 1 16(\.\d+)?, IMF 2 (199\.\d+|200(\.\d+)?), /m);
  const z = readNpz(readFileSync(npz));
  const k = z.imfs!.shape[0]!;
  for (const name of ['amplitude', 'phase', 'frequency']) assert.deepEqual(z[name]!.shape, [k, n], name);
  assert.deepEqual(z.period!.shape, [k]);
  assert.ok(Math.abs(z.period!.data[0]! - 16) < 0.16 && Math.abs(z.period!.data[1]! - 200) < 2, `periods ${z.period!.data[0]}, ${z.period!.data[1]}`);
  // Each row is the library's analytic signal of that IMF, and the period its dominantPeriod.
  for (let j = 0; j < k; j++) {
    const a = analyticSignal(z.imfs!.data.slice(j * n, (j + 1) * n));
    assert.deepEqual(z.amplitude!.data.slice(j * n, (j + 1) * n), a.amplitude, `IMF ${j + 1} amplitude`);
    assert.deepEqual(z.phase!.data.slice(j * n, (j + 1) * n), a.phase, `IMF ${j + 1} phase`);
    assert.deepEqual(z.frequency!.data.slice(j * n, (j + 1) * n), a.frequency, `IMF ${j + 1} frequency`);
    assert.ok(Object.is(z.period!.data[j], dominantPeriod(a.frequency)), `IMF ${j + 1} period`);
  }
  // The first IMF is the 16-sample tone: its amplitude is ≈ 1 away from the ends.
  for (let i = 100; i < n - 100; i += 97) assert.ok(Math.abs(z.amplitude!.data[i]! - 1) < 0.02, `amplitude at ${i}: ${z.amplitude!.data[i]}`);
  // Parquet: three columns per IMF after the residue, with the same values.
  const pqOut = join(dir, 'two-tones.parquet');
  const p = await quiet(['emd', '--input', input, '--method', 'emd', '--hilbert', '--output', pqOut, '--quiet']);
  assert.equal(p.code, 0, p.err);
  const pq = createRequire(import.meta.url)('parquet-wasm') as { readParquet(b: Uint8Array): { intoIPCStream(): Uint8Array } };
  const table = tableFromIPC(pq.readParquet(readFileSync(pqOut)).intoIPCStream());
  const names = table.schema.fields.map((f) => f.name);
  assert.deepEqual(names.slice(k + 1, k + 4), ['imf_1_amplitude', 'imf_1_phase', 'imf_1_frequency']);
  assert.equal(names.length, 4 * k + 1);
  assert.deepEqual(Float64Array.from(table.getChild(`imf_${k}_frequency`)!.toArray() as Float64Array), z.frequency!.data.slice((k - 1) * n, k * n));
  // The periods (k values, no column of n rows) are the file's metadata, the .npz's numbers exactly.
  assert.deepEqual(JSON.parse(table.schema.metadata.get('cgq.emd.periods')!), Array.from(z.period!.data));
  // CEEMDAN's attributes (computed on the calling thread) are the library's too.
  const cNpz = join(dir, 'two-tones-c.npz');
  const c = await quiet(['emd', '--input', input, '--trials', '4', '--hilbert', '--output', cNpz, '--quiet']);
  assert.equal(c.code, 0, c.err);
  const zc = readNpz(readFileSync(cNpz));
  const kc = zc.imfs!.shape[0]!;
  assert.ok(kc >= 2);
  for (let j = 0; j < kc; j++) {
    const a = analyticSignal(zc.imfs!.data.slice(j * n, (j + 1) * n));
    assert.deepEqual(zc.phase!.data.slice(j * n, (j + 1) * n), a.phase, `CEEMDAN IMF ${j + 1} phase`);
    assert.ok(Object.is(zc.period!.data[j], dominantPeriod(a.frequency)), `CEEMDAN IMF ${j + 1} period`);
  }
  // An IMF beyond the FFT's range: a one-line error naming the series and the IMF, nothing written.
  const huge = f64File('huge-tones.f64', x.map((v) => 1e295 * v));
  const bad = await quiet(['emd', '--input', huge, '--method', 'emd', '--hilbert', '--output', join(dir, 'huge-tones.npz')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err.trim(), /^cgq: INPUT_RANGE: .*huge-tones\.f64: --hilbert: IMF 1: hilbert: x\[\d+\] is /);
  assert.equal(bad.err.trim().split('\n').length, 1);

  assert.ok(!existsSync(join(dir, 'huge-tones.npz')));
  // Without the flag the file holds the decomposition (and how it was made) only.
  const plain = join(dir, 'two-tones-plain.npz');
  assert.equal((await quiet(['emd', '--input', input, '--method', 'emd', '--output', plain, '--quiet'])).code, 0);
  assert.deepEqual(Object.keys(readNpz(readFileSync(plain))), ['imfs', 'residue', 'settings']);
});
