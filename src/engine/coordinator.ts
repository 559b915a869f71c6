/**
 * The coordinator: schedule one task per partition on the pool, report progress, and hand results
 * back in canonical partition order whatever the completion order. The first failure cancels the
 * rest (no new work starts) and is rethrown once in-flight tasks have settled, so callers can
 * clean up before exiting.
 */
import { CgqError, asCgqError } from '../errors.js';
import type { EnginePool } from './pool.js';
import type { Progress } from './progress.js';
import type { Task, TaskOk } from './protocol.js';

export interface PartitionedJob<P> {
  label: string;
  partitions: readonly P[];
  task: (p: P, index: number) => Task;
  /** Called in partition order, each as soon as it and all earlier partitions are done. */
  onResult?: (p: P, r: TaskOk, index: number) => void | Promise<void>;
}

export interface RunOptions {
  progress?: Progress;
  signal?: AbortSignal;
}

export async function runPartitioned<P>(pool: EnginePool, job: PartitionedJob<P>, opts: RunOptions = {}): Promise<TaskOk[]> {
  const n = job.partitions.length;
  const results: (TaskOk | undefined)[] = new Array(n);
  const cancel = new AbortController();
  const onOuterAbort = () => cancel.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let firstError: CgqError | undefined;
  let emitted = 0;
  let emitting: Promise<void> = Promise.resolve();

  const emitReady = async () => {
    while (emitted < n && results[emitted] && !firstError) {
      const i = emitted++;
      await job.onResult?.(job.partitions[i]!, results[i]!, i);
    }
  };

  opts.progress?.start(n, job.label);
  try {
    const runs = job.partitions.map(async (p, i) => {
      if (cancel.signal.aborted) return;
      try {
        results[i] = await pool.run(job.task(p, i), cancel.signal);
        opts.progress?.tick();
        emitting = emitting.then(emitReady);
        await emitting;
      } catch (e) {
        if (!firstError) {
          firstError = opts.signal?.aborted ? new CgqError('INTERRUPTED', `${job.label}: interrupted`) : asCgqError(e);
          cancel.abort();
        }
      }
    });
    await Promise.all(runs);
    await emitting.catch((e: unknown) => {
      firstError ??= asCgqError(e);
    });
  } finally {
    opts.progress?.stop();
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (opts.signal?.aborted && !firstError) firstError = new CgqError('INTERRUPTED', `${job.label}: interrupted`);
  if (firstError) throw firstError;
  return results as TaskOk[];
}
