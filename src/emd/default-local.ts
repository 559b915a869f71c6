/**
 * The one in-thread kernel instance the numerics convenience functions (numpyNormal,
 * analyticSignal, fft, theilSen, ...) run on when the caller passes none: created on first use,
 * so importing these modules costs nothing.
 */
import { LocalKernels } from '../kernels/local.js';

let instance: LocalKernels | undefined;

export function defaultLocal(): LocalKernels {
  return (instance ??= new LocalKernels());
}
