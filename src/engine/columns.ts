/**
 * Arrow columns as zero-copy views over the shared arena. A column is described by a small,
 * serialisable descriptor (offsets and lengths); any thread holding the shared memory rebuilds the
 * same Arrow vector from it without copying a byte.
 */
import {
  Dictionary,
  Float64,
  Int32,
  Int64,
  makeData,
  makeVector,
  Table,
  TimestampMillisecond,
  Utf8,
  type Vector,
} from 'apache-arrow';
import { CgqError } from '../errors.js';
import type { SharedArena } from './arena.js';

export type ColumnKind = 'f64' | 'i64' | 'ts_ms' | 'dict_utf8';

/** Where a dictionary's Utf8 values live (offsets: Int32Array(size + 1); data: UTF-8 bytes). */
export interface DictDesc {
  size: number;
  offsetsOff: number;
  dataOff: number;
  dataLen: number;
}

export interface ColumnDesc {
  name: string;
  kind: ColumnKind;
  /** Offset of the values (f64, i64, ts_ms) or of the Int32 dictionary keys (dict_utf8). */
  off: number;
  length: number;
  /** Optional Arrow validity bitmap (1 bit per row, LSB first); absent = no nulls. */
  validityOff?: number;
  nullCount?: number;
  dict?: DictDesc;
}

function bufferOf(memory: WebAssembly.Memory): ArrayBufferLike {
  return memory.buffer;
}

/** Build the Arrow vector a descriptor describes; the values stay in shared memory. */
export function vectorFromDesc(memory: WebAssembly.Memory, d: ColumnDesc): Vector {
  const buf = bufferOf(memory);
  const nullBitmap = d.validityOff !== undefined ? new Uint8Array(buf, d.validityOff, Math.ceil(d.length / 8)) : undefined;
  const nullCount = nullBitmap ? (d.nullCount ?? -1) : 0;
  switch (d.kind) {
    case 'f64':
      return makeVector(makeData({ type: new Float64(), length: d.length, nullCount, nullBitmap, data: new Float64Array(buf, d.off, d.length) }));
    case 'i64':
      return makeVector(makeData({ type: new Int64(), length: d.length, nullCount, nullBitmap, data: new BigInt64Array(buf, d.off, d.length) }));
    case 'ts_ms':
      return makeVector(
        makeData({ type: new TimestampMillisecond('UTC'), length: d.length, nullCount, nullBitmap, data: new BigInt64Array(buf, d.off, d.length) }),
      );
    case 'dict_utf8': {
      if (!d.dict) throw new CgqError('INTERNAL', `column ${d.name}: dictionary descriptor missing`);
      const dict = d.dict;
      const values = makeVector(
        makeData({
          type: new Utf8(),
          length: dict.size,
          valueOffsets: new Int32Array(buf, dict.offsetsOff, dict.size + 1),
          data: new Uint8Array(buf, dict.dataOff, dict.dataLen),
        }),
      );
      const type = new Dictionary(new Utf8(), new Int32());
      return makeVector(makeData({ type, length: d.length, nullCount, nullBitmap, data: new Int32Array(buf, d.off, d.length), dictionary: values }));
    }
  }
}

/** Rebuild a Table from descriptors, zero-copy. */
export function tableFromDescs(memory: WebAssembly.Memory, descs: readonly ColumnDesc[]): Table {
  const cols: Record<string, Vector> = {};
  for (const d of descs) cols[d.name] = vectorFromDesc(memory, d);
  return new Table(cols);
}

/** Allocate an f64 column of `n` rows (optionally filled from `src`). */
export function allocF64Column(arena: SharedArena, name: string, n: number, src?: ArrayLike<number>): ColumnDesc {
  const off = arena.allocF64(n);
  if (src) arena.f64(off, n).set(src);
  return { name, kind: 'f64', off, length: n };
}

/**
 * Allocate a timestamp (ms, UTC) column from millisecond numbers. Written as two 32-bit halves so no
 * BigInt is created per row.
 */
export function allocTsColumn(arena: SharedArena, name: string, ms: ArrayLike<number>): ColumnDesc {
  const n = ms.length;
  const off = arena.alloc(n * 8);
  writeI64FromNumbers(new Uint32Array(arena.buffer, off, n * 2), ms);
  return { name, kind: 'ts_ms', off, length: n };
}

/** Write integers (|x| < 2^53) into little-endian int64 slots given as a Uint32Array of 2n words. */
export function writeI64FromNumbers(words: Uint32Array, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const lo = v % 4294967296;
    const hi = Math.floor(v / 4294967296);
    words[2 * i] = lo >>> 0;
    words[2 * i + 1] = hi >>> 0;
  }
}

/** Little-endian int64 words of integer numbers (|x| < 2^53); NaN marks a null (value slot 0). */
export function int64Words(values: Float64Array): { data: BigInt64Array; nullBitmap?: Uint8Array; nullCount: number } {
  const n = values.length;
  const words = new Uint32Array(n * 2);
  let nullCount = 0;
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i]!)) nullCount++;
  if (nullCount === 0) {
    writeI64FromNumbers(words, values);
    return { data: new BigInt64Array(words.buffer), nullCount };
  }
  const bitmap = new Uint8Array(Math.ceil(n / 8));
  const clean = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    clean[i] = v;
    bitmap[i >> 3]! |= 1 << (i & 7);
  }
  writeI64FromNumbers(words, clean);
  return { data: new BigInt64Array(words.buffer), nullBitmap: bitmap, nullCount };
}

/** Read int64 slots (|x| < 2^53) back into numbers, without BigInt. */
export function readI64AsNumbers(words: Uint32Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = (words[2 * i + 1]! | 0) * 4294967296 + words[2 * i]!;
  return out;
}

const encoder = new TextEncoder();

/** Allocate a dictionary-encoded Utf8 column: `keys[i]` indexes `values`. */
export function allocDictColumn(arena: SharedArena, name: string, values: readonly string[], keys: ArrayLike<number>): ColumnDesc {
  const bytes = values.map((v) => encoder.encode(v));
  const dataLen = bytes.reduce((a, b) => a + b.length, 0);
  const offsetsOff = arena.alloc((values.length + 1) * 4);
  const dataOff = arena.alloc(Math.max(dataLen, 1));
  const offsets = arena.i32(offsetsOff, values.length + 1);
  const data = arena.u8(dataOff, Math.max(dataLen, 1));
  let pos = 0;
  offsets[0] = 0;
  bytes.forEach((b, i) => {
    data.set(b, pos);
    pos += b.length;
    offsets[i + 1] = pos;
  });
  const off = arena.alloc(keys.length * 4);
  arena.i32(off, keys.length).set(keys);
  return { name, kind: 'dict_utf8', off, length: keys.length, dict: { size: values.length, offsetsOff, dataOff, dataLen } };
}
