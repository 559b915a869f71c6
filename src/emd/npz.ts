/**
 * numpy `.npz` files written by hand: a ZIP archive (stored, no compression, fixed timestamps so
 * the bytes are deterministic) of `.npy` arrays (format 1.0: magic, header dict padded to a
 * 64-byte boundary, little-endian f64 or datetime64[ms] (int64) data in C order, or one string
 * as a 0-d unicode array). `np.load(path)` reads it like any `np.savez` output.
 */
import { CgqError } from '../errors.js';
import { writeI64FromNumbers } from '../engine/columns.js';

/** An `.npy` array: numbers, or one string. */
export type NpyEntry = NpyArray | NpyText;

export interface NpyArray {
  /** Array name inside the archive (the file is `<name>.npy`). */
  name: string;
  shape: readonly number[];
  data: Float64Array;
  /**
   * numpy dtype: float64 (default), or datetime64[ms] for epoch milliseconds (whole numbers,
   * |x| < 2^53, stored as int64; `np.load` gives datetime64 values).
   */
  dtype?: 'f8' | 'datetime64[ms]';
}

/** One string as a 0-d numpy unicode array (`<U<len>`, UTF-32LE); `str(z[name])` gives it back. */
export interface NpyText {
  name: string;
  text: string;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ZIP / PNG polynomial), continuing from `crc`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** The `.npy` magic, version 1.0 and header dict, padded so the data starts 64-byte aligned. */
function npyHeader(descr: string, shape: string): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(head.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) head[10 + i] = header.charCodeAt(i);
  return head;
}

/** One `.npy` file (header + data) for a string (0-d `<U`). */
function npyTextBytes(a: NpyText): Uint8Array {
  const points = Array.from(a.text, (c) => c.codePointAt(0)!);
  // numpy has no zero-width `<U0` scalar worth writing; an empty record is a bug upstream.
  if (points.length === 0) throw new CgqError('INTERNAL', `npy ${a.name}: empty text`);
  const head = npyHeader(`<U${points.length}`, '()');
  const out = new Uint8Array(head.length + points.length * 4);
  out.set(head);
  const dv = new DataView(out.buffer, head.length);
  points.forEach((c, i) => dv.setUint32(i * 4, c, true));
  return out;
}

/** One `.npy` file (header + data) for an f64 or datetime64[ms] array, or a string. */
export function npyBytes(a: NpyEntry): Uint8Array {
  if ('text' in a) return npyTextBytes(a);
  const count = a.shape.reduce((p, d) => p * d, 1);
  if (count !== a.data.length) throw new CgqError('INTERNAL', `npy ${a.name}: shape ${a.shape.join('x')} does not match ${a.data.length} values`);
  const dates = a.dtype === 'datetime64[ms]';
  if (dates && !a.data.every((v) => Number.isSafeInteger(v))) throw new CgqError('INTERNAL', `npy ${a.name}: datetime64[ms] needs whole epoch milliseconds`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  const head = npyHeader(dates ? '<M8[ms]' : '<f8', shape);
  const out = new Uint8Array(head.length + a.data.length * 8);
  out.set(head);
  const dv = new DataView(out.buffer, head.length);
  // The data starts on a 64-byte boundary of a fresh buffer, so int64 words can be written in place.
  if (dates) writeI64FromNumbers(new Uint32Array(out.buffer, head.length, a.data.length * 2), a.data);
  else for (let i = 0; i < a.data.length; i++) dv.setFloat64(i * 8, a.data[i]!, true);
  return out;
}

const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const MAX_ZIP32 = 0xffffffff;

/** A stored ZIP archive of `.npy` files: the bytes of an `.npz`. */
export function npzBytes(arrays: readonly NpyEntry[]): Uint8Array {
  const files = arrays.map((a) => ({ name: new TextEncoder().encode(`${a.name}.npy`), data: npyBytes(a) }));
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    if (f.data.length > MAX_ZIP32 || offset > MAX_ZIP32) throw new CgqError('USAGE', 'npz output larger than 4 GiB is not supported; write Parquet instead');
    const crc = crc32(f.data);
    const local = new Uint8Array(30 + f.name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true); // version needed
    lv.setUint16(6, 0, true); // flags
    lv.setUint16(8, 0, true); // stored
    lv.setUint16(10, 0, true); // time
    lv.setUint16(12, DOS_DATE_1980, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, f.data.length, true);
    lv.setUint32(22, f.data.length, true);
    lv.setUint16(26, f.name.length, true);
    lv.setUint16(28, 0, true);
    local.set(f.name, 30);
    const cd = new Uint8Array(46 + f.name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // made by
    cv.setUint16(6, 20, true); // needed
    cv.setUint16(8, 0, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, DOS_DATE_1980, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, f.data.length, true);
    cv.setUint32(24, f.data.length, true);
    cv.setUint16(28, f.name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(f.name, 46);
    parts.push(local, f.data);
    central.push(cd);
    offset += local.length + f.data.length;
  }
  const cdSize = central.reduce((p, c) => p + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((p, c) => p + c.length, 0));
  let o = 0;
  for (const c of all) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
