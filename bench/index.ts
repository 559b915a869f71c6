/** The benchmark suites `cgq bench` knows, by name. */
import type { BenchSuite } from './harness.js';
import { suite as kernels } from './kernels.js';

export const SUITES: readonly BenchSuite[] = [kernels];
