/**
 * The engine end to end: columns in the shared arena, kernels run by Piscina workers, results
 * read back by the coordinator as Arrow vectors with no copy; identical for --n-jobs 1 and 2;
 * canonical result order; failures name the partition key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedArena } from '../../src/engine/arena.js';
import { EnginePool } from '../../src/engine/pool.js';
import { runPartitioned } from '../../src/engine/coordinator.js';
import { allocF64Column, vectorFromDesc, tableFromDescs, allocTsColumn, allocDictColumn, type ColumnDesc } from '../../src/engine/columns.js';
import { bySymbol, bySymbolDay, dayRuns } from '../../src/engine/partition.js';
import { LocalKernels } from '../../src/kernels/local.js';
import { getKernel, resolveParams } from '../../src/kernels/registry.js';
import { WORKER_SCRATCH, type KernelCall } from '../../src/kernels/runtime.js';
import { CgqError } from '../../src/errors.js';
import { DIST_ROOT } from '../../src/paths.js';
import { join } from 'node:path';
import { assertIdentical, randomSeries } from '../helpers/compare.js';

const SYMBOLS = ['ETHUSDT', 'BTCUSDT', 'SOLUSDT', 'ADAUSDT', 'XRPUSDT'];
const N = 50_000;

/** Stage one close column per symbol in the arena; returns descriptors in partition order. */
function stageInputs(arena: SharedArena): Map<string, ColumnDesc> {
  const cols = new Map<string, ColumnDesc>();
  SYMBOLS.forEach((s, k) => cols.set(s, allocF64Column(arena, `${s}.close`, N, randomSeries(N, 100 + k, 0.01))));
  return cols;
}

/** One task per symbol: EMA(12) then rolling std(60) of the close, outputs in shared memory. */
async function computeWithPool(nJobs: number) {
  const arena = new SharedArena();
  const inputs = stageInputs(arena);
  const pool = new EnginePool(arena, { nJobs });
  try {
    assert.equal(pool.threads, nJobs, 'never more threads than asked');
    const outs = new Map<string, { ema: ColumnDesc; std: ColumnDesc }>();
    const order: string[] = [];
    const calls = (sym: string): KernelCall[] => {
      const ema = getKernel('ema');
      const std = getKernel('rolling_std');
      const pe = resolveParams(ema, { span: 12 });
      const ps = resolveParams(std, { window: 60 });
      const o = { ema: allocF64Column(arena, `${sym}.ema`, N), std: allocF64Column(arena, `${sym}.std`, N) };
      outs.set(sym, o);
      const se = arena.allocF64(ema.stateLen!(pe));
      const ss = arena.allocF64(std.stateLen!(ps));
      arena.f64(se, ema.stateLen!(pe)).fill(0);
      arena.f64(ss, std.stateLen!(ps)).fill(0);
      return [
        { kernel: 'ema', n: N, ins: [inputs.get(sym)!.off], outs: [o.ema.off], params: [pe.span!, pe.min_periods!], state: se, scratch: 0 },
        { kernel: 'rolling_std', n: N, ins: [inputs.get(sym)!.off], outs: [o.std.off], params: [ps.window!, ps.min_periods!, ps.ddof!], state: ss, scratch: 0 },
      ];
    };
    const parts = bySymbol(SYMBOLS);
    const results = await runPartitioned(pool, {
      label: 'test',
      partitions: parts,
      task: (p) => ({ op: 'kernels', key: p.key, calls: calls(p.symbol) }),
      onResult: (p) => {
        order.push(p.symbol);
      },
    });
    return { arena, inputs, outs, order, results, parts };
  } finally {
    await pool.close();
  }
}

test('workers write shared columns the coordinator reads with no copy; --n-jobs 1 and 2 agree byte for byte', async () => {
  const one = await computeWithPool(1);
  const two = await computeWithPool(2);
  assert.deepEqual(one.order, [...SYMBOLS].sort(), 'results are handed back in canonical (symbol) order');
  assert.deepEqual(two.order, [...SYMBOLS].sort());
  assert.ok(new Set(two.results.map((r) => r.slot)).size >= 1);
  const local = new LocalKernels();
  for (const sym of SYMBOLS) {
    // Zero copy: the Arrow vector's values are a view on the shared memory itself.
    const emaVec = vectorFromDesc(two.arena.memory, two.outs.get(sym)!.ema);
    const values = emaVec.data[0]!.values as Float64Array;
    assert.equal(values.buffer, two.arena.memory.buffer, 'Arrow column is a view over the shared memory (no copy)');
    assert.equal(values.byteOffset, two.outs.get(sym)!.ema.off);
    // Same numbers as the in-thread kernel, and bit-identical across --n-jobs.
    const x = two.arena.f64(two.inputs.get(sym)!.off, N);
    assertIdentical(values, local.run('ema', [x], { span: 12 })[0]!, `${sym} ema vs local`);
    for (const k of ['ema', 'std'] as const) {
      const a = new Uint8Array(one.arena.buffer, one.outs.get(sym)![k].off, N * 8);
      const b = new Uint8Array(two.arena.buffer, two.outs.get(sym)![k].off, N * 8);
      assert.ok(Buffer.from(a).equals(Buffer.from(b)), `${sym} ${k}: --n-jobs 1 and 2 differ`);
    }
  }
});

test('a table rebuilt from descriptors is zero-copy for every column kind', () => {
  const arena = new SharedArena();
  const ts = allocTsColumn(arena, 'ts', [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 0, 1), Date.UTC(2024, 0, 1, 0, 2)]);
  const sym = allocDictColumn(arena, 'symbol', ['BTCUSDT', 'ETHUSDT'], [0, 1, 0]);
  const close = allocF64Column(arena, 'close', 3, [1.5, -0, 3.25]);
  const t = tableFromDescs(arena.memory, [sym, ts, close]);
  assert.equal(t.numRows, 3);
  assert.deepEqual(t.getChild('symbol')!.toArray(), ['BTCUSDT', 'ETHUSDT', 'BTCUSDT']);
  assert.equal(t.getChild('ts')!.get(1), Date.UTC(2024, 0, 1, 0, 1));
  assert.ok(Object.is(t.getChild('close')!.get(1), -0));
  for (const name of ['ts', 'close']) assert.equal(t.getChild(name)!.data[0]!.values.buffer, arena.memory.buffer, `${name} is a view`);
});

test('partitioners give canonical keys', () => {
  assert.deepEqual(bySymbol(['B', 'A', 'B']).map((p) => p.key), ['A', 'B']);
  const days = bySymbolDay(['ETH', 'BTC'], Date.UTC(2024, 0, 1, 12), Date.UTC(2024, 0, 3));
  assert.deepEqual(days.map((p) => p.key), ['BTC/2024-01-01', 'BTC/2024-01-02', 'ETH/2024-01-01', 'ETH/2024-01-02']);
  assert.equal(days[0]!.startMs, Date.UTC(2024, 0, 1, 12));
  assert.equal(days[1]!.endMs, Date.UTC(2024, 0, 3));
  const runs = dayRuns([Date.UTC(2024, 0, 1, 23, 59), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 2, 5), Date.UTC(2024, 0, 4)]);
  assert.deepEqual(runs.map((r) => [r.day, r.from, r.to]), [['2024-01-01', 0, 1], ['2024-01-02', 1, 3], ['2024-01-04', 3, 4]]);
});

test('results are handed back in partition order when completion order differs', async () => {
  const arena = new SharedArena();
  const pool = new EnginePool(arena, { nJobs: 2, workerFile: join(DIST_ROOT, 'test', 'fixtures', 'crashing-worker.js'), noWarmup: true });
  try {
    const keys = ['SLOW:300/a', 'SLOW:10/b', 'SLOW:150/c', 'SLOW:0/d'];
    const seen: string[] = [];
    const res = await runPartitioned(pool, { label: 't', partitions: keys, task: (k) => ({ op: 'kernels', key: k, calls: [] }), onResult: (k) => void seen.push(k) });
    assert.deepEqual(seen, keys);
    assert.deepEqual(res.map((r) => r.key), keys);
  } finally {
    await pool.close();
  }
});

test('a worker crash fails the run with the partition key in the message', async () => {
  const arena = new SharedArena();
  const pool = new EnginePool(arena, { nJobs: 2, workerFile: join(DIST_ROOT, 'test', 'fixtures', 'crashing-worker.js'), noWarmup: true });
  try {
    await assert.rejects(
      runPartitioned(pool, { label: 't', partitions: ['ok/1', 'CRASH/BTCUSDT/2024-01-02', 'ok/3'], task: (k) => ({ op: 'kernels', key: k, calls: [] }) }),
      (e: unknown) => e instanceof CgqError && e.code === 'WORKER_CRASH' && e.message.includes('CRASH/BTCUSDT/2024-01-02'),
    );
  } finally {
    await pool.close();
  }
});

test('a kernel trap fails the run with the partition key in the message', async () => {
  const arena = new SharedArena();
  const pool = new EnginePool(arena, { nJobs: 1, noWarmup: true });
  try {
    const out = arena.allocF64(16);
    const state = arena.allocF64(64);
    // An input offset beyond the end of memory makes the kernel trap (out-of-bounds load).
    const bad: KernelCall = { kernel: 'rolling_mean', n: 16, ins: [0xfffffff0], outs: [out], params: [4, -1], state, scratch: 0 };
    await assert.rejects(
      runPartitioned(pool, { label: 't', partitions: ['ETHUSDT/2024-03-01'], task: (k) => ({ op: 'kernels', key: k, calls: [bad] }) }),
      (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_TRAP' && /ETHUSDT\/2024-03-01.*rolling_mean trapped/.test(e.message),
    );
  } finally {
    await pool.close();
  }
});

test('--n-jobs is validated', () => {
  assert.throws(() => new EnginePool(new SharedArena(), { nJobs: 0 }), (e: unknown) => e instanceof CgqError && e.code === 'USAGE' && /--n-jobs/.test(e.message));
  assert.throws(() => new EnginePool(new SharedArena(), { nJobs: 1.5 }), (e: unknown) => e instanceof CgqError && e.code === 'USAGE');
});

test('a kernel whose declared scratch exceeds the worker slot fails clearly instead of overrunning it', async () => {
  const arena = new SharedArena();
  const pool = new EnginePool(arena, { nJobs: 1, noWarmup: true, scratchBytes: 1 << 20 });
  try {
    const spec = getKernel('rolling_quantile');
    const p = resolveParams(spec, { window: 30_000 });
    const need = spec.scratchBytes!(1000, p);
    assert.ok(need > 1 << 20, 'the case needs more than the slot');
    const x = arena.putF64(randomSeries(1000, 5));
    const out = arena.allocF64(1000);
    const state = arena.allocF64(spec.stateLen!(p));
    arena.f64(state, spec.stateLen!(p)).fill(0);
    const call: KernelCall = { kernel: spec.name, n: 1000, ins: [x], outs: [out], params: spec.params.map((q) => p[q.name]!), state, scratch: WORKER_SCRATCH };
    await assert.rejects(
      runPartitioned(pool, { label: 't', partitions: ['BTCUSDT'], task: (k) => ({ op: 'kernels', key: k, calls: [call] }) }),
      (e: unknown) => e instanceof CgqError && /BTCUSDT: kernel rolling_quantile needs \d+ B of scratch, the worker has 1048576 B/.test(e.message),
    );
  } finally {
    await pool.close();
  }
});
