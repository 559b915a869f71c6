/**
 * The file Piscina loads in every engine worker: CommonJS on purpose. Piscina loads its worker
 * file with require(); for an ES module, Node 20 then takes its synchronous require(esm) path,
 * and a worker terminated while on that path (the replacement Piscina starts after a task is
 * cancelled by Ctrl-C or a worker dies, then closed with the pool) aborts the whole process with
 * a V8 fatal error. Loaded from here with import(), the same termination just ends the worker.
 * The real entry (workers/engine-worker.ts, or a test fixture) is named in workerData.handler.
 */
import { workerData } from 'node:worker_threads';

type Handler = (task: unknown) => unknown;

// Started at once, so the entry's set-up (kernel instance, warm-up) runs while the pool starts.
const loading: Promise<Handler> = import((workerData as { handler: string }).handler).then((m: { default: Handler }) => m.default);
// A failed load surfaces through the first task, not as an unhandled rejection before it.
loading.catch(() => {});

export = async function runTask(task: unknown): Promise<unknown> {
  return (await loading)(task);
};
