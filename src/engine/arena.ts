/**
 * The shared column arena: one shared `WebAssembly.Memory` (its buffer is a SharedArrayBuffer) that
 * the coordinator, every worker and every kernel instance see. Columns are carved out of it with a
 * 64-byte aligned bump allocator; tasks carry offsets into it, never arrays.
 *
 * The first RESERVED_BYTES hold the kernel module's static data (checked at instantiation), so
 * allocation starts above it. `mark()`/`release()` give stack-like reuse for per-job temporaries;
 * a job that awaits between the two (pool tasks) takes its mark with `holdMark()`, one at a time.
 */
import { CgqError } from '../errors.js';

export const WASM_PAGE_BYTES = 65536;
/** Must equal `maximumMemory` in asconfig.json: 65536 pages = 4 GiB, wasm32's limit. */
export const MAX_PAGES = 65536;
/** Must be ≥ `initialMemory` in asconfig.json. */
export const MIN_PAGES = 32;
/** Bytes below this offset belong to the kernel module's static data. */
export const RESERVED_BYTES = 64 * 1024;
export const DEFAULT_ALIGN = 64;

export function alignUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}

export class SharedArena {
  readonly memory: WebAssembly.Memory;
  private top: number;
  /** The job holding a mark across awaits (holdMark), if any. */
  private holder: string | undefined;

  constructor(memory?: WebAssembly.Memory, initialBytes = 0) {
    const pages = Math.max(MIN_PAGES, Math.ceil((RESERVED_BYTES + initialBytes) / WASM_PAGE_BYTES));
    this.memory = memory ?? new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
    this.top = RESERVED_BYTES;
  }

  /** Bytes handed out so far (including the reserved prefix). */
  get used(): number {
    return this.top;
  }

  /** The current SharedArrayBuffer (a new object after growth; old views stay valid). */
  get buffer(): SharedArrayBuffer {
    return this.memory.buffer as SharedArrayBuffer;
  }

  /** Reserve `bytes` and return the offset; grows the memory when needed. */
  alloc(bytes: number, align = DEFAULT_ALIGN): number {
    if (!Number.isFinite(bytes) || bytes < 0) throw new CgqError('INTERNAL', `arena: bad allocation size ${bytes}`);
    const off = alignUp(this.top, align);
    const end = off + bytes;
    this.ensure(end);
    this.top = end;
    return off;
  }

  /** Make sure the memory is at least `end` bytes long. */
  ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const needPages = Math.ceil((end - have) / WASM_PAGE_BYTES);
    const curPages = have / WASM_PAGE_BYTES;
    if (curPages + needPages > MAX_PAGES) {
      throw new CgqError('MEMORY_LIMIT', `kernel memory: at least ${(end / 2 ** 30).toFixed(2)} GiB needed, wasm32 allows 4 GiB`);
    }
    // Grow geometrically (at least 25 %) so a stream of small allocations does not grow page by page.
    const grow = Math.min(MAX_PAGES - curPages, Math.max(needPages, Math.ceil(curPages / 4)));
    this.memory.grow(grow);
  }

  mark(): number {
    return this.top;
  }

  /**
   * The mark of a job that awaits before it releases (a decomposition running pool tasks). Marks
   * are a stack, so a second such job at once would free the first one's memory under it (or the
   * first would free the second's): it is refused with a USAGE error instead. Synchronous jobs
   * (mark … release with no await between) may still run meanwhile: they end before the holder
   * resumes.
   */
  holdMark(job: string): number {
    if (this.holder !== undefined) {
      throw new CgqError('USAGE', `${job}: the arena is in use by ${this.holder}; run one decomposition at a time per arena (await it) or give each its own SharedArena`);
    }
    this.holder = job;
    return this.top;
  }

  /** End a holdMark job: free what it allocated. */
  releaseHold(mark: number): void {
    this.holder = undefined;
    this.release(mark);
  }

  /** Free everything allocated since `mark` (stack discipline). */
  release(mark: number): void {
    if (mark < RESERVED_BYTES || mark > this.top) throw new CgqError('INTERNAL', `arena: bad release mark ${mark}`);
    this.top = mark;
  }

  allocF64(n: number): number {
    return this.alloc(n * 8);
  }

  f64(off: number, n: number): Float64Array {
    return new Float64Array(this.memory.buffer, off, n);
  }

  i64(off: number, n: number): BigInt64Array {
    return new BigInt64Array(this.memory.buffer, off, n);
  }

  i32(off: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, off, n);
  }

  u8(off: number, n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, off, n);
  }

  /** Copy a Float64Array into freshly allocated arena memory (TypedArray.set: ~11 GB/s). */
  putF64(src: Float64Array): number {
    const off = this.allocF64(src.length);
    this.f64(off, src.length).set(src);
    return off;
  }
}
