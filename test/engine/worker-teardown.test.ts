/**
 * Closing a pool while Piscina is starting replacement workers must not take the process down.
 * Before workers/esm-entry.cts, Piscina loaded the ES-module worker with Node's synchronous
 * require(esm); a replacement worker terminated on that path (after a worker died or a task was
 * cancelled) aborted the whole process with "FATAL ERROR: v8::Module::IsGraphAsync". Here: many
 * rounds in a child process of both workers dying, then the pool closing while Piscina starts
 * their replacements. The child must finish cleanly; with the require(esm) entry restored it
 * aborted in 5 runs of 5 (within 2 to 16 s), and with one worker dying per round in 2 of 3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DIST_ROOT } from '../../src/paths.js';

const ROUNDS = 150;

test(`a pool closed right after its workers died ${ROUNDS} times: the process survives every time`, () => {
  const mod = (p: string) => JSON.stringify(join(DIST_ROOT, p));
  const script = `
    const { SharedArena } = await import(${mod('src/engine/arena.js')});
    const { EnginePool } = await import(${mod('src/engine/pool.js')});
    const { runPartitioned } = await import(${mod('src/engine/coordinator.js')});
    let crashes = 0;
    for (let i = 0; i < ${ROUNDS}; i++) {
      const pool = new EnginePool(new SharedArena(), { nJobs: 2, workerFile: ${mod('test/fixtures/crashing-worker.js')}, noWarmup: true });
      try {
        await runPartitioned(pool, { label: 't', partitions: ['CRASH/A', 'CRASH/B', 'ok/3'], task: (k) => ({ op: 'kernels', key: k, calls: [] }) });
      } catch (e) {
        if (e.code !== 'WORKER_CRASH') throw e;
        crashes++;
      }
      await pool.close();
    }
    console.log('rounds', ${ROUNDS}, 'crashes', crashes);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 240_000 });
  assert.doesNotMatch(r.stderr, /FATAL ERROR|Assertion failed/, 'no V8 fatal error');
  assert.equal(r.signal, null, `child ended by ${r.signal}: ${r.stderr.slice(0, 400)}`);
  assert.equal(r.status, 0, r.stderr.slice(0, 400));
  assert.equal(r.stdout.trim(), `rounds ${ROUNDS} crashes ${ROUNDS}`, 'every round failed with WORKER_CRASH and closed');
});
