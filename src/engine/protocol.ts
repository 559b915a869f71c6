/**
 * The coordinator ↔ worker protocol. Tasks and results are plain serialisable objects holding
 * offsets into the shared memory, never arrays or handles, so the same task could be queued to
 * another process or machine (a backend swap). Each task carries the key of its partition, which
 * every failure message names.
 */
import type { KernelCall } from '../kernels/runtime.js';

/** Run kernel calls in order (one partition's work on columns already in shared memory). */
export interface KernelTask {
  op: 'kernels';
  key: string;
  calls: KernelCall[];
}

/** Ops registered by other modules (EMD, ...) extend this union through `TaskOp`. */
export interface OpTask {
  op: string;
  key: string;
  [field: string]: unknown;
}

export type Task = KernelTask | OpTask;

export interface TaskOk {
  ok: true;
  key: string;
  /** Worker-side milliseconds spent on the task. */
  ms: number;
  /** Which scratch slot (≈ worker) ran it; for diagnostics only, never for output. */
  slot: number;
  /** Op-specific small results (scalars, counts); bulk results go to shared memory. */
  data?: unknown;
}

export interface TaskFailed {
  ok: false;
  key: string;
  code: string;
  message: string;
}

export type TaskResult = TaskOk | TaskFailed;

/** What every worker receives at start (cloned once; the memory and module are shared). */
export interface WorkerInit {
  /** File URL of the ES-module entry workers/esm-entry.cts loads (workers/engine-worker.ts or a test fixture). */
  handler: string;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Int32 flags, one per slot: 0 free, 1 claimed. */
  slotTableOff: number;
  slotCount: number;
  /** Offset of slot 0; slot i starts at slotBase + i * slotBytes. */
  slotBase: number;
  slotBytes: number;
  /** Skip kernel warm-up (tests that count instantiations). */
  noWarmup?: boolean;
}
