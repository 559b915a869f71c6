/** The hand-written `.npz` writer: CRC-32, `.npy` headers, and a ZIP that parses back to the arrays. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, npyBytes, npzBytes } from '../../src/emd/npz.js';
import { readNpz } from './npz-reader.js';

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

test('npy header: magic, version 1.0, dict, 64-byte aligned data, little-endian f64', () => {
  const b = npyBytes({ name: 'a', shape: [2, 3], data: Float64Array.from([1, 2, 3, 4, 5, -0.5]) });
  assert.deepEqual(Array.from(b.subarray(0, 8)), [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const hlen = b[8]! | (b[9]! << 8);
  assert.equal((10 + hlen) % 64, 0);
  const header = new TextDecoder().decode(b.subarray(10, 10 + hlen));
  assert.match(header, /^\{'descr': '<f8', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
  assert.equal(new DataView(b.buffer, b.byteOffset).getFloat64(10 + hlen + 5 * 8, true), -0.5);
  assert.match(new TextDecoder().decode(npyBytes({ name: 'r', shape: [4], data: new Float64Array(4) }).subarray(10, 80)), /'shape': \(4,\)/);
});

test('npz round trip: stored entries with valid CRCs, deterministic bytes', () => {
  const imfs = Float64Array.from({ length: 6 }, (_, i) => Math.sin(i));
  const residue = Float64Array.from([7, 8, 9]);
  const z = npzBytes([
    { name: 'imfs', shape: [2, 3], data: imfs },
    { name: 'residue', shape: [3], data: residue },
  ]);
  const back = readNpz(z);
  assert.deepEqual(Object.keys(back), ['imfs', 'residue']);
  assert.deepEqual(back.imfs!.shape, [2, 3]);
  assert.deepEqual(Array.from(back.imfs!.data), Array.from(imfs));
  assert.deepEqual(Array.from(back.residue!.data), [7, 8, 9]);
  assert.ok(Buffer.from(z).equals(Buffer.from(npzBytes([{ name: 'imfs', shape: [2, 3], data: imfs }, { name: 'residue', shape: [3], data: residue }]))));
});

test('npy datetime64[ms]: header <M8[ms], int64 epoch milliseconds; fractional times are refused', () => {
  const ts = Float64Array.from([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 0, 1), -1, 2 ** 53 - 1]);
  const b = npyBytes({ name: 'ts', shape: [4], data: ts, dtype: 'datetime64[ms]' });
  const hlen = b[8]! | (b[9]! << 8);
  assert.equal((10 + hlen) % 64, 0);
  assert.match(new TextDecoder().decode(b.subarray(10, 10 + hlen)), /^\{'descr': '<M8\[ms\]', 'fortran_order': False, 'shape': \(4,\), \} *\n$/);
  const dv = new DataView(b.buffer, b.byteOffset + 10 + hlen);
  assert.deepEqual([0, 1, 2, 3].map((i) => dv.getBigInt64(i * 8, true)), [1704067200000n, 1704067260000n, -1n, 9007199254740991n]);
  const back = readNpz(npzBytes([{ name: 'ts', shape: [4], data: ts, dtype: 'datetime64[ms]' }]));
  assert.equal(back.ts!.dtype, '<M8[ms]');
  assert.deepEqual(Array.from(back.ts!.data), Array.from(ts));
  assert.throws(() => npyBytes({ name: 'ts', shape: [1], data: Float64Array.from([0.5]), dtype: 'datetime64[ms]' }), /whole epoch milliseconds/);
});

test('npy string: a 0-d <U array in UTF-32LE, byte for byte what numpy writes', () => {
  // Golden bytes: numpy 2.4.6, np.save(f, np.array('{"a":1,"b":"€𝄞"}')) (one BMP and one astral
  // character: <U counts code points, not UTF-16 units).
  const text = '{"a":1,"b":"€𝄞"}';
  const numpyData = '7b0000002200000061000000220000003a000000310000002c0000002200000062000000220000003a00000022000000ac2000001ed10100220000007d000000';
  const b = npyBytes({ name: 's', text });
  assert.equal(b.length, 192);
  assert.deepEqual(Array.from(b.subarray(0, 10)), [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0x76, 0]);
  assert.equal(new TextDecoder().decode(b.subarray(10, 128)), `{'descr': '<U16', 'fortran_order': False, 'shape': (), }${' '.repeat(61)}\n`);
  assert.equal(Buffer.from(b.subarray(128)).toString('hex'), numpyData);
  const back = readNpz(npzBytes([{ name: 'imfs', shape: [1], data: Float64Array.from([2]) }, { name: 's', text }]));
  assert.deepEqual(Object.keys(back), ['imfs', 's']);
  assert.equal(back.s!.text, text);
  assert.throws(() => npyBytes({ name: 's', text: '' }), /empty text/);
});
