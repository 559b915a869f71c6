/**
 * The benchmark harness every suite uses: run cases with the `benchmark` package, report a domain
 * throughput (the case's `work` units per operation × ops/s, from the median sample), compute the
 * ratios against the baselines measured in the same run, and write reports/bench/<suite>.json plus
 * a markdown table with the machine and versions.
 */
import Benchmark from 'benchmark';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { writeFileAtomicSync } from '../src/io/atomic.js';
import { makeDirs } from '../src/io/make-dirs.js';
import { machineInfo, machineLine, type MachineInfo } from './machine.js';

export interface BenchCase {
  /** Unique case name, e.g. "rolling_mean wasm". */
  name: string;
  /** Cases sharing a group are compared with each other. */
  group: string;
  /** 'cgq' for the measured implementation; anything else names a baseline. */
  impl: string;
  /** Throughput unit, e.g. "M rows/s". */
  unit: string;
  /** Units of work per call, already scaled to the unit (e.g. 1.0 for 1 M rows with "M rows/s"). */
  work: number;
  /** One operation; async functions are awaited. */
  fn: () => unknown;
  /** Benchmark options for slow cases. */
  minSamples?: number;
  maxTime?: number;
}

export interface CaseResult {
  name: string;
  group: string;
  impl: string;
  unit: string;
  /** Median seconds per operation. */
  medianSec: number;
  /** Median throughput in `unit`. */
  throughput: number;
  rme: number;
  samples: number;
}

/** An absolute goal: a case's median throughput must reach `min` (in the case's unit). */
export interface AbsoluteGoal {
  case: string;
  min: number;
  unit: string;
  throughput: number;
  met: boolean;
}

export interface Ratio {
  group: string;
  /** cgq case / baseline case throughput. */
  ratio: number;
  against: string;
  goal?: number;
  met?: boolean;
}

export interface SuiteReport {
  suite: string;
  date: string;
  machine: MachineInfo;
  versions: Record<string, string>;
  params: Record<string, unknown>;
  results: CaseResult[];
  ratios: Ratio[];
  absoluteGoals: AbsoluteGoal[];
  /** Extra figures a suite measures outside Benchmark.js (e.g. peak RSS), with units in the key. */
  extra: Record<string, number | string>;
  notes: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function packageVersions(names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    try {
      out[n] = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'node_modules', n, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      out[n] = 'not installed';
    }
  }
  return out;
}

/** Run cases one after another (never concurrently: they would share the cores). */
export async function runCases(cases: readonly BenchCase[], log: (s: string) => void = (s) => process.stderr.write(s + '\n')): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const isAsync = c.fn.constructor.name === 'AsyncFunction';
    // A failed async operation must reach the caller, not become an unhandled rejection.
    let asyncError: unknown;
    const bench = new Benchmark(c.name, {
      defer: isAsync,
      fn: isAsync
        ? (deferred: { resolve(): void; benchmark: Benchmark }) => {
            (c.fn() as Promise<unknown>).then(
              () => deferred.resolve(),
              (e: unknown) => {
                asyncError ??= e;
                deferred.benchmark.abort();
                deferred.resolve();
              },
            );
          }
        : c.fn,
      minSamples: c.minSamples ?? 5,
      maxTime: c.maxTime ?? 3,
      initCount: 1,
    } as Benchmark.Options);
    await new Promise<void>((resolve, reject) => {
      bench.on('complete', () => resolve());
      bench.on('abort', () => resolve());
      bench.on('error', (e: { target: { error?: unknown } }) => reject(e.target.error ?? new Error(`bench ${c.name} failed`)));
      bench.run({ async: true });
    });
    if (asyncError !== undefined) throw asyncError;
    if (bench.error) throw bench.error;
    const medianSec = median(bench.stats.sample);
    const r: CaseResult = {
      name: c.name,
      group: c.group,
      impl: c.impl,
      unit: c.unit,
      medianSec,
      throughput: c.work / medianSec,
      rme: bench.stats.rme,
      samples: bench.stats.sample.length,
    };
    log(`${c.name}: ${r.throughput.toPrecision(4)} ${c.unit} (median of ${r.samples}, ±${r.rme.toFixed(1)}%)`);
    results.push(r);
  }
  return results;
}

/** Ratios of each group's cgq case against every other case of the group. */
export function ratios(results: readonly CaseResult[], goals: Record<string, number> = {}): Ratio[] {
  const out: Ratio[] = [];
  for (const r of results.filter((x) => x.impl === 'cgq')) {
    for (const b of results.filter((x) => x.group === r.group && x.impl !== 'cgq')) {
      const ratio = r.throughput / b.throughput;
      const goal = goals[`${r.group}:${b.impl}`] ?? goals[b.impl];
      out.push({ group: r.group, ratio, against: b.impl, goal, met: goal === undefined ? undefined : ratio >= goal });
    }
  }
  return out;
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(3);
}

export function toMarkdown(rep: SuiteReport): string {
  const lines = [
    `# cgq bench ${rep.suite}`,
    '',
    `${rep.date} · ${machineLine(rep.machine)}`,
    '',
    `Versions: ${Object.entries(rep.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
  ];
  if (Object.keys(rep.params).length) lines.push(`Parameters: ${Object.entries(rep.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`, '');
  lines.push('| case | impl | median throughput | unit | median time/op | ±rme | samples |', '|---|---|---:|---|---:|---:|---:|');
  for (const r of rep.results) {
    lines.push(`| ${r.name} | ${r.impl} | ${fmt(r.throughput)} | ${r.unit} | ${(r.medianSec * 1000).toPrecision(4)} ms | ${r.rme.toFixed(1)}% | ${r.samples} |`);
  }
  if (rep.ratios.length) {
    lines.push('', '| group | cgq vs | ratio | goal | met |', '|---|---|---:|---:|---|');
    for (const q of rep.ratios) lines.push(`| ${q.group} | ${q.against} | ${q.ratio.toFixed(2)}× | ${q.goal === undefined ? '' : `≥ ${q.goal}×`} | ${q.met === undefined ? '' : q.met ? 'yes' : '**no**'} |`);
  }
  if (rep.absoluteGoals.length) {
    lines.push('', '| case | goal | measured | met |', '|---|---:|---:|---|');
    for (const g of rep.absoluteGoals) lines.push(`| ${g.case} | ≥ ${g.min} ${g.unit} | ${fmt(g.throughput)} ${g.unit} | ${g.met ? 'yes' : '**no**'} |`);
  }
  if (Object.keys(rep.extra).length) {
    lines.push('', '| figure | value |', '|---|---:|');
    for (const [k, v] of Object.entries(rep.extra)) lines.push(`| ${k} | ${typeof v === 'number' ? fmt(v) : v} |`);
  }
  if (rep.notes.length) lines.push('', ...rep.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

export const REPORT_DIR = join(PACKAGE_ROOT, 'reports', 'bench');

/** Write reports/bench/<suite>.json and .md (atomically); returns the markdown. */
export function writeReport(rep: SuiteReport, dir = REPORT_DIR): string {
  makeDirs(dir);
  const md = toMarkdown(rep);
  writeFileAtomicSync(join(dir, `${rep.suite}.json`), JSON.stringify(rep, null, 2) + '\n');
  writeFileAtomicSync(join(dir, `${rep.suite}.md`), md);
  return md;
}

/** Assemble a report from results. */
export function makeReport(
  suite: string,
  results: CaseResult[],
  o: { params?: Record<string, unknown>; goals?: Record<string, number>; absoluteGoals?: Record<string, number>; extra?: Record<string, number | string>; notes?: string[]; versions?: string[] } = {}): SuiteReport {
  return {
    suite,
    date: new Date().toISOString(),
    machine: machineInfo(),
    versions: packageVersions(['assemblyscript', 'piscina', 'apache-arrow', 'parquet-wasm', 'mysql2', ...(o.versions ?? [])]),
    params: o.params ?? {},
    results,
    ratios: ratios(results, o.goals),
    absoluteGoals: Object.entries(o.absoluteGoals ?? {}).map(([name, min]) => {
      const r = results.find((x) => x.name === name);
      return { case: name, min, unit: r?.unit ?? '', throughput: r?.throughput ?? NaN, met: !!r && r.throughput >= min };
    }),
    extra: o.extra ?? {},
    notes: o.notes ?? [],
  };
}

/** A bench suite module: bench/<name>.ts exports `suite`. */
export interface BenchSuite {
  name: string;
  describe: string;
  /** Whether the suite runs on the worker pool, i.e. whether `nJobs` means anything to it. */
  usesPool: boolean;
  /** Run the suite; `quick` shrinks sizes for smoke tests. */
  run(opts: { quick?: boolean; nJobs?: number; log?: (s: string) => void; outDir?: string }): Promise<SuiteReport>;
}
