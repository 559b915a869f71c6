/**
 * The operations a worker can run, by task `op`. Each op reads its inputs from shared memory at
 * the task's offsets, writes its outputs there, and returns at most a small `data` value.
 * A new kind of work registers its handler here (one line), so the worker entry stays thin.
 */
import { WORKER_SCRATCH, type KernelCall, type KernelRuntime } from '../kernels/runtime.js';
import { getKernel } from '../kernels/registry.js';
import { CgqError } from '../errors.js';
import type { KernelTask, Task } from './protocol.js';
import { ENCODE_DAY_OP, encodeDayOp } from '../io/lake/encode-op.js';
import { DECODE_DAY_OP, decodeDayOp } from '../io/lake/decode-op.js';
import { EMD_OPS } from '../emd/ops.js';
import { TEAM_OP, ceemdanTeamOp } from '../emd/team-op.js';

export interface WorkerContext {
  runtime: KernelRuntime;
  memory: WebAssembly.Memory;
  /** This worker's private scratch region (after its call area). */
  scratchOff: number;
  scratchBytes: number;
  slot: number;
}

export type OpHandler = (task: Task, ctx: WorkerContext) => unknown;

/** Scratch bytes a registry kernel declares for this call (0 when it needs none). */
function declaredScratch(call: KernelCall): number {
  const spec = getKernel(call.kernel);
  if (!spec.scratchBytes) return 0;
  const p: Record<string, number> = {};
  spec.params.forEach((q, i) => (p[q.name] = call.params[i]!));
  return spec.scratchBytes(call.n, p);
}

function runKernels(task: Task, ctx: WorkerContext): unknown {
  for (const call of (task as KernelTask).calls) {
    if (call.scratch === WORKER_SCRATCH) {
      // Never let a kernel run past the end of this worker's private region.
      const need = declaredScratch(call);
      if (need > ctx.scratchBytes) {
        throw new CgqError('INTERNAL', `kernel ${call.kernel} needs ${need} B of scratch, the worker has ${ctx.scratchBytes} B: create the pool with scratchBytes >= ${need}`);
      }
      ctx.runtime.invoke({ ...call, scratch: ctx.scratchOff });
    } else {
      ctx.runtime.invoke(call);
    }
  }
  return undefined;
}

export const WORKER_OPS: Record<string, OpHandler> = {
  kernels: runKernels,
  [ENCODE_DAY_OP]: encodeDayOp,
  [DECODE_DAY_OP]: decodeDayOp,
  ...EMD_OPS,
  [TEAM_OP]: ceemdanTeamOp,
};

export function opHandler(op: string): OpHandler {
  const h = WORKER_OPS[op];
  if (!h) throw new CgqError('INTERNAL', `worker has no op '${op}'`);
  return h;
}
