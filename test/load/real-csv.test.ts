/**
 * The real 1-minute CSV (../shared/data/ohlcv_1m, 24 Binance spot symbols, 1,671,235 rows) loads
 * into MariaDB and into the lake through `runLoad`, and reading it back through MysqlSource and
 * LakeSource gives, per symbol, the same row count and the same exact checksum over the float64
 * bit patterns of (ts, open, high, low, close, volume) as an independent plain parse of the CSV.
 * Skipped with a message when ../shared is absent; never under CI=true. Takes ~20-40 s.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runLoad } from '../../src/pipelines/load/run.js';
import { LakeSource } from '../../src/sources/lake.js';
import { MysqlSource } from '../../src/sources/mysql.js';
import type { BarSource } from '../../src/sources/types.js';
import { sharedFile } from '../helpers/shared.js';
import { scratchDb, type ScratchDb } from '../sources/db-fixture.js';

const REL = 'data/ohlcv_1m/binance_spot_usdt_1m_2021-04-02_2021-05-20.csv.gz';

/** Per-symbol row counts from ../shared/data/ohlcv_1m/README.md ("Coverage per symbol"). */
const README_COUNTS: Record<string, number> = {
  AAVEUSDT: 69886, ADAUSDT: 69886, ALGOUSDT: 69886, ATOMUSDT: 69886, BATUSDT: 69886, BCHUSDT: 69886,
  BTCUSDT: 69886, BTTUSDT: 69886, DOGEUSDT: 69886, DOTUSDT: 69886, EOSUSDT: 69886, ETHUSDT: 69886,
  IOTAUSDT: 69886, LINKUSDT: 69886, LTCUSDT: 69887, NEOUSDT: 69886, XMRUSDT: 69887, XRPUSDT: 69887,
  XTZUSDT: 69886, SOLUSDT: 68399, BNBUSDT: 68748, MATICUSDT: 68749, UNIUSDT: 68752, ETCUSDT: 68750,
};

/**
 * Order-independent exact checksum: two 32-bit lanes, each the sum mod 2^32 of a per-row hash of
 * the 12 uint32 words of (ts, open, high, low, close, volume) as float64.
 */
class Checksum {
  rows = 0;
  a = 0;
  b = 0;
  private readonly f = new Float64Array(6);
  private readonly w = new Uint32Array(this.f.buffer);
  add(ts: number, o: number, h: number, l: number, c: number, v: number): void {
    const f = this.f;
    f[0] = ts;
    f[1] = o;
    f[2] = h;
    f[3] = l;
    f[4] = c;
    f[5] = v;
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < 12; i++) {
      const x = this.w[i]!;
      h1 = Math.imul(h1 ^ x, 0x01000193);
      h1 ^= h1 >>> 15;
      h2 = Math.imul(h2 + x, 0x85ebca6b);
      h2 ^= h2 >>> 13;
    }
    this.a = (this.a + (h1 >>> 0)) >>> 0;
    this.b = (this.b + Math.imul(h2, 0xc2b2ae35)) >>> 0;
    this.rows++;
  }
  get key(): string {
    return `${this.rows}:${this.a.toString(16)}:${this.b.toString(16)}`;
  }
}

type Sums = Map<string, string>;

/** The reference: a deliberately naive parse (split, Date.parse, Number) independent of src/. */
function csvChecksums(path: string): Sums {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n');
  assert.equal(lines[0]!.trim(), 'symbol,timestamp,open,high,low,close,volume');
  const acc = new Map<string, Checksum>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const [sym, ts, o, h, l, c, v] = line.split(',');
    let cs = acc.get(sym!);
    if (!cs) acc.set(sym!, (cs = new Checksum()));
    cs.add(Date.parse(ts!), Number(o), Number(h), Number(l), Number(c), Number(v));
  }
  return new Map([...acc].map(([s, cs]) => [s, cs.key]));
}

async function sourceChecksums(src: BarSource): Promise<Sums> {
  const out: Sums = new Map();
  try {
    for await (const b of src.bars({ columns: ['open', 'high', 'low', 'close', 'volume'] })) {
      const cs = new Checksum();
      for (let i = 0; i < b.ts.length; i++) {
        if (i > 0) assert.ok(b.ts[i]! > b.ts[i - 1]!, `${src.kind} ${b.symbol}: ts ascending at ${i}`);
        cs.add(b.ts[i]!, b.open![i]!, b.high![i]!, b.low![i]!, b.close![i]!, b.volume![i]!);
      }
      out.set(b.symbol, cs.key);
    }
  } finally {
    await src.close();
  }
  return out;
}

let db: ScratchDb | undefined;
let lake: string | undefined;
before(async () => {
  db = await scratchDb(undefined, 'real');
  lake = mkdtempSync(join(tmpdir(), 'cgq-real-lake-'));
});
after(async () => {
  await db?.drop();
  if (lake) rmSync(lake, { recursive: true, force: true });
});

test('real CSV → MariaDB and → lake: per-symbol counts and exact checksums agree with the CSV', async (t) => {
  const path = sharedFile(t, REL);
  if (!path) return;
  if (!db) return t.skip('no database');

  const want = csvChecksums(path);
  assert.equal(want.size, 24);
  let total = 0;
  for (const [sym, key] of want) {
    const rows = Number(key.split(':')[0]);
    assert.equal(rows, README_COUNTS[sym], `${sym}: rows in the CSV vs the data README`);
    total += rows;
  }
  assert.equal(total, 1_671_235);

  // Both loads at once: the MySQL one mostly waits on the server while the lake one encodes.
  const [toDb, toLake] = await Promise.all([
    runLoad({ input: path, target: { kind: 'mysql', db: db.cfg }, replace: false, onBadRow: 'fail' }),
    runLoad({ input: path, target: { kind: 'lake', root: lake! }, replace: false, onBadRow: 'fail' }),
  ]);
  assert.deepEqual({ rows: toDb.rows, symbols: toDb.symbols, skipped: toDb.skipped }, { rows: 1_671_235, symbols: 24, skipped: 0 });
  assert.equal(toDb.first, Date.UTC(2021, 3, 2));
  assert.equal(toDb.last, Date.UTC(2021, 4, 20, 19, 59));
  assert.deepEqual({ rows: toLake.rows, symbols: toLake.symbols }, { rows: 1_671_235, symbols: 24 });

  const fromDb = await sourceChecksums(await MysqlSource.open(db.cfg));
  const fromLake = await sourceChecksums(new LakeSource(lake!));
  const sorted = (m: Sums) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
  assert.deepEqual(sorted(fromDb), sorted(want), 'MySQL vs CSV');
  assert.deepEqual(sorted(fromLake), sorted(want), 'lake vs CSV');
});
