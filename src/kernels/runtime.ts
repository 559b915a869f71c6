/**
 * One instance of the kernel module on a shared memory, and the one way to call a registry kernel:
 * write the column-offset tables and parameters into this instance's call area, call `k_<name>`,
 * turn a non-zero status or a trap into a typed error that names the kernel.
 */
import { CgqError } from '../errors.js';
import { RESERVED_BYTES } from '../engine/arena.js';
import { getKernel } from './registry.js';

/** The ABI of every registry kernel (assembly/abi.ts). */
export type KernelFn = (ins: number, outs: number, n: number, params: number, state: number, scratch: number) => number;

/** A serialisable kernel invocation: offsets into the shared memory, never arrays. */
export interface KernelCall {
  kernel: string;
  n: number;
  ins: readonly number[];
  outs: readonly number[];
  /** Resolved parameters in registry order. */
  params: readonly number[];
  /** Offset of the carried-state block, or 0 for a stateless kernel. */
  state: number;
  /** Offset of scratch bytes, 0 for none, or WORKER_SCRATCH for the running worker's own region. */
  scratch: number;
}

/** `KernelCall.scratch` value asking for the executing worker's private scratch region. */
export const WORKER_SCRATCH = -1;

/** Bytes of the per-instance call area: column tables and parameters. */
export const CALL_AREA_BYTES = 1024;
const MAX_COLUMNS = 64;
const TABLE_IN = 0;
const TABLE_OUT = 256;
const TABLE_PARAMS = 512;

const STATUS_BAD_PARAM = 1;
const STATUS_BAD_LENGTH = 2;

export class KernelRuntime {
  readonly instance: WebAssembly.Instance;
  private readonly fns = new Map<string, KernelFn>();

  constructor(
    readonly module: WebAssembly.Module,
    readonly memory: WebAssembly.Memory,
    /** Offset of this instance's private call area (CALL_AREA_BYTES). */
    readonly callArea: number,
  ) {
    this.instance = new WebAssembly.Instance(module, {
      env: {
        memory,
        abort: () => {
          throw new CgqError('KERNEL_TRAP', 'kernel aborted');
        },
      },
    });
    const heapBase = (this.instance.exports.heapBase as () => number)();
    if (heapBase > RESERVED_BYTES) {
      throw new CgqError('INTERNAL', `kernel module static data (${heapBase} B) exceeds the reserved ${RESERVED_BYTES} B`);
    }
  }

  /** The raw export of kernel `name` (for benchmarks and batch callers that manage tables). */
  fn(name: string): KernelFn {
    let f = this.fns.get(name);
    if (!f) {
      f = this.instance.exports[`k_${name}`] as KernelFn | undefined;
      if (typeof f !== 'function') throw new CgqError('INTERNAL', `kernel ${name} is in the registry but not exported by the module`);
      this.fns.set(name, f);
    }
    return f;
  }

  /** Any other export of the module (non-registry entry points such as EMD). */
  export<T>(name: string): T {
    const f = this.instance.exports[name];
    if (f === undefined) throw new CgqError('INTERNAL', `kernel module has no export ${name}`);
    return f as T;
  }

  invoke(call: KernelCall): void {
    const { ins, outs, params } = call;
    if (ins.length > MAX_COLUMNS || outs.length > MAX_COLUMNS || params.length > MAX_COLUMNS) {
      throw new CgqError('INTERNAL', `kernel ${call.kernel}: too many columns or parameters`);
    }
    const buf = this.memory.buffer;
    const u32 = new Uint32Array(buf, this.callArea, CALL_AREA_BYTES / 4);
    for (let i = 0; i < ins.length; i++) u32[TABLE_IN / 4 + i] = ins[i]!;
    for (let i = 0; i < outs.length; i++) u32[TABLE_OUT / 4 + i] = outs[i]!;
    const f64 = new Float64Array(buf, this.callArea + TABLE_PARAMS, (CALL_AREA_BYTES - TABLE_PARAMS) / 8);
    for (let i = 0; i < params.length; i++) f64[i] = params[i]!;
    let status: number;
    try {
      status = this.fn(call.kernel)(this.callArea + TABLE_IN, this.callArea + TABLE_OUT, call.n, this.callArea + TABLE_PARAMS, call.state, call.scratch);
    } catch (e) {
      if (e instanceof CgqError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new CgqError('KERNEL_TRAP', `kernel ${call.kernel} trapped: ${msg}`, { cause: e });
    }
    if (status !== 0) throw statusError(call.kernel, status, params);
  }
}

function statusError(kernel: string, status: number, params: readonly number[]): CgqError {
  const kind = status & 0xff;
  if (kind === STATUS_BAD_PARAM) {
    const idx = status >> 8;
    const spec = getKernel(kernel);
    const p = spec.params[idx];
    return new CgqError('KERNEL_PARAM', `kernel ${kernel}: parameter ${p?.name ?? `#${idx}`} rejected (got ${params[idx]})`);
  }
  if (kind === STATUS_BAD_LENGTH) return new CgqError('KERNEL_PARAM', `kernel ${kernel}: input length is too short for its parameters`);
  return new CgqError('KERNEL_TRAP', `kernel ${kernel} failed with status ${status}`);
}
