/**
 * `cgq bench kernels`: every registry kernel over 1 M bars, in M bars/s, against its plain-TS
 * reference measured in the same run. Inputs are staged in the shared arena once; the wasm case
 * times the kernel call alone (as the engine runs it), the reference case the TS function.
 */
import { SharedArena } from '../src/engine/arena.js';
import { LocalKernels } from '../src/kernels/local.js';
import { KERNELS, resolveParams } from '../src/kernels/registry.js';
import { makeReport, runCases, writeReport, type BenchCase, type BenchSuite } from './harness.js';
import { syntheticBars } from './data.js';

export const suite: BenchSuite = {
  name: 'kernels',
  describe: 'registry kernels on 1 M bars vs their TS references (M bars/s)',
  async run({ quick, log, outDir }) {
    const n = quick ? 20_000 : 1_000_000;
    const bars = syntheticBars(n, 7);
    const arena = new SharedArena(undefined, 64 * n * 8);
    const local = new LocalKernels(arena);
    const cases: BenchCase[] = [];
    for (const spec of KERNELS) {
      const p = resolveParams(spec, spec.benchParams);
      const inputs = spec.inputs.map((name) => bars[name as keyof typeof bars] ?? bars.close);
      const ins = inputs.map((x) => arena.putF64(x));
      const outs = spec.outputs.map(() => arena.allocF64(n));
      const stateLen = spec.stateLen?.(p) ?? 0;
      const state = stateLen ? arena.allocF64(stateLen) : 0;
      const scratchBytes = spec.scratchBytes?.(n, p) ?? 0;
      const scratch = scratchBytes ? arena.alloc(scratchBytes) : 0;
      const params = spec.params.map((q) => p[q.name]!);
      const call = { kernel: spec.name, n, ins, outs, params, state, scratch };
      cases.push({
        name: `${spec.name} wasm`,
        group: spec.name,
        impl: 'cgq',
        unit: 'M bars/s',
        work: n / 1e6,
        fn: () => {
          if (state) arena.f64(state, stateLen).fill(0);
          local.runtime.invoke(call);
        },
      });
      cases.push({ name: `${spec.name} ts-reference`, group: spec.name, impl: 'ts-reference', unit: 'M bars/s', work: n / 1e6, fn: () => spec.reference(inputs, p) });
    }
    const results = await runCases(cases, log);
    const rep = makeReport('kernels', results, { params: { bars: n }, goals: { 'ts-reference': 1.0 } });
    if (!quick) writeReport(rep, outDir);
    return rep;
  },
};
