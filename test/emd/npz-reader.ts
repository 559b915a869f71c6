/** A minimal `.npz` reader for tests: walks the ZIP central directory, checks CRCs, parses `.npy` (f8, datetime64[ms], or a 0-d <U string). */
import assert from 'node:assert/strict';
import { crc32 } from '../../src/emd/npz.js';

export interface NpzEntry {
  shape: number[];
  data: Float64Array;
  dtype: string;
  /** A `<U` entry's string (data is then empty). */
  text?: string;
}

export function readNpz(z: Uint8Array): Record<string, NpzEntry> {
  const dv = new DataView(z.buffer, z.byteOffset, z.byteLength);
  const eocd = z.byteLength - 22;
  assert.equal(dv.getUint32(eocd, true), 0x06054b50, 'end of central directory');
  const count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  const out: Record<string, NpzEntry> = {};
  for (let i = 0; i < count; i++) {
    assert.equal(dv.getUint32(p, true), 0x02014b50, 'central directory entry');
    assert.equal(dv.getUint16(p + 10, true), 0, 'stored (no compression)');
    const crc = dv.getUint32(p + 16, true);
    const size = dv.getUint32(p + 20, true);
    const nameLen = dv.getUint16(p + 28, true);
    const local = dv.getUint32(p + 42, true);
    const name = new TextDecoder().decode(z.subarray(p + 46, p + 46 + nameLen));
    assert.equal(dv.getUint32(local, true), 0x04034b50, 'local header');
    const dataStart = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
    const data = z.subarray(dataStart, dataStart + size);
    assert.equal(crc32(data), crc, `${name}: CRC`);
    const hlen = data[8]! | (data[9]! << 8);
    const header = new TextDecoder().decode(data.subarray(10, 10 + hlen));
    const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
    const descr = /'descr': '([^']*)'/.exec(header)![1]!;
    const body = data.subarray(10 + hlen);
    const key = name.replace(/\.npy$/, '');
    if (/^<U\d+$/.test(descr)) {
      assert.deepEqual(shape, [], `${name}: a string is 0-d`);
      assert.equal(body.byteLength, 4 * Number(descr.slice(2)), `${name}: ${descr} size`);
      const bv = new DataView(body.buffer, body.byteOffset, body.byteLength);
      const text = String.fromCodePoint(...Array.from({ length: body.byteLength / 4 }, (_, k) => bv.getUint32(k * 4, true)));
      out[key] = { shape, data: new Float64Array(0), dtype: descr, text };
    } else {
      assert.ok(descr === '<f8' || descr === '<M8[ms]', `${name}: dtype ${descr}`);
      const vals = new Float64Array(body.byteLength / 8);
      const bv = new DataView(body.buffer, body.byteOffset, body.byteLength);
      // datetime64[ms] (int64 epoch ms) comes back as numbers of milliseconds.
      for (let k = 0; k < vals.length; k++) vals[k] = descr === '<f8' ? bv.getFloat64(k * 8, true) : Number(bv.getBigInt64(k * 8, true));
      out[key] = { shape, data: vals, dtype: descr };
    }
    p += 46 + nameLen + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
  return out;
}
