/**
 * `cgq kernels run`: one registry kernel over a bars CSV, for users and for checks. The bars come
 * through the CSV bar source (one symbol; checked rows), the kernel runs through LocalKernels, and
 * the result is a CSV with `timestamp` then one column per kernel output, written atomically.
 *
 * Inputs are matched by name: `ts` takes the timestamps, `open`/`high`/`low`/`close`/`volume`/
 * `trades` the same columns, and `x` (a kernel's generic series) the close unless `column` says
 * otherwise. A bin kernel (first output `bin`, i.e. resample_ohlcv) prints one row per bin, empty
 * bins included, with the bin's start as `timestamp`.
 */
import { CgqError } from '../errors.js';
import { checkOutputPath, writeFileAtomic } from '../io/atomic.js';
import { CsvSource } from '../sources/csv.js';
import type { SymbolBars } from '../sources/types.js';
import { LocalKernels } from './local.js';
import { checkLength, getKernel, resolveParams } from './registry.js';
import { BinCollector, type ResampledBars } from './resample.js';
import type { KernelSpec } from './types.js';

export interface RunFileOptions {
  kernel: string;
  input: string;
  output: string;
  /** `name=value` strings as given on the command line. */
  params?: readonly string[];
  /** Bar column fed to an input named `x` (default close). */
  column?: string;
  /** The symbol to use when the file holds several. */
  symbol?: string;
  /** Feed the kernel in chunks of this many rows (carried state; same result). */
  chunk?: number;
}

export interface RunFileResult {
  kernel: string;
  symbol: string;
  bars: number;
  rows: number;
  columns: string[];
  params: Record<string, number>;
}

const BAR_INPUTS = ['open', 'high', 'low', 'close', 'volume', 'trades'] as const;

/** Parse `name=value` flags into numbers; a value that is not a number is a typed error. */
export function parseParamFlags(spec: KernelSpec, flags: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new CgqError('KERNEL_PARAM', `kernel ${spec.name}: --param '${f}' must be name=value`);
    const name = f.slice(0, eq).trim();
    const raw = f.slice(eq + 1).trim();
    const v = raw === '' ? NaN : Number(raw);
    if (!spec.params.some((p) => p.name === name)) {
      resolveParams(spec, { [name]: 0 }); // throws the registry's "unknown parameter" error
    }
    if (raw.toLowerCase() === 'nan') throw new CgqError('KERNEL_PARAM', `kernel ${spec.name}: parameter ${name} is NaN`);
    if (!Number.isFinite(v)) throw new CgqError('KERNEL_PARAM', `kernel ${spec.name}: parameter ${name}: '${raw}' is not a number`);
    if (name in out) throw new CgqError('KERNEL_PARAM', `kernel ${spec.name}: parameter ${name} given twice`);
    out[name] = v;
  }
  return out;
}

/** The bar column behind each kernel input. */
function kernelInputs(spec: KernelSpec, bars: SymbolBars, column: string | undefined, file: string): Float64Array[] {
  if (column !== undefined && !(BAR_INPUTS as readonly string[]).includes(column)) {
    throw new CgqError('USAGE', `--column ${column}: choose one of ${BAR_INPUTS.join(', ')}`);
  }
  if (column !== undefined && !spec.inputs.includes('x')) {
    throw new CgqError('USAGE', `--column: kernel ${spec.name} takes ${spec.inputs.join(', ')}, not a generic series x`);
  }
  return spec.inputs.map((name) => {
    const col = name === 'ts' ? 'ts' : name === 'x' ? (column ?? 'close') : name;
    const data = col === 'ts' ? bars.ts : bars[col as (typeof BAR_INPUTS)[number]];
    if (!data) {
      const why = col === 'trades' ? `${file} has no trades column` : `no bar column matches it`;
      throw new CgqError('INPUT_COLUMN', `kernel ${spec.name} input '${name}': ${why}`);
    }
    return data;
  });
}

/** ISO-8601 UTC, without milliseconds when they are 0 (the bar files' own format). */
export function formatTimestamp(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** Shortest round-trip number; NaN → empty field; -0 kept. */
export function formatNumber(x: number): string {
  if (x !== x) return '';
  if (x === 0 && 1 / x < 0) return '-0';
  return String(x);
}

function toCsv(ts: Float64Array, names: readonly string[], cols: readonly Float64Array[]): string {
  const lines = [['timestamp', ...names].join(',')];
  for (let i = 0; i < ts.length; i++) {
    let line = formatTimestamp(ts[i]!);
    for (const c of cols) line += ',' + formatNumber(c[i]!);
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/** Run one kernel over one symbol of a bars CSV and write the result CSV atomically. */
export async function runKernelOnCsv(o: RunFileOptions, local?: LocalKernels): Promise<RunFileResult> {
  const spec = getKernel(o.kernel);
  const p = resolveParams(spec, parseParamFlags(spec, o.params ?? []));
  // Checked before the file is read, naming the flag (LocalKernels.run's own check cannot).
  if (o.chunk !== undefined && !(Number.isInteger(o.chunk) && o.chunk >= 1)) throw new CgqError('USAGE', `--chunk must be a positive integer (got ${o.chunk})`);
  checkOutputPath(o.output, '--output', [o.input]);
  const source = await CsvSource.open(o.input);
  let bars: SymbolBars | undefined;
  try {
    const symbols = await source.symbols();
    if (o.symbol !== undefined) {
      if (!symbols.includes(o.symbol)) {
        throw new CgqError('INPUT_SYMBOL', `--symbol ${o.symbol}: not in ${o.input} (it holds ${symbols.join(', ')})`);
      }
    } else if (symbols.length !== 1) {
      const shown = symbols.slice(0, 5).join(', ') + (symbols.length > 5 ? ', …' : '');
      throw new CgqError('INPUT_SYMBOL', `${o.input} holds ${symbols.length} symbols (${shown}); kernels run takes one: pick it with --symbol`);
    }
    const want = o.symbol ?? symbols[0]!;
    for await (const b of source.bars({ symbols: [want] })) bars = b;
  } finally {
    await source.close();
  }
  if (!bars) throw new CgqError('INPUT_EMPTY', `${o.input}: no bars`);
  const inputs = kernelInputs(spec, bars, o.column, o.input);
  checkLength(spec, bars.ts.length, p);
  const k = local ?? new LocalKernels();
  const outs = k.run(spec.name, inputs, p, o.chunk === undefined ? {} : { chunk: o.chunk });

  let csv: string;
  let rows: number;
  let columns: string[];
  if (spec.outputs[0] === 'bin') {
    const c = new BinCollector(p.minutes!);
    c.push(outs);
    const r: ResampledBars = c.finish();
    columns = spec.outputs.slice(1);
    csv = toCsv(r.ts, columns, [r.open, r.high, r.low, r.close, r.volume, r.count]);
    rows = r.ts.length;
  } else {
    columns = [...spec.outputs];
    csv = toCsv(bars.ts, columns, outs);
    rows = bars.ts.length;
  }
  await writeFileAtomic(o.output, csv);
  return { kernel: spec.name, symbol: bars.symbol, bars: bars.ts.length, rows, columns, params: p };
}
