/**
 * loadBarsToMysql against a real MariaDB: table creation with the contract DDL, doubles that
 * round-trip bit for bit, one transaction (a failure leaves nothing, not even the created table),
 * existing keys never skipped silently, --replace upserts, lossy column types refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2/promise';
import { loadBarsToMysql } from '../../src/io/mysql/write.js';
import { MysqlSource } from '../../src/sources/mysql.js';
import { CgqError } from '../../src/errors.js';
import { collectBars, type SymbolBars } from '../../src/sources/types.js';
import { seededRandom } from '../helpers/compare.js';
import { scratchDb, type ScratchDb } from '../sources/db-fixture.js';

let db: ScratchDb | undefined;
before(async () => {
  db = await scratchDb(undefined, 'write');
});
after(async () => {
  await db?.drop();
});

const T0 = Date.UTC(2024, 0, 1);

/** Awkward doubles: tiny, huge, many digits, negative exponents; trades with nulls. */
function awkwardBars(symbol: string, n: number, seed: number, t0 = T0): SymbolBars {
  const r = seededRandom(seed);
  const b: SymbolBars = { symbol, ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n), trades: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const scale = 10 ** Math.floor(r() * 40 - 20);
    const o = (1 + r()) * scale;
    const c = (1 + r()) * scale;
    b.ts[i] = t0 + i * 60_000 + (i % 7 === 3 ? 123 : 0);
    b.open![i] = o;
    b.close![i] = c;
    b.high![i] = Math.max(o, c) * (1 + r() / 10);
    b.low![i] = Math.min(o, c) / (1 + r() / 10);
    b.volume![i] = i % 11 === 0 ? 0 : r() * 1e6;
    b.trades![i] = i % 5 === 0 ? NaN : Math.floor(r() * 1e9);
  }
  return b;
}

const readAll = async (cfg: ScratchDb['cfg']): Promise<SymbolBars[]> => collectBars(await MysqlSource.open(cfg));

function assertSameBars(got: SymbolBars, want: SymbolBars): void {
  assert.equal(got.symbol, want.symbol);
  for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades'] as const) {
    const g = got[c]!;
    const w = want[c]!;
    assert.equal(g.length, w.length, `${want.symbol} ${c} length`);
    for (let i = 0; i < w.length; i++) assert.ok(Object.is(g[i], w[i]), `${want.symbol} ${c}[${i}]: got ${g[i]}, want ${w[i]}`);
  }
}

async function tableExists(name: string): Promise<boolean> {
  const [r] = await db!.admin.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [db!.cfg.database, name]);
  return Number(r[0]!.n) > 0;
}

test('creates the table with the contract DDL and round-trips doubles and ms timestamps exactly', async (t) => {
  if (!db) return t.skip('no database');
  const cfg = { ...db.cfg, table: 'exact' };
  const input = [awkwardBars('AAA', 3000, 1), awkwardBars('BBB', 20_000, 2)]; // BBB spans several LOAD DATA chunks
  async function* gen() {
    yield* input;
  }
  const r = await loadBarsToMysql(cfg, gen());
  assert.deepEqual({ rows: r.rows, symbols: r.symbols, created: r.created }, { rows: 23_000, symbols: 2, created: true });
  const [cols] = await db.admin.query<RowDataPacket[]>(
    'SELECT COLUMN_NAME AS c, COLUMN_TYPE AS t, IS_NULLABLE AS n, COLUMN_KEY AS k FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [cfg.database, 'exact'],
  );
  assert.deepEqual(
    cols.map((x) => `${x.c} ${x.t} ${x.n} ${x.k}`),
    ['symbol varchar(32) NO PRI', 'timestamp datetime(3) NO PRI', 'open double NO ', 'high double NO ', 'low double NO ', 'close double NO ', 'volume double NO ', 'trades bigint(20) YES '],
  );
  const back = await readAll(cfg);
  assert.equal(back.length, 2);
  assertSameBars(back[0]!, input[0]!);
  assertSameBars(back[1]!, input[1]!);
});

test('existing keys without --replace: fails naming symbol and range, writes nothing; --replace upserts', async (t) => {
  if (!db) return t.skip('no database');
  const cfg = { ...db.cfg, table: 'collide' };
  const first = awkwardBars('AAA', 100, 3);
  await loadBarsToMysql(cfg, [first]);
  // a second load: a new symbol (would be fine) then AAA overlapping 10 existing minutes
  const fresh = awkwardBars('ZZZ', 50, 4);
  const overlap = awkwardBars('AAA', 30, 5, T0 + 90 * 60_000);
  overlap.ts.forEach((_, i) => (overlap.ts[i] = T0 + (90 + i) * 60_000 + ((90 + i) % 7 === 3 ? 123 : 0)));
  await assert.rejects(loadBarsToMysql(cfg, [fresh, overlap]), (e: unknown) => {
    assert.ok(e instanceof CgqError);
    assert.equal(e.code, 'INPUT_DUPLICATE');
    assert.match(e.message, /10 of 30 AAA rows in \[2024-01-01T01:30:00\.000Z, 2024-01-01T01:59:00\.000Z\] already exist; existing rows there span 2024-01-01T01:30:00\.000Z\.\.2024-01-01T01:39:00\.000Z; nothing written \(use --replace to overwrite\)/);
    return true;
  });
  let back = await readAll(cfg);
  assert.deepEqual(back.map((b) => [b.symbol, b.ts.length]), [['AAA', 100]], 'ZZZ rolled back too');
  assertSameBars(back[0]!, first);

  const r = await loadBarsToMysql(cfg, [fresh, overlap], { replace: true });
  assert.equal(r.rows, 80);
  back = await readAll(cfg);
  assert.deepEqual(back.map((b) => [b.symbol, b.ts.length]), [['AAA', 120], ['ZZZ', 50]]);
  const aaa = back[0]!;
  assert.equal(aaa.close![89], first.close![89], 'untouched row kept');
  assert.equal(aaa.close![90], overlap.close![0], 'overlapping row replaced by the input');
  assert.equal(aaa.close![119], overlap.close![29]);
});

test('a failed load into a table it created leaves no table behind; bad bars are refused before sending', async (t) => {
  if (!db) return t.skip('no database');
  const cfg = { ...db.cfg, table: 'fresh_fail' };
  const good = awkwardBars('AAA', 10, 6);
  const unsorted = awkwardBars('BBB', 10, 7);
  unsorted.ts[5] = unsorted.ts[4]!;
  await assert.rejects(loadBarsToMysql(cfg, [good, unsorted]), /BBB timestamps are not strictly ascending at 2024-01-01T00:04:00.000Z/);
  assert.equal(await tableExists('fresh_fail'), false);
  await assert.rejects(loadBarsToMysql(cfg, [{ ...good, symbol: 'bad/sym' }]), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_SYMBOL');
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(loadBarsToMysql(cfg, [good], { signal: abort.signal }), (e: unknown) => e instanceof CgqError && e.code === 'INTERRUPTED' && /nothing written/.test(e.message));
  assert.equal(await tableExists('fresh_fail'), false);
});

test('existing tables: lossy DECIMAL columns refuse to round values, no unique key is refused, no trades column drops trades', async (t) => {
  if (!db) return t.skip('no database');
  const a = db.admin;
  await a.query('CREATE TABLE dec8 (symbol VARCHAR(32) NOT NULL, timestamp DATETIME(3) NOT NULL, open DECIMAL(20,8), high DECIMAL(20,8), low DECIMAL(20,8), close DECIMAL(20,8), volume DECIMAL(28,8), trades BIGINT, PRIMARY KEY (symbol, timestamp))');
  const exact: SymbolBars = { symbol: 'AAA', ts: Float64Array.of(T0), open: Float64Array.of(1.5), high: Float64Array.of(2), low: Float64Array.of(1), close: Float64Array.of(1.25), volume: Float64Array.of(10) };
  await loadBarsToMysql({ ...db.cfg, table: 'dec8' }, [exact]);
  const lossy: SymbolBars = { ...exact, ts: Float64Array.of(T0 + 60_000), close: Float64Array.of(1.123456789) };
  await assert.rejects(loadBarsToMysql({ ...db.cfg, table: 'dec8' }, [lossy]), /changed values while loading AAA \(Note 1265: Data truncated for column 'close'/);
  const [n] = await a.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM dec8');
  assert.equal(Number(n[0]!.n), 1);

  await a.query('CREATE TABLE nokey (symbol VARCHAR(32), timestamp DATETIME(3), open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, KEY (symbol, timestamp))');
  await assert.rejects(loadBarsToMysql({ ...db.cfg, table: 'nokey' }, [exact]), /has no PRIMARY KEY or UNIQUE index on \(symbol, timestamp\)/);

  await a.query('CREATE TABLE notrades (symbol VARCHAR(32), timestamp DATETIME(3), open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, UNIQUE KEY k (timestamp, symbol))');
  const r = await loadBarsToMysql({ ...db.cfg, table: 'notrades' }, [{ ...exact, trades: Float64Array.of(42) }]);
  assert.equal(r.tradesDropped, 1);
  assert.equal(r.rows, 1);
});
