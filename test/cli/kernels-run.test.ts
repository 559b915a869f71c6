/**
 * `cgq kernels run` end to end (the built CLI as a child process): a kernel over a bars CSV into a
 * result CSV (timestamp + outputs, NaN as empty fields), the resample kernel's one row per bin,
 * chunked runs equal to batch, and typed errors for bad parameters, inputs and files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCgq } from './helpers.js';
import { LocalKernels } from '../../src/kernels/local.js';
import { parseBarsCsv } from '../helpers/fixtures.js';
import { sharedFile } from '../helpers/shared.js';

const local = new LocalKernels();

function bars(n: number, symbol = 'BTCUSDT', t0 = Date.UTC(2024, 0, 1, 23, 30)): string {
  const lines = ['symbol,timestamp,open,high,low,close,volume'];
  let c = 100;
  for (let i = 0; i < n; i++) {
    const o = c;
    c = Math.round((o + Math.sin(i) * 0.7) * 100) / 100;
    if (i % 11 === 3) continue; // gaps
    const ts = new Date(t0 + i * 60_000).toISOString().replace('.000Z', 'Z');
    lines.push(`${symbol},${ts},${o},${Math.max(o, c) + 0.25},${Math.min(o, c) - 0.25},${c},${(i % 7) + 0.5}`);
  }
  return lines.join('\n') + '\n';
}

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const [h, ...rest] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: h!.split(','), rows: rest.map((l) => l.split(',')) };
}

test('kernels run writes timestamp + the kernel outputs; values equal the kernel; chunked = batch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cgq-kernels-run-'));
  try {
    const input = join(dir, 'bars.csv');
    writeFileSync(input, bars(300));
    const out = join(dir, 'out', 'q.csv');
    const r = runCgq(['kernels', 'run', 'rolling_quantile', '--input', input, '--param', 'window=30', '--param', 'q=0.9', '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /rolling_quantile \(window=30 q=0.9 min_periods=-1\) on BTCUSDT: \d+ bars/);
    const { header, rows } = readCsv(out);
    assert.deepEqual(header, ['timestamp', 'quantile']);
    const b = parseBarsCsv(readFileSync(input, 'utf8'));
    const want = local.run('rolling_quantile', [b.close], { window: 30, q: 0.9 })[0]!;
    assert.equal(rows.length, b.close.length);
    rows.forEach((row, i) => {
      assert.equal(Date.parse(row[0]!), b.ts[i], `row ${i} timestamp`);
      assert.equal(row[1] === '' ? NaN : Number(row[1]), want[i], `row ${i}`);
    });
    assert.equal(rows[0]![1], '', 'warm-up rows are empty fields');
    assert.deepEqual(readdirSync(join(dir, 'out')), ['q.csv'], 'no temp file left');

    const chunked = join(dir, 'q2.csv');
    assert.equal(runCgq(['kernels', 'run', 'rolling_quantile', '--input', input, '--param', 'window=30', '--param', 'q=0.9', '--chunk', '7', '--output', chunked]).code, 0);
    assert.equal(readFileSync(chunked, 'utf8'), readFileSync(out, 'utf8'));

    // --column feeds another bar column to x.
    const v = join(dir, 'v.csv');
    assert.equal(runCgq(['kernels', 'run', 'log1p_pos', '--input', input, '--column', 'volume', '--output', v]).code, 0);
    assert.equal(Number(readCsv(v).rows[0]![1]), Math.log1p(b.volume[0]!));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kernels run resample_ohlcv prints one row per bin, empty bins as empty prices with volume 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cgq-kernels-run-'));
  try {
    const input = join(dir, 'bars.csv');
    // Two stretches 40 minutes apart: 5-minute bins in between are empty.
    const a = bars(20).trimEnd().split('\n');
    const later = bars(10, 'BTCUSDT', Date.UTC(2024, 0, 2, 0, 30)).trimEnd().split('\n').slice(1);
    writeFileSync(input, [...a, ...later].join('\n') + '\n');
    const out = join(dir, 'r.csv');
    const r = runCgq(['kernels', 'run', 'resample_ohlcv', '--input', input, '--param', 'minutes=5', '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    const { header, rows } = readCsv(out);
    assert.deepEqual(header, ['timestamp', 'open', 'high', 'low', 'close', 'volume', 'count']);
    assert.equal(rows[0]![0], '2024-01-01T23:30:00Z');
    const stamps = rows.map((row) => Date.parse(row[0]!));
    stamps.forEach((t, i) => i > 0 && assert.equal(t - stamps[i - 1]!, 300_000, 'a full 5-minute grid'));
    const empty = rows.filter((row) => row[6] === '0');
    assert.ok(empty.length >= 5, 'the gap gives empty bins');
    for (const row of empty) assert.deepEqual(row.slice(1), ['', '', '', '', '0', '0']);
    assert.equal(rows.map((row) => Number(row[6])).reduce((x, y) => x + y, 0), a.length - 1 + later.length, 'every bar in one bin');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kernels run on the BTC fixture: resample to 20 minutes matches core._resample_ohlcv volume', (t) => {
  const input = sharedFile(t, 'fixtures/indicators/btcusdt_1m_2021-05-18T0000Z_3000.csv');
  const fx = sharedFile(t, 'fixtures/indicators/core._resample_ohlcv.json');
  if (!input || !fx) return;
  const dir = mkdtempSync(join(tmpdir(), 'cgq-kernels-run-'));
  try {
    const out = join(dir, 'r.csv');
    assert.equal(runCgq(['kernels', 'run', 'resample_ohlcv', '--input', input, '--param', 'minutes=20', '--output', out]).code, 0);
    const want = (JSON.parse(readFileSync(fx, 'utf8')) as { output: Record<string, { volume: number[] }> }).output['20T']!.volume;
    assert.deepEqual(readCsv(out).rows.map((r) => Number(r[5])), want);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kernels run: bad parameters, inputs and files are one-line typed errors (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cgq-kernels-run-'));
  try {
    const input = join(dir, 'bars.csv');
    writeFileSync(input, bars(50));
    const two = join(dir, 'two.csv');
    writeFileSync(two, bars(10) + bars(10, 'ETHUSDT').split('\n').slice(1).join('\n'));
    const out = join(dir, 'o.csv');
    const cases: [string[], RegExp][] = [
      [['rolling_quantile', '--param', 'window=0'], /cgq: KERNEL_PARAM: kernel rolling_quantile: parameter window must be in \[1,/],
      [['rolling_quantile', '--param', 'q=abc'], /cgq: KERNEL_PARAM: kernel rolling_quantile: parameter q: 'abc' is not a number/],
      [['rolling_quantile', '--param', 'q=nan'], /cgq: KERNEL_PARAM: kernel rolling_quantile: parameter q is NaN/],
      [['rolling_quantile', '--param', 'bogus=1'], /cgq: KERNEL_PARAM: kernel rolling_quantile: unknown parameter 'bogus'/],
      [['rolling_quantile', '--param', 'window'], /must be name=value/],
      [['causal_winsorize', '--param', 'lower=0.8', '--param', 'upper=0.2'], /parameter lower must be ≤ upper/],
      [['no_such_kernel'], /cgq: KERNEL_UNKNOWN: unknown kernel 'no_such_kernel'/],
      [['rolling_quantile', '--column', 'vwap'], /cgq: USAGE: --column vwap: choose one of/],
      [['rolling_quantile', '--chunk', '0'], /^cgq: USAGE: --chunk must be a positive integer \(got 0\)$/m],
      [['rolling_quantile', '--chunk', '2.5'], /^cgq: USAGE: --chunk must be a positive integer \(got 2\.5\)$/m],
    ];
    for (const [args, re] of cases) {
      const r = runCgq(['kernels', 'run', ...args, '--input', input, '--output', out]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    }
    const multi = runCgq(['kernels', 'run', 'asl', '--input', two, '--output', out]);
    assert.equal(multi.code, 2);
    assert.match(multi.stderr, /holds 2 symbols \(BTCUSDT, ETHUSDT\); kernels run takes one: pick it with --symbol/);
    assert.equal(runCgq(['kernels', 'run', 'asl', '--input', two, '--symbol', 'ETHUSDT', '--output', out]).code, 0);
    const missing = runCgq(['kernels', 'run', 'asl', '--input', join(dir, 'nope.csv'), '--output', out]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /INPUT_MISSING/);
    // An output that is the input file, or a directory: refused before anything is read or written.
    const before = readFileSync(input, 'utf8');
    const same = runCgq(['kernels', 'run', 'sma', '--input', input, '--output', join(dir, '.', 'bars.csv')]);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /^cgq: USAGE: --output \S+bars\.csv: is the input file \S+bars\.csv; write the output elsewhere\n$/);
    assert.equal(readFileSync(input, 'utf8'), before, 'the input is untouched');
    const toDir = runCgq(['kernels', 'run', 'sma', '--input', input, '--output', dir]);
    assert.equal(toDir.code, 2);
    assert.match(toDir.stderr, /^cgq: USAGE: --output \S+: is a directory; give a file path\n$/);
    const list = runCgq(['kernels', 'list']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^rolling_quantile +in: x +params: window=20 q=0.5 min_periods=-1 +out: quantile/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
