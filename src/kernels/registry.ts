/**
 * The kernel registry: the single list of kernels. Each entry declares the kernel's inputs,
 * parameters (with defaults and ranges), outputs, carried state, warm-up and its plain-TS
 * reference. The wasm export of kernel `x` is `k_x` (assembly/index.ts).
 */
import { CgqError } from '../errors.js';
import type { KernelParams, KernelSpec } from './types.js';
import { INDICATOR_KERNELS } from './specs/indicators.js';
import { ROLLING_KERNELS } from './specs/rolling.js';
import { TRANSFORM_KERNELS } from './specs/transforms.js';
import { RESAMPLE_KERNELS } from './specs/resample.js';

/**
 * Every kernel, in `cgq kernels list` order. Groups are declared in ./specs/<group>.ts; a new
 * group is added here and nowhere else.
 */
export const KERNELS: readonly KernelSpec[] = [...INDICATOR_KERNELS, ...ROLLING_KERNELS, ...TRANSFORM_KERNELS, ...RESAMPLE_KERNELS];

const BY_NAME = new Map(KERNELS.map((k) => [k.name, k]));

export function getKernel(name: string): KernelSpec {
  const k = BY_NAME.get(name);
  if (!k) {
    throw new CgqError('KERNEL_UNKNOWN', `unknown kernel '${name}'; \`cgq kernels list\` shows the ${KERNELS.length} kernels`);
  }
  return k;
}

/**
 * Fill defaults and validate parameters against the registry. Unknown names, NaN and out-of-range
 * values are typed errors naming the kernel and the parameter.
 */
export function resolveParams(spec: KernelSpec, given: Readonly<Record<string, number | undefined>> = {}): Record<string, number> {
  const known = new Set(spec.params.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const list = spec.params.map((p) => p.name).join(', ') || 'none';
      throw new CgqError('KERNEL_PARAM', `kernel ${spec.name}: unknown parameter '${name}' (parameters: ${list})`);
    }
  }
  const out: Record<string, number> = {};
  for (const p of spec.params) {
    const v = given[p.name] ?? p.default;
    const where = `kernel ${spec.name}: parameter ${p.name}`;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new CgqError('KERNEL_PARAM', `${where} is NaN`);
    if (!p.special?.includes(v)) {
      if (p.integer && !Number.isInteger(v)) throw new CgqError('KERNEL_PARAM', `${where} must be an integer (got ${v})`);
      if (!(v >= p.min && v <= p.max)) {
        const special = p.special?.length ? ` or ${p.special.join(', ')}` : '';
        throw new CgqError('KERNEL_PARAM', `${where} must be in [${p.min}, ${p.max}]${special} (got ${v})`);
      }
    }
    out[p.name] = v;
  }
  if (out.min_periods !== undefined && out.window !== undefined && out.min_periods > out.window) {
    throw new CgqError('KERNEL_PARAM', `kernel ${spec.name}: parameter min_periods must be ≤ window (${out.min_periods} > ${out.window})`);
  }
  return out;
}

/** Validate a call's length against the kernel's length rule. */
export function checkLength(spec: KernelSpec, n: number, p: KernelParams): void {
  const why = spec.checkLength?.(n, p);
  if (why) throw new CgqError('KERNEL_PARAM', `kernel ${spec.name}: ${why}`);
}
