/**
 * What a bench report records about its machine (bench/machine.ts), and the emd suite's note when
 * the CPU is not the one its recorded anchors ran on. No timing is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describeCpu, machineInfo, machineLine, parseCacheSize, parseCpuinfo } from '../../bench/machine.js';
import { anchorCpuNote } from '../../bench/emd.js';

/** The first two processors of /proc/cpuinfo on the AMD EPYC VM of 2026-11-22 (flags cut to a few). */
const ZEN3 = `processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 1
model name\t: AMD EPYC
stepping\t: 1
cache size\t: 512 KB
flags\t\t: fpu sse2 fma sse4_1 sse4_2 avx hypervisor avx2 bmi2

processor\t: 1
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 106
stepping\t: 6
flags\t\t: fpu avx2 avx512f avx512dq
`;

test('machine: /proc/cpuinfo gives the first processor\'s vendor, family, model, stepping and ISA', () => {
  const id = parseCpuinfo(ZEN3);
  assert.deepEqual(id, { vendor: 'AuthenticAMD', family: 25, model: 1, stepping: 1, avx2: true, avx512: false });
  const intel = parseCpuinfo(ZEN3.split('\n\n')[1]!);
  assert.deepEqual(intel, { vendor: 'GenuineIntel', family: 6, model: 106, stepping: 6, avx2: true, avx512: true });
  // "model name" must not be read as "model".
  assert.equal(parseCpuinfo('vendor_id : X\ncpu family : 23\nmodel name : Y\nmodel : 49\n')?.model, 49);
  assert.equal(parseCpuinfo('processor : 0\nmodel name : ARMv8\n'), undefined);
  assert.equal(describeCpu({ ...id!, l2KiB: 512 }), 'AuthenticAMD family 25 model 1 stepping 1, L2 512 KiB per core, AVX2, no AVX-512');
  assert.equal(describeCpu({ ...intel!, l2KiB: 1280 }), 'GenuineIntel family 6 model 106 stepping 6, L2 1.25 MiB per core, AVX2, AVX-512');
});

test('machine: sysfs cache sizes in KiB', () => {
  assert.equal(parseCacheSize('512K\n'), 512);
  assert.equal(parseCacheSize('1024K'), 1024);
  assert.equal(parseCacheSize('32M'), 32768);
  assert.equal(parseCacheSize('2048'), 2);
  assert.equal(parseCacheSize('big'), undefined);
});

test('machine: the report header names the CPU identity and the clock probe', () => {
  const line = machineLine({ cpu: 'AMD EPYC', cores: 2, memGiB: 24, os: 'linux 6.18', node: 'v20.20.2', cpuId: 'AuthenticAMD family 25 model 1 stepping 1', fpAddNs: 0.9634 });
  assert.equal(line, 'AMD EPYC (AuthenticAMD family 25 model 1 stepping 1) · dependent f64 add 0.963 ns · 2 cores · 24 GiB · linux 6.18 · Node v20.20.2');
  // Reports written before the identity was recorded still render.
  assert.equal(machineLine({ cpu: 'AMD EPYC', cores: 2, memGiB: 24, os: 'linux', node: 'v20' }), 'AMD EPYC · 2 cores · 24 GiB · linux · Node v20');
  const m = machineInfo();
  assert.ok(m.fpAddNs! > 0 && Number.isFinite(m.fpAddNs), `clock probe ${m.fpAddNs}`);
  if (existsSync('/proc/cpuinfo') && /vendor_id/.test(readFileSync('/proc/cpuinfo', 'utf8'))) {
    assert.match(m.cpuId ?? '', /^\S+ family \d+ model \d+ stepping -?\d+, /);
  }
});

test('bench emd: a note when the CPU is not the anchors\' (family 25 model 17), none when it is', () => {
  const genoa = { vendor: 'AuthenticAMD', family: 25, model: 17, stepping: 1, avx2: true, avx512: true };
  assert.equal(anchorCpuNote(genoa), undefined);
  const note = anchorCpuNote({ ...genoa, model: 1, avx512: false, l2KiB: 512 });
  assert.match(note ?? '', /^This run's CPU \(AuthenticAMD family 25 model 1 stepping 1, L2 512 KiB per core, AVX2, no AVX-512\) is not the one the recorded anchors were measured on \(AuthenticAMD family 25 model 17, /);
  assert.match(anchorCpuNote(undefined) ?? '', /not identified/);
});
