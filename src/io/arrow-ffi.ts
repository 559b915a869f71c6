/**
 * Reading Arrow C Data Interface structs (ArrowSchema / ArrowArray) that live in a wasm32 memory,
 * such as parquet-wasm's. This lets the lake copy decoded columns straight out of parquet-wasm's
 * memory into its own arrays, skipping the IPC round trip and apache-arrow's IPC parsing (which
 * cost about as much as the Parquet decode itself on a 1440-row day file).
 *
 * Only what the lake needs: a struct (record batch) of top-level fixed-width columns. Views
 * returned here point into the wasm memory and are valid only until the next call into that
 * module (which may grow, and so detach, its memory): copy out at once.
 *
 * Layouts (wasm32: pointers are 4 bytes, int64 fields 8-byte aligned):
 *   ArrowSchema { format*, name*, metadata*, flags:i64 @16, n_children:i64 @24, children** @32,
 *                 dictionary* @36, ... }
 *   ArrowArray  { length:i64 @0, null_count:i64 @8, offset:i64 @16, n_buffers:i64 @24,
 *                 n_children:i64 @32, buffers** @40, children** @44, ... }
 */
export interface FfiField {
  name: string;
  /** C Data Interface format string, e.g. 'g' float64, 'l' int64, 'tsm:UTC' timestamp[ms, UTC]. */
  format: string;
  /** Dictionary-encoded (categorical): `format` is then the indices' type, not the values'. */
  dictionary: boolean;
}

export interface FfiColumn {
  length: number;
  nullCount: number;
  /** Element offset into the buffers (the array's `offset`). */
  offset: number;
  /** Validity bitmap address (0: no bitmap, all valid) and values buffer address. */
  validityPtr: number;
  valuesPtr: number;
}

const utf8 = new TextDecoder();

/** An int64 field of a C struct (values here are < 2^53; null_count may be -1 = unknown). */
function i64(dv: DataView, at: number): number {
  return Number(dv.getBigInt64(at, true));
}

function cString(mem: Uint8Array, ptr: number): string {
  if (ptr === 0) return '';
  let end = ptr;
  while (mem[end] !== 0) end++;
  return utf8.decode(mem.subarray(ptr, end));
}

/** The child fields of a struct ArrowSchema (a record batch's columns). */
export function readStructFields(memory: WebAssembly.Memory, schemaPtr: number): FfiField[] {
  const dv = new DataView(memory.buffer);
  const mem = new Uint8Array(memory.buffer);
  const n = i64(dv, schemaPtr + 24);
  const children = dv.getUint32(schemaPtr + 32, true);
  const out: FfiField[] = [];
  for (let i = 0; i < n; i++) {
    const c = dv.getUint32(children + 4 * i, true);
    out.push({ format: cString(mem, dv.getUint32(c, true)), name: cString(mem, dv.getUint32(c + 4, true)), dictionary: dv.getUint32(c + 36, true) !== 0 });
  }
  return out;
}

/** The top-level columns of a struct ArrowArray (one record batch). */
export function readStructColumns(memory: WebAssembly.Memory, arrayPtr: number): { length: number; columns: FfiColumn[] } {
  const dv = new DataView(memory.buffer);
  const length = i64(dv, arrayPtr);
  const n = i64(dv, arrayPtr + 32);
  const children = dv.getUint32(arrayPtr + 44, true);
  const columns: FfiColumn[] = [];
  for (let i = 0; i < n; i++) {
    const a = dv.getUint32(children + 4 * i, true);
    const nBuffers = i64(dv, a + 24);
    const buffers = dv.getUint32(a + 40, true);
    columns.push({
      length: i64(dv, a),
      nullCount: i64(dv, a + 8),
      offset: i64(dv, a + 16),
      validityPtr: nBuffers > 0 ? dv.getUint32(buffers, true) : 0,
      valuesPtr: nBuffers > 1 ? dv.getUint32(buffers + 4, true) : 0,
    });
  }
  return { length, columns };
}

/** Whether row `i` of a decoded column is valid (not null): its bit in the validity bitmap, which may be absent (all valid). */
export function isValidAt(mem: Uint8Array, c: FfiColumn, i: number): boolean {
  if (c.validityPtr === 0) return true;
  const bit = c.offset + i;
  return ((mem[c.validityPtr + (bit >> 3)]! >> (bit & 7)) & 1) === 1;
}
