/**
 * parquet-wasm encode/decode helpers.
 *
 * Encoding: an apache-arrow table crosses into parquet-wasm as an IPC stream (its only import path
 * in 0.8) and comes back as Parquet bytes.
 *
 * Decoding: the decoded columns are handed to a callback as Arrow C Data Interface structs inside
 * parquet-wasm's memory (`arrow-ffi.ts`), so callers copy values straight into their own arrays.
 * Two read paths: `withDecodedParquet` is synchronous and decodes every column (parquet-wasm
 * 0.8's sync `readParquet` ignores `columns`); `withDecodedParquetColumns` goes through
 * `ParquetFile`, which honours a column projection but is asynchronous.
 *
 * parquet-wasm is loaded on first use (its Node build is CommonJS), so importing this module costs
 * nothing to commands and engine workers that never touch Parquet.
 */
import { createRequire } from 'node:module';
import type * as PQ from 'parquet-wasm';
import { tableToIPC, type Table } from 'apache-arrow';
import { CgqError, type ErrorCode } from '../errors.js';
import { readStructColumns, readStructFields, type FfiColumn, type FfiField } from './arrow-ffi.js';

/** Per-column Parquet encodings; columns not named use the writer's plain encoding. */
export type ColumnEncoding = 'dictionary' | 'delta' | 'byte_stream_split' | 'plain';

export interface ParquetWriteSpec {
  codec: 'ZSTD' | 'SNAPPY' | 'UNCOMPRESSED';
  /** Encoding per column name. Dictionary is off for every column not marked 'dictionary'. */
  encodings: Readonly<Record<string, ColumnEncoding>>;
  /** Min/max statistics per column chunk (readers such as DuckDB prune on them). */
  statistics: boolean;
  /** The file's key-value metadata (pyarrow: `schema.metadata`); keep it free of times and paths. */
  metadata?: Readonly<Record<string, string>>;
}

let loaded: typeof PQ | undefined;

function parquetWasm(): typeof PQ {
  return (loaded ??= createRequire(import.meta.url)('parquet-wasm') as typeof PQ);
}

/** Writer properties are consumed by `writeParquet`, so they are built per file. */
function writerProperties(spec: ParquetWriteSpec): PQ.WriterProperties {
  const pq = parquetWasm();
  const encodings: Record<Exclude<ColumnEncoding, 'dictionary'>, PQ.Encoding> = {
    delta: pq.Encoding.DELTA_BINARY_PACKED,
    byte_stream_split: pq.Encoding.BYTE_STREAM_SPLIT,
    plain: pq.Encoding.PLAIN,
  };
  let b = new pq.WriterPropertiesBuilder()
    .setCompression(pq.Compression[spec.codec])
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(spec.statistics ? pq.EnabledStatistics.Chunk : pq.EnabledStatistics.None);
  if (spec.metadata) b = b.setKeyValueMetadata(new Map(Object.entries(spec.metadata)));
  for (const [col, enc] of Object.entries(spec.encodings)) {
    b = enc === 'dictionary' ? b.setColumnDictionaryEnabled(col, true) : b.setColumnEncoding(col, encodings[enc]);
  }
  return b.build();
}

/** Encode an Arrow table as one Parquet file (one row group). Deterministic: no times or paths. */
export function encodeParquet(table: Table, spec: ParquetWriteSpec): Uint8Array {
  const pq = parquetWasm();
  const wasmTable = pq.Table.fromIPCStream(tableToIPC(table, 'stream'));
  // writeParquet consumes (frees) the wasm table and the properties.
  return pq.writeParquet(wasmTable, writerProperties(spec));
}

/** What a decode callback sees: the fields and, per record batch, its columns (addresses in `memory`). */
export interface DecodedParquet {
  memory: WebAssembly.Memory;
  fields: FfiField[];
  batches: { length: number; columns: FfiColumn[] }[];
}

/** Rows per decoded batch: a day file (1440 rows) comes back as one batch. */
const BATCH_ROWS = 1 << 16;

function decodeError(what: string, e: unknown, code: ErrorCode = 'LAKE_CORRUPT'): CgqError {
  const msg = e instanceof Error ? e.message : String(e);
  return new CgqError(code, `${what}: not a readable Parquet file (${msg})`, { cause: e });
}

/** Hand the FFI view of a decoded wasm table to `fn`, then release it. `fn` must copy what it keeps. */
function withFfi<T>(table: PQ.Table, fn: (d: DecodedParquet) => T): T {
  const stream = table.intoFFI();
  try {
    const memory = parquetWasm().wasmMemory();
    const fields = readStructFields(memory, stream.schemaAddr());
    const batches = Array.from(stream.arrayAddrs(), (addr) => readStructColumns(memory, addr));
    return fn({ memory, fields, batches });
  } finally {
    stream.free();
  }
}

/** Decode every column of a Parquet file (synchronous). `what` names the file in errors. */
export function withDecodedParquet<T>(bytes: Uint8Array, what: string, fn: (d: DecodedParquet) => T): T {
  let table: PQ.Table;
  try {
    table = parquetWasm().readParquet(bytes, { batchSize: BATCH_ROWS });
  } catch (e) {
    throw decodeError(what, e);
  }
  return withFfi(table, fn);
}

/** Decode only `columns` of a Parquet file (the projection is honoured; asynchronous). */
export async function withDecodedParquetColumns<T>(bytes: Uint8Array, columns: readonly string[], what: string, fn: (d: DecodedParquet) => T): Promise<T> {
  return withSelectedParquetColumns(bytes, what, () => columns, fn);
}

/**
 * Decode the columns `select` picks from the file's fields (a projected, asynchronous read). The
 * caller sees every field's name and Arrow format before anything is decoded, so it can refuse a
 * missing or mistyped column in its own words. `code`: the error of a file that is not Parquet
 * (a lake file that fails is corrupt; a user's input file is an input error).
 */
export async function withSelectedParquetColumns<T>(
  bytes: Uint8Array,
  what: string,
  select: (fields: FfiField[]) => readonly string[],
  fn: (d: DecodedParquet) => T,
  code: ErrorCode = 'LAKE_CORRUPT',
): Promise<T> {
  const pq = parquetWasm();
  let file: PQ.ParquetFile;
  try {
    file = await pq.ParquetFile.fromFile(new Blob([bytes]));
  } catch (e) {
    throw decodeError(what, e, code);
  }
  let table: PQ.Table;
  try {
    const schema = file.schema().toFFI();
    let fields: FfiField[];
    try {
      fields = readStructFields(pq.wasmMemory(), schema.addr());
    } finally {
      schema.free();
    }
    const columns = select(fields);
    try {
      table = await file.read({ columns: [...columns], batchSize: BATCH_ROWS });
    } catch (e) {
      throw decodeError(what, e, code);
    }
  } finally {
    file.free();
  }
  return withFfi(table, fn);
}
