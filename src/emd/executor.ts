/**
 * Where EMD/CEEMDAN tasks run: on the engine pool (spread over --n-jobs workers) or in the calling
 * thread (no pool, for library use and small inputs). Both run the same op handlers on the same
 * kernels, so a decomposition is identical either way.
 */
import { CgqError } from '../errors.js';
import { CALL_AREA_BYTES, KernelRuntime } from '../kernels/runtime.js';
import { loadKernelModule } from '../kernels/wasm.js';
import type { EnginePool } from '../engine/pool.js';
import type { SharedArena } from '../engine/arena.js';
import type { OpTask, Task } from '../engine/protocol.js';
import type { WorkerContext } from '../engine/worker-ops.js';
import { EMD_OPS, type EmdReply } from './ops.js';

export interface EmdDone<R = EmdReply> {
  data: R;
  /** Milliseconds the task ran (worker side). */
  ms: number;
}

export interface EmdExecutor {
  /** How many tasks can run at once. */
  readonly workers: number;
  /**
   * Whether `workers` tasks posted together run at once on separate threads, so they can work as
   * a team that waits on each other through shared memory (./team-op.ts).
   */
  readonly teams: boolean;
  run<R = EmdReply>(task: OpTask): Promise<EmdDone<R>>;
}

/** Bytes of scratch one EMD of n samples needs (mirrors assembly/emd/layout.ts; a test checks it). */
export function emdScratchBytes(n: number): number {
  const up64 = (x: number) => Math.ceil(x / 64) * 64;
  const n8 = n * 8;
  const kc = ((n >> 1) + 8) * 8;
  const lists = ((n >> 1) + 16) * 4;
  const lc = (n >> 5) + 4;
  const leafBuf = 144 * 8;
  const splineState = 272; // assembly/emd/spline.ts SPLINE_STATE_BYTES
  const envelope = [kc, kc, kc, kc];
  const regions = [n8, n8, lists, lists, lists, lists, ...envelope, ...envelope, kc, ...Array(5).fill(2 * kc), splineState, n8, n8, leafBuf, leafBuf, lc * 4, lc * 8, lc * 8, lc * 8, lc * 8, 256, n8, n8, n8];
  return regions.reduce((p, r) => up64(p + r), 0) + 64;
}

/** Worker scratch to ask an EnginePool for so its workers can decompose series of n samples. */
export function emdPoolScratchBytes(n: number): number {
  return emdScratchBytes(n) + 4096;
}

export class PoolExecutor implements EmdExecutor {
  constructor(
    private readonly pool: EnginePool,
    private readonly signal?: AbortSignal,
  ) {}

  get workers(): number {
    return this.pool.nJobs;
  }

  readonly teams = true;

  async run<R = EmdReply>(task: OpTask): Promise<EmdDone<R>> {
    const r = await this.pool.run(task, this.signal);
    return { data: r.data as R, ms: r.ms };
  }
}

/** Runs tasks one at a time in this thread, on its own kernel instance and scratch in the arena. */
export class LocalExecutor implements EmdExecutor {
  readonly workers = 1;
  /** Its tasks block this thread while they run. */
  readonly teams = false;
  private readonly ctx: WorkerContext;

  constructor(arena: SharedArena, maxN: number, module: WebAssembly.Module = loadKernelModule()) {
    const scratchBytes = emdPoolScratchBytes(maxN);
    const callArea = arena.alloc(CALL_AREA_BYTES + scratchBytes);
    this.ctx = {
      runtime: new KernelRuntime(module, arena.memory, callArea),
      memory: arena.memory,
      scratchOff: callArea + CALL_AREA_BYTES,
      scratchBytes,
      slot: 0,
    };
  }

  async run<R = EmdReply>(task: OpTask): Promise<EmdDone<R>> {
    // Yield first so completions and SIGINT are handled between tasks.
    await new Promise((r) => setImmediate(r));
    const h = (EMD_OPS as Record<string, (t: Task, c: WorkerContext) => EmdReply>)[task.op];
    if (!h) throw new CgqError('INTERNAL', `no EMD op '${task.op}'`);
    const t0 = performance.now();
    const data = h(task, this.ctx) as R;
    return { data, ms: performance.now() - t0 };
  }
}
