/**
 * Full-size checks, run with CGQ_SLOW=1 (`npm run test:slow`): PyEMD 1.10.2's recorded row counts
 * at n = 32,000 and 129,600 (../shared/notes/perf_anchors_emd.md: EMD 12 and 15 rows, CEEMDAN
 * t20 13 rows at 32,000 and 15 rows at 129,600) and reconstruction, through the pool.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedArena } from '../../src/engine/arena.js';
import { EnginePool } from '../../src/engine/pool.js';
import { LocalKernels } from '../../src/kernels/local.js';
import { ceemdan } from '../../src/emd/ceemdan.js';
import { emd } from '../../src/emd/emd.js';
import { PoolExecutor, emdPoolScratchBytes } from '../../src/emd/executor.js';
import { ceemdanSettings, emdSettings } from '../../src/emd/settings.js';
import { reconstructionError, seriesPrefix } from './emd-helpers.js';

const SLOW = !process.env.CGQ_SLOW;
let pool: EnginePool | undefined;
let engine: { local: LocalKernels; exec: PoolExecutor } | undefined;

function get(): { local: LocalKernels; exec: PoolExecutor } {
  if (!engine) {
    const arena = new SharedArena();
    pool = new EnginePool(arena, { scratchBytes: emdPoolScratchBytes(129_600) });
    engine = { local: new LocalKernels(arena), exec: new PoolExecutor(pool) };
  }
  return engine;
}
after(async () => {
  await pool?.close();
});

for (const [n, rows] of [[32_000, 12], [129_600, 15]] as const) {
  test(`EMD at n = ${n} has PyEMD's ${rows} rows and reconstructs`, { skip: SLOW && 'set CGQ_SLOW=1' }, async (t) => {
    const x = seriesPrefix(t, n);
    if (!x) return;
    const { local, exec } = get();
    const r = await emd(exec, local, x, emdSettings());
    assert.equal(r.rows.length, rows);
    assert.ok(reconstructionError(r.rows, x) < 1e-12);
  });
}

for (const [n, rows] of [[32_000, 13], [129_600, 15]] as const) {
  test(`CEEMDAN t20 at n = ${n} has PyEMD's ${rows} rows and reconstructs`, { skip: SLOW && 'set CGQ_SLOW=1' }, async (t) => {
    const x = seriesPrefix(t, n);
    if (!x) return;
    const { local, exec } = get();
    const r = await ceemdan(exec, local, [x], { settings: ceemdanSettings({ trials: 20 }) });
    assert.equal(r.results[0]!.rows.length, rows);
    assert.ok(reconstructionError(r.results[0]!.rows, x) <= 1e-9);
  });
}
