/** LOAD DATA text: DATETIME(3) formatting, shortest round-trip doubles, NULL trades; SQL shape. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatetimeFormatter, toDatetime } from '../../src/io/mysql/datetime.js';
import { encodeRows, loadDataSql } from '../../src/io/mysql/load-data.js';
import { createTableSql } from '../../src/io/mysql/table.js';

test('DATETIME text: minute bars without a fraction, ms kept, day cache never leaks', () => {
  const f = new DatetimeFormatter();
  assert.equal(f.format(Date.UTC(2021, 3, 2, 13, 45)), '2021-04-02 13:45:00');
  assert.equal(f.format(Date.UTC(2021, 3, 2, 13, 45, 7, 5)), '2021-04-02 13:45:07.005');
  assert.equal(f.format(Date.UTC(2021, 3, 2, 23, 59, 59, 999)), '2021-04-02 23:59:59.999');
  assert.equal(f.format(Date.UTC(2021, 3, 3)), '2021-04-03 00:00:00');
  assert.equal(f.format(Date.UTC(2020, 1, 29, 0, 1)), '2020-02-29 00:01:00');
  assert.equal(toDatetime(0), '1970-01-01 00:00:00');
  assert.throws(() => f.format(Date.UTC(2021, 3, 2) + 0.5), /not a whole epoch millisecond/);
  assert.throws(() => f.format(Date.UTC(999, 0, 1)), /DATETIME's range/);
  assert.throws(() => f.format(NaN), /DATETIME's range/);
});

test('rows: tab-separated, doubles as shortest round-trip text, NaN trades as \\N', () => {
  const t0 = Date.UTC(2024, 0, 1);
  const bars = {
    symbol: 'BTCUSDT',
    ts: Float64Array.of(t0, t0 + 60_000, t0 + 120_000),
    open: Float64Array.of(0.1, 1 / 3, 1e-7),
    high: Float64Array.of(0.2, 1, 2e21),
    low: Float64Array.of(0.05, 0.25, 1e-8),
    close: Float64Array.of(0.15, 0.5, 123456.789),
    volume: Float64Array.of(0, 5e-324, 1.7976931348623157e308),
    trades: Float64Array.of(7, NaN, 0),
  };
  const text = encodeRows(bars, 0, 3, true).toString('latin1');
  assert.equal(
    text,
    'BTCUSDT\t2024-01-01 00:00:00\t0.1\t0.2\t0.05\t0.15\t0\t7\n' +
      'BTCUSDT\t2024-01-01 00:01:00\t0.3333333333333333\t1\t0.25\t0.5\t5e-324\t\\N\n' +
      'BTCUSDT\t2024-01-01 00:02:00\t1e-7\t2e+21\t1e-8\t123456.789\t1.7976931348623157e+308\t0\n',
  );
  for (const line of text.trim().split('\n')) {
    const cols = line.split('\t');
    for (let k = 2; k < 7; k++) assert.equal(String(Number(cols[k])), cols[k], 'text parses back to the same double');
  }
  assert.equal(encodeRows(bars, 1, 2, false).toString('latin1'), 'BTCUSDT\t2024-01-01 00:01:00\t0.3333333333333333\t1\t0.25\t0.5\t5e-324\n');
  const noTrades = { ...bars, trades: undefined };
  assert.match(encodeRows(noTrades, 0, 1, true).toString('latin1'), /\t\\N\n$/);
});

test('SQL: the table name is always quoted; REPLACE only when asked; the contract DDL', () => {
  assert.equal(
    loadDataSql('ohlcvt', false, true),
    "LOAD DATA LOCAL INFILE 'cgq-bars.tsv' IGNORE INTO TABLE `ohlcvt` CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (symbol, timestamp, open, high, low, close, volume, trades)",
  );
  assert.match(loadDataSql('bars_1m', true, false), /REPLACE INTO TABLE `bars_1m` .*\(symbol, timestamp, open, high, low, close, volume\)$/);
  assert.equal(
    createTableSql('ohlcvt'),
    'CREATE TABLE IF NOT EXISTS `ohlcvt` (symbol VARCHAR(32) NOT NULL, timestamp DATETIME(3) NOT NULL, open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL, volume DOUBLE NOT NULL, trades BIGINT NULL, PRIMARY KEY (symbol, timestamp)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  );
});
