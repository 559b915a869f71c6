/** Loading the compiled kernel module (build/kernels.wasm), once per process. */
import { readFileSync, existsSync } from 'node:fs';
import { CgqError } from '../errors.js';
import { KERNELS_WASM } from '../paths.js';

let cached: WebAssembly.Module | undefined;

export function loadKernelModule(path = KERNELS_WASM): WebAssembly.Module {
  if (cached && path === KERNELS_WASM) return cached;
  if (!existsSync(path)) {
    throw new CgqError('INTERNAL', `kernel module ${path} is missing; run \`npm run build\``);
  }
  const mod = new WebAssembly.Module(readFileSync(path));
  if (path === KERNELS_WASM) cached = mod;
  return mod;
}
