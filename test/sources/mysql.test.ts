/**
 * MysqlSource against a real MariaDB: exact doubles and DATETIME(3) ms, [start, end) windows,
 * column selection, a legacy table with DECIMAL columns and no trades, tables that break the
 * BarSource contract, and connection failures mapped to DB_AUTH / DB_CONNECT without the password.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MysqlSource } from '../../src/sources/mysql.js';
import { openBarSource } from '../../src/sources/open.js';
import { CgqError } from '../../src/errors.js';
import type { SymbolBars } from '../../src/sources/types.js';
import { scratchDb, type ScratchDb } from './db-fixture.js';

let db: ScratchDb | undefined;
before(async () => {
  db = await scratchDb(undefined, 'src');
});
after(async () => {
  await db?.drop();
});

async function collect(src: MysqlSource, q: Parameters<MysqlSource['bars']>[0] = {}): Promise<SymbolBars[]> {
  const out: SymbolBars[] = [];
  for await (const b of src.bars(q)) out.push(b);
  return out;
}

const T0 = Date.UTC(2021, 3, 2);

test('reads DOUBLE/DATETIME(3) tables exactly, per symbol, in [start, end), with the columns asked', async (t) => {
  if (!db) return t.skip('no database');
  const a = db.admin;
  await a.query(
    'CREATE TABLE ohlcvt (symbol VARCHAR(32) NOT NULL, timestamp DATETIME(3) NOT NULL, open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL, volume DOUBLE NOT NULL, trades BIGINT NULL, PRIMARY KEY (symbol, timestamp))',
  );
  const vals = [0.1, 1 / 3, 57745.95, 1e-300, 123456789.123456789];
  await a.query('INSERT INTO ohlcvt VALUES ?', [
    [
      ['ETH', '2021-04-02 00:00:00.000', 1, 2, 0.5, 1.5, 10, null],
      ...vals.map((v, i) => ['BTC', `2021-04-02 00:0${i}:00.${i === 3 ? '007' : '000'}`, v, v, v, v, v, i]),
    ],
  ]);
  const src = await MysqlSource.open(db.cfg);
  try {
    assert.equal(src.kind, 'mysql');
    assert.deepEqual(await src.symbols(), ['BTC', 'ETH']);
    const all = await collect(src);
    assert.deepEqual(all.map((b) => b.symbol), ['BTC', 'ETH']);
    const btc = all[0]!;
    assert.deepEqual([...btc.ts], [0, 1, 2, 3, 4].map((i) => T0 + i * 60_000 + (i === 3 ? 7 : 0)));
    assert.deepEqual([...btc.close!], vals, 'doubles round-trip bit for bit');
    assert.deepEqual([...btc.trades!], [0, 1, 2, 3, 4]);
    assert.ok(Number.isNaN(all[1]!.trades![0]!), 'NULL trades reads as NaN');

    const win = await collect(src, { symbols: ['BTC', 'NOPE'], start: T0 + 60_000, end: T0 + 3 * 60_000 + 7, columns: ['close'] });
    assert.equal(win.length, 1, 'symbols without rows are left out');
    assert.deepEqual([...win[0]!.ts], [T0 + 60_000, T0 + 120_000], 'end is exclusive');
    assert.deepEqual(Object.keys(win[0]!).sort(), ['close', 'symbol', 'ts']);
    await assert.rejects(collect(src, { symbols: ['x/../y'] }), /must match/);
    const wide = await collect(src, { start: Date.UTC(1, 0, 1), end: 8.64e15 });
    assert.deepEqual(wide.map((b) => b.ts.length), [5, 1], 'bounds beyond DATETIME (years 1000-9999) are no bounds');
    assert.deepEqual(await collect(src, { start: 8.64e15 }), []);
  } finally {
    await src.close();
  }
});

test('a legacy table: DECIMAL prices (strings from the driver), DATETIME without ms, no trades column', async (t) => {
  if (!db) return t.skip('no database');
  const cfg = { ...db.cfg, table: 'legacy' };
  await db.admin.query(
    'CREATE TABLE legacy (symbol VARCHAR(20), timestamp DATETIME, open DECIMAL(20,8), high DECIMAL(20,8), low DECIMAL(20,8), close DECIMAL(20,8), volume DECIMAL(28,8), KEY (symbol, timestamp))',
  );
  await db.admin.query("INSERT INTO legacy VALUES ('ADA', '2021-04-02 00:01:00', 1.12345678, 1.2, 1.1, 1.15, 1000.5), ('ADA', '2021-04-02 00:00:00', 1.1, 1.2, 1.0, 1.12345678, 0)");
  const src = await MysqlSource.open(cfg);
  try {
    const [ada] = await collect(src);
    assert.deepEqual([...ada!.ts], [T0, T0 + 60_000]);
    assert.deepEqual([...ada!.close!], [1.12345678, 1.15]);
    assert.deepEqual([...ada!.volume!], [0, 1000.5]);
    assert.equal(ada!.trades!.length, 2);
    assert.ok(ada!.trades!.every((x) => Number.isNaN(x)));
  } finally {
    await src.close();
  }
});

test('tables that break the contract fail clearly: duplicate keys, NULL prices, missing columns, no table', async (t) => {
  if (!db) return t.skip('no database');
  await db.admin.query('CREATE TABLE dup (symbol VARCHAR(20), timestamp DATETIME(3), open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE)');
  await db.admin.query("INSERT INTO dup VALUES ('A','2021-04-02 00:00:00',1,1,1,1,1), ('A','2021-04-02 00:00:00',2,2,2,2,2), ('B','2021-04-02 00:00:00',1,1,NULL,1,1)");
  const src = await MysqlSource.open({ ...db.cfg, table: 'dup' });
  try {
    await assert.rejects(collect(src, { symbols: ['A'] }), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_DUPLICATE' && /A has duplicate rows at 2021-04-02T00:00:00.000Z/.test(e.message));
    await assert.rejects(collect(src, { symbols: ['B'] }), /B has NULL low at 2021-04-02T00:00:00.000Z/);
    const [b] = await collect(src, { symbols: ['B'], columns: ['close'] });
    assert.deepEqual([...b!.close!], [1], 'the connection is still usable after a failed read');
  } finally {
    await src.close();
  }
  await db.admin.query('CREATE TABLE thin (symbol VARCHAR(20), timestamp DATETIME, open DOUBLE)');
  await assert.rejects(MysqlSource.open({ ...db.cfg, table: 'thin' }), /table 'thin' lacks columns high, low, close, volume/);
  await assert.rejects(MysqlSource.open({ ...db.cfg, table: 'absent' }), /table 'absent' does not exist/);
});

test('wrong password → DB_AUTH, unreachable → DB_CONNECT, unknown database → DB_CONNECT; no password in messages', async (t) => {
  if (!db) return t.skip('no database');
  const secret = 'Wr0ng-p@ss:word';
  await assert.rejects(MysqlSource.open({ ...db.cfg, password: secret }), (e: unknown) => {
    assert.ok(e instanceof CgqError);
    assert.equal(e.code, 'DB_AUTH');
    assert.match(e.message, /refused the credentials for user 'root'/);
    assert.ok(!e.message.includes(secret));
    return true;
  });
  await assert.rejects(MysqlSource.open({ ...db.cfg, port: 1, password: secret }), (e: unknown) => {
    assert.ok(e instanceof CgqError);
    assert.equal(e.code, 'DB_CONNECT');
    assert.match(e.message, /cannot reach MySQL root@127\.0\.0\.1:1\/.* \(ECONNREFUSED\)/);
    assert.ok(!e.message.includes(secret));
    return true;
  });
  await assert.rejects(MysqlSource.open({ ...db.cfg, database: 'cgq_no_such_db_x' }), (e: unknown) => e instanceof CgqError && e.code === 'DB_CONNECT' && /database 'cgq_no_such_db_x' does not exist/.test(e.message));
});

test('openBarSource: the lake unless a connection flag is given, then MySQL', async (t) => {
  if (!db) return t.skip('no database');
  const lake = await openBarSource({ lake: '/nonexistent-lake' });
  assert.equal(lake.kind, 'lake');
  assert.equal(lake.description, 'lake /nonexistent-lake (1m)');
  const { host, port, user, password, database } = db.cfg;
  const src = await openBarSource({ host, port, user, password, database, lake: '/ignored' }, { env: {}, interactive: false });
  try {
    assert.equal(src.kind, 'mysql');
    assert.deepEqual(await src.symbols(), ['BTC', 'ETH']);
  } finally {
    await src.close();
  }
  await assert.rejects(openBarSource({ database }, { env: {}, interactive: false }), /DB_CREDENTIALS|--host \(or env DB_HOST\)/);
});
