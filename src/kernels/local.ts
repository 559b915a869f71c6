/**
 * Running registry kernels in the calling thread, on the shared arena: the path for the CLI's
 * one-off computations, for tests and for benchmarks. Inputs are copied into the arena once
 * (TypedArray.set), outputs copied out; `chunk` feeds the input in pieces through the carried
 * state, which must give exactly the batch result.
 */
import { CgqError } from '../errors.js';
import { SharedArena } from '../engine/arena.js';
import { CALL_AREA_BYTES, KernelRuntime } from './runtime.js';
import { checkLength, getKernel, resolveParams } from './registry.js';
import { loadKernelModule } from './wasm.js';

export interface LocalRunOptions {
  /** Feed the input in chunks of this many rows (carried state between chunks). */
  chunk?: number;
}

export class LocalKernels {
  readonly runtime: KernelRuntime;

  constructor(
    readonly arena: SharedArena = new SharedArena(),
    module: WebAssembly.Module = loadKernelModule(),
  ) {
    this.runtime = new KernelRuntime(module, arena.memory, arena.alloc(CALL_AREA_BYTES));
  }

  run(name: string, inputs: readonly Float64Array[], given: Readonly<Record<string, number | undefined>> = {}, opts: LocalRunOptions = {}): Float64Array[] {
    const spec = getKernel(name);
    const p = resolveParams(spec, given);
    if (inputs.length !== spec.inputs.length) {
      throw new CgqError('USAGE', `kernel ${name} takes ${spec.inputs.length} input(s) (${spec.inputs.join(', ')}), got ${inputs.length}`);
    }
    const n = inputs[0]?.length ?? 0;
    inputs.forEach((x, i) => {
      if (x.length !== n) throw new CgqError('USAGE', `kernel ${name}: input ${spec.inputs[i]} has ${x.length} rows, expected ${n}`);
    });
    checkLength(spec, n, p);
    const chunk = opts.chunk ?? Math.max(n, 1);
    if (!(Number.isInteger(chunk) && chunk >= 1)) throw new CgqError('USAGE', `chunk must be a positive integer (got ${chunk})`);
    const params = spec.params.map((q) => p[q.name]!);
    const arena = this.arena;
    const mark = arena.mark();
    try {
      const ins = inputs.map((x) => arena.putF64(x));
      const outs = spec.outputs.map(() => arena.allocF64(n));
      const stateLen = spec.stateLen?.(p) ?? 0;
      const state = stateLen > 0 ? arena.allocF64(stateLen) : 0;
      if (state) arena.f64(state, stateLen).fill(0);
      const scratchBytes = spec.scratchBytes?.(Math.min(chunk, n), p) ?? 0;
      const scratch = scratchBytes > 0 ? arena.alloc(scratchBytes) : 0;
      for (let s = 0; s < n; s += chunk) {
        const len = Math.min(chunk, n - s);
        this.runtime.invoke({
          kernel: name,
          n: len,
          ins: ins.map((o) => o + s * 8),
          outs: outs.map((o) => o + s * 8),
          params,
          state,
          scratch,
        });
      }
      if (n === 0) this.runtime.invoke({ kernel: name, n: 0, ins, outs, params, state, scratch });
      return outs.map((o) => arena.f64(o, n).slice());
    } finally {
      arena.release(mark);
    }
  }
}
