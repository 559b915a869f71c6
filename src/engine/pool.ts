/**
 * The worker pool: Piscina threads sized by --n-jobs (never more threads than asked), each holding
 * one kernel instance on the shared arena and a private scratch slot carved from the arena here.
 * Failures come back as typed errors naming the task's partition key: a failed op (its own error
 * code), a kernel trap (KERNEL_TRAP) or a dead worker (WORKER_CRASH).
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { CgqError, type ErrorCode, ERROR_CODES } from '../errors.js';
import { workerFile } from '../paths.js';
import { CALL_AREA_BYTES } from '../kernels/runtime.js';
import { loadKernelModule } from '../kernels/wasm.js';
import type { SharedArena } from './arena.js';
import type { Task, TaskOk, TaskResult, WorkerInit } from './protocol.js';

export interface PoolOptions {
  /** Worker threads; default: the machine's available parallelism. */
  nJobs?: number;
  /** Private scratch bytes per worker (besides its call area). */
  scratchBytes?: number;
  /** Worker entry file (tests substitute their own). */
  workerFile?: string;
  /** Skip kernel warm-up in workers. */
  noWarmup?: boolean;
  module?: WebAssembly.Module;
}

export const DEFAULT_SCRATCH_BYTES = 4 * 1024 * 1024;

/** Validate a --n-jobs value; default: the machine's available parallelism. */
export function resolveJobs(n: number | undefined): number {
  if (n === undefined) return availableParallelism();
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new CgqError('USAGE', `--n-jobs must be an integer in [1, 256] (got ${n})`);
  return n;
}

export class EnginePool {
  readonly nJobs: number;
  private readonly piscina: Piscina;
  private poolError: Error | undefined;

  constructor(
    readonly arena: SharedArena,
    opts: PoolOptions = {},
  ) {
    this.nJobs = resolveJobs(opts.nJobs);
    const slotBytes = CALL_AREA_BYTES + (opts.scratchBytes ?? DEFAULT_SCRATCH_BYTES);
    const slotTableOff = arena.alloc(this.nJobs * 4);
    arena.i32(slotTableOff, this.nJobs).fill(0);
    const slotBase = arena.alloc(this.nJobs * slotBytes);
    const init: WorkerInit = {
      handler: pathToFileURL(opts.workerFile ?? workerFile('engine-worker')).href,
      module: opts.module ?? loadKernelModule(),
      memory: arena.memory,
      slotTableOff,
      slotCount: this.nJobs,
      slotBase,
      slotBytes,
      noWarmup: opts.noWarmup,
    };
    this.piscina = new Piscina({
      // CommonJS, which import()s init.handler: see workers/esm-entry.cts for why not the ES module itself.
      filename: pathToFileURL(workerFile('esm-entry', '.cjs')).href,
      workerData: init,
      minThreads: this.nJobs,
      maxThreads: this.nJobs,
      idleTimeout: 2 ** 31 - 1,
      concurrentTasksPerWorker: 1,
    });
    // Without a listener, an 'error' event (e.g. after aborting a dispatched task) kills the process.
    this.piscina.on('error', (e: Error) => {
      this.poolError ??= e;
    });
  }

  /** Run one task; resolves with its result or rejects with a CgqError naming `task.key`. */
  async run(task: Task, signal?: AbortSignal): Promise<TaskOk> {
    let r: TaskResult;
    try {
      r = (await this.piscina.run(task, { signal })) as TaskResult;
    } catch (e) {
      if (signal?.aborted) throw new CgqError('INTERRUPTED', `partition ${task.key}: cancelled`);
      const msg = e instanceof Error ? e.message : String(e);
      const code: ErrorCode = /RuntimeError|unreachable|out of bounds/i.test(msg) ? 'KERNEL_TRAP' : 'WORKER_CRASH';
      throw new CgqError(code, `partition ${task.key}: worker failed: ${msg}`, { cause: e });
    }
    if (!r.ok) {
      const code = (r.code in ERROR_CODES ? r.code : 'INTERNAL') as ErrorCode;
      throw new CgqError(code, `partition ${r.key}: ${r.message}`);
    }
    return r;
  }

  /** The first asynchronous pool error seen, if any (diagnostics). */
  get error(): Error | undefined {
    return this.poolError;
  }

  get threads(): number {
    return this.piscina.threads.length;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
