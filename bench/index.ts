/** The benchmark suites `cgq bench` knows, by name. */
import type { BenchSuite } from './harness.js';
import { suite as kernels } from './kernels.js';
import { suite as lake } from './lake.js';
import { suite as mysql } from './mysql.js';
import { suite as hilbert } from './hilbert.js';
import { suite as distance } from './distance.js';
import { suite as emd } from './emd.js';
import { suite as emdMany } from './emd-many.js';

export const SUITES: readonly BenchSuite[] = [kernels, lake, mysql, hilbert, distance, emd, emdMany];
