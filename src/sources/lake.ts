/** The embedded Parquet lake as a bar source (the default source: `--lake <root>`, data/parquet). */
import { readLakeBars, type DecodeMode } from '../io/lake/read.js';
import { DEFAULT_TF } from '../io/lake/paths.js';
import { lakeSymbols } from '../io/lake/scan.js';
import type { EnginePool } from '../engine/pool.js';
import type { BarQuery, BarSource, SymbolBars } from './types.js';

export interface LakeSourceOptions {
  /** Timeframe folder (default '1m'). */
  tf?: string;
  /** Where warnings about skipped incomplete days go (default: stderr). */
  onWarning?: (message: string) => void;
  decode?: DecodeMode;
  /** Decode day files on this engine pool (the caller owns and closes it); default: this thread. */
  pool?: EnginePool;
}

export class LakeSource implements BarSource {
  readonly kind = 'lake' as const;
  readonly description: string;
  private readonly tf: string;

  constructor(
    readonly root: string,
    private readonly opts: LakeSourceOptions = {},
  ) {
    this.tf = opts.tf ?? DEFAULT_TF;
    this.description = `lake ${root} (${this.tf})`;
  }

  async symbols(): Promise<string[]> {
    return lakeSymbols(this.root, this.tf);
  }

  bars(q: BarQuery = {}): AsyncIterable<SymbolBars> {
    return readLakeBars(this.root, { ...q, tf: this.tf, onWarning: this.opts.onWarning, decode: this.opts.decode, pool: this.opts.pool });
  }

  async close(): Promise<void> {}
}
