/**
 * What a bench report records about the machine it ran on. The VM kind these benches run on has
 * been given different CPUs under one model name ("AMD EPYC": Zen 4 with AVX-512 and 1 MiB of L2
 * per core on some days, Zen 3 without AVX-512 and 512 KiB on others), and the same code ran
 * ≈ 2× slower on the second. os.cpus() only says "AMD EPYC", so a report also carries the CPU's
 * identity from /proc/cpuinfo and sysfs, and a clock probe, to tell a slower CPU from a
 * contended one when two reports disagree.
 */
import { cpus, totalmem, platform, release } from 'node:os';
import { readFileSync } from 'node:fs';

export interface CpuIdentity {
  vendor: string;
  family: number;
  model: number;
  stepping: number;
  /** L2 per core in KiB, when sysfs says. */
  l2KiB?: number;
  avx2: boolean;
  avx512: boolean;
}

export interface MachineInfo {
  /** os.cpus()'s model name. */
  cpu: string;
  cores: number;
  memGiB: number;
  os: string;
  node: string;
  /** The CPU's identity (Linux only; see describeCpu). */
  cpuId?: string;
  family?: number;
  model?: number;
  /** Median ns of one dependent float64 add in a JS loop: latency-bound, so it tracks the clock (3 cycles on AMD Zen 2–4). */
  fpAddNs?: number;
}

/** The first processor's vendor, family, model, stepping and ISA flags from /proc/cpuinfo's text. */
export function parseCpuinfo(text: string): CpuIdentity | undefined {
  const first = text.split(/\n\s*\n/)[0] ?? '';
  const field = (name: string): string | undefined => {
    const m = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(first);
    return m?.[1]?.trim();
  };
  const num = (name: string): number | undefined => {
    const v = field(name);
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const vendor = field('vendor_id');
  const family = num('cpu family');
  const model = num('model');
  if (vendor === undefined || family === undefined || model === undefined) return undefined;
  const flags = new Set((field('flags') ?? '').split(/\s+/));
  return { vendor, family, model, stepping: num('stepping') ?? -1, avx2: flags.has('avx2'), avx512: flags.has('avx512f') };
}

/** A sysfs cache size ("512K", "1024K", "32M") in KiB. */
export function parseCacheSize(text: string): number | undefined {
  const m = /^(\d+)([KMG]?)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * { '': 1 / 1024, K: 1, M: 1024, G: 1024 * 1024 }[m[2] as '' | 'K' | 'M' | 'G'];
}

/** e.g. "AuthenticAMD family 25 model 1 stepping 1, L2 512 KiB per core, AVX2, no AVX-512". */
export function describeCpu(id: CpuIdentity): string {
  const parts = [`${id.vendor} family ${id.family} model ${id.model} stepping ${id.stepping}`];
  if (id.l2KiB !== undefined) parts.push(`L2 ${id.l2KiB >= 1024 ? `${id.l2KiB / 1024} MiB` : `${id.l2KiB} KiB`} per core`);
  parts.push(id.avx2 ? 'AVX2' : 'no AVX2', id.avx512 ? 'AVX-512' : 'no AVX-512');
  return parts.join(', ');
}

/** This machine's CPU identity (undefined off Linux or when /proc/cpuinfo says too little). */
export function cpuIdentity(): CpuIdentity | undefined {
  let id: CpuIdentity | undefined;
  try {
    id = parseCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return undefined;
  }
  if (!id) return undefined;
  try {
    const dir = '/sys/devices/system/cpu/cpu0/cache/index2';
    if (readFileSync(`${dir}/level`, 'utf8').trim() === '2') id.l2KiB = parseCacheSize(readFileSync(`${dir}/size`, 'utf8'));
  } catch {
    // No sysfs cache description (containers may hide it): the report goes without.
  }
  return id;
}

/** Four dependent adds per iteration: the loop runs at the add's latency. */
function addChain(iterations: number, step: number): number {
  let x = 0.1;
  for (let i = 0; i < iterations; i++) {
    x = x + step;
    x = x + step;
    x = x + step;
    x = x + step;
  }
  return x;
}

/** Median ns per dependent float64 add over seven ≈ 20 ms chunks (after a warm-up that gets the loop optimised). */
export function dependentAddNs(): number {
  const iterations = 5_000_000;
  let sink = addChain(200_000, 1e-9);
  const ns: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    sink += addChain(iterations, 1e-9);
    ns.push(Number(process.hrtime.bigint() - t0) / (4 * iterations));
  }
  if (!Number.isFinite(sink)) throw new Error('clock probe: non-finite sum');
  return ns.sort((a, b) => a - b)[3]!;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  const id = cpuIdentity();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    ...(id ? { cpuId: describeCpu(id), family: id.family, model: id.model } : {}),
    fpAddNs: dependentAddNs(),
  };
}

/** The report header's machine part: model name, identity and clock probe when known, cores, memory, OS, Node. */
export function machineLine(m: MachineInfo): string {
  const cpu = m.cpuId ? `${m.cpu} (${m.cpuId})` : m.cpu;
  const probe = m.fpAddNs !== undefined ? ` · dependent f64 add ${m.fpAddNs.toFixed(3)} ns` : '';
  return `${cpu}${probe} · ${m.cores} cores · ${m.memGiB} GiB · ${m.os} · Node ${m.node}`;
}
