/**
 * Piscina worker entry: instantiate the kernel module once on the shared memory, claim a private
 * scratch slot, warm the kernels up, then decode tasks, run them, reply. Thin on purpose: the work
 * itself lives in src/engine/worker-ops.ts.
 */
import { workerData } from 'node:worker_threads';
import { CALL_AREA_BYTES, KernelRuntime } from '../src/kernels/runtime.js';
import { warmUpKernels } from '../src/kernels/warmup.js';
import { opHandler, type WorkerContext } from '../src/engine/worker-ops.js';
import type { Task, TaskResult, WorkerInit } from '../src/engine/protocol.js';
import { asCgqError } from '../src/errors.js';

const init = workerData as WorkerInit;

function claimSlot(): number {
  const flags = new Int32Array(init.memory.buffer, init.slotTableOff, init.slotCount);
  for (let i = 0; i < init.slotCount; i++) {
    if (Atomics.compareExchange(flags, i, 0, 1) === 0) return i;
  }
  throw new Error(`no free scratch slot among ${init.slotCount}: more workers than --n-jobs`);
}

const slot = claimSlot();
const slotOff = init.slotBase + slot * init.slotBytes;
process.on('exit', () => {
  Atomics.store(new Int32Array(init.memory.buffer, init.slotTableOff, init.slotCount), slot, 0);
});

const ctx: WorkerContext = {
  runtime: new KernelRuntime(init.module, init.memory, slotOff),
  memory: init.memory,
  scratchOff: slotOff + CALL_AREA_BYTES,
  scratchBytes: init.slotBytes - CALL_AREA_BYTES,
  slot,
};

if (!init.noWarmup) warmUpKernels(init.module);

export default function runTask(task: Task): TaskResult {
  const t0 = performance.now();
  try {
    const data = opHandler(task.op)(task, ctx);
    return { ok: true, key: task.key, ms: performance.now() - t0, slot, data };
  } catch (e) {
    const err = asCgqError(e, e instanceof WebAssembly.RuntimeError ? 'KERNEL_TRAP' : 'INTERNAL');
    return { ok: false, key: task.key, code: err.code, message: err.message };
  }
}
