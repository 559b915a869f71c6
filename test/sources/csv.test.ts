/**
 * The CSV bar reader: header mapping, gzip, ordering, every bad-row rule with its line number,
 * structural errors (missing column, empty, missing file) and CsvSource queries.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CsvSource, readCsvBars, splitQuotedLine } from '../../src/sources/csv.js';
import { BadRowLog } from '../../src/sources/bad-rows.js';
import { CgqError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'cgq-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;
function file(text: string | Buffer, name = `f${k++}.csv`): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const H = 'symbol,timestamp,open,high,low,close,volume';
const t = (hhmm: string) => Date.parse(`2021-04-02T${hhmm}:00Z`);

async function rejects(p: Promise<unknown>, code: string, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof CgqError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, re);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  });
}

test('reads columns by name in any order, with trades, CRLF, BOM and extra columns; values exact', async () => {
  const p = file(
    '\uFEFFtimestamp,close,extra,symbol,volume,low,high,open,trades\r\n' +
      '2021-04-02T00:01:00Z,0.1,x,ETHUSDT,12.5,0.05,0.2,0.15,7\r\n' +
      '2021-04-02T00:00:00Z,57745.95,y,BTCUSDT,1e-8,57700.01,57800,57750.5,\r\n' +
      '2021-04-02T00:00:00Z,0.3,z,ETHUSDT,0,0.1,0.3,0.1,0\r\n',
  );
  const r = await readCsvBars(p);
  assert.equal(r.bad.total, 0, r.bad.message(p));
  assert.equal(r.rows, 3);
  assert.equal(r.hasTrades, true);
  assert.deepEqual(r.bars.map((b) => b.symbol), ['BTCUSDT', 'ETHUSDT']);
  const [btc, eth] = r.bars as [NonNullable<(typeof r.bars)[0]>, NonNullable<(typeof r.bars)[0]>];
  assert.deepEqual([...btc.ts], [t('00:00')]);
  assert.deepEqual([btc.open![0], btc.high![0], btc.low![0], btc.close![0], btc.volume![0]], [57750.5, 57800, 57700.01, 57745.95, 1e-8]);
  assert.ok(Number.isNaN(btc.trades![0]!), 'empty trades is null (NaN)');
  assert.deepEqual([...eth.ts], [t('00:00'), t('00:01')], 'sorted by time');
  assert.deepEqual([...eth.close!], [0.3, 0.1]);
  assert.deepEqual([...eth.trades!], [0, 7]);
});

test('gzip is detected by content; the original synonyms and case are accepted; no trades column', async () => {
  const text = 'Ticker, Time ,OPEN,High,Low,Close,Vol\nBTCUSDT,2021-04-02 00:00:00+00:00,1,2,0.5,1.5,10\nBTCUSDT,2021-04-02 00:01:00,1.5,2,1,1,3\n';
  for (const p of [file(gzipSync(text), 'g.csv.gz'), file(gzipSync(text), 'g-named-plain.csv'), file(text)]) {
    const r = await readCsvBars(p);
    assert.equal(r.bad.total, 0);
    assert.equal(r.hasTrades, false);
    assert.equal(r.bars.length, 1);
    assert.deepEqual([...r.bars[0]!.ts], [t('00:00'), t('00:01')]);
    assert.equal(r.bars[0]!.trades, undefined);
  }
});

test('every bad-row rule is reported with its line number; good rows are kept', async () => {
  const rows = [
    H + ',trades', //                                                     1
    'BTCUSDT,2021-04-02T00:00:00Z,1,2,0.5,1.5,10,3', //                    2 good
    'BTCUSDT,2021-04-02T00:01:00Z,1,2,0.5', //                             3 fields
    'btcusdt,2021-04-02T00:02:00Z,1,2,0.5,1.5,10,', //                     4 symbol
    'BTCUSDT,02/04/2021 00:03,1,2,0.5,1.5,10,', //                         5 timestamp
    'BTCUSDT,2021-04-02T02:04:00+02:00,1,2,0.5,1.5,10,', //                6 timezone
    'BTCUSDT,2021-04-02T00:05:00Z,,2,0.5,1.5,10,', //                      7 number (empty)
    'BTCUSDT,2021-04-02T00:06:00Z,1,abc,0.5,1.5,10,', //                   8 number
    'BTCUSDT,2021-04-02T00:07:00Z,1,2,0.5,Infinity,10,', //                9 number
    'BTCUSDT,2021-04-02T00:08:00Z,0x1,2,0.5,1.5,10,', //                  10 number (hex)
    'BTCUSDT,2021-04-02T00:09:00Z,1,0.5,2,1.5,10,', //                    11 ohlc high < low
    'BTCUSDT,2021-04-02T00:10:00Z,1,1.2,0.5,1.5,10,', //                  12 ohlc high < close
    'BTCUSDT,2021-04-02T00:11:00Z,1,2,1.1,1.5,10,', //                    13 ohlc low > open
    'BTCUSDT,2021-04-02T00:12:00Z,1,2,0.5,1.5,-1,', //                    14 volume
    'BTCUSDT,2021-04-02T00:13:00Z,1,2,0.5,1.5,10,1.5', //                 15 trades
    'BTCUSDT,2021-04-02T00:14:00Z,1,2,0.5,1.5,10,-2', //                  16 trades
    '', //                                                                17 blank: ignored
    'BTCUSDT,2021-04-02T00:00:00Z,9,9,9,9,9,', //                         18 duplicate of line 2
    'BTCUSDT,1969-12-31T23:59:00Z,1,2,0.5,1.5,10,', //                    19 timestamp before 1970
    'ETHUSDT,2021-04-02T00:00:00Z,1,1,1,1,0,0', //                        20 good (flat bar)
  ];
  const p = file(rows.join('\n'));
  const r = await readCsvBars(p);
  assert.equal(r.rows, 2);
  assert.equal(r.lines, 18);
  assert.deepEqual(Object.fromEntries(r.bad.counts), { fields: 1, symbol: 1, timestamp: 2, timezone: 1, number: 4, ohlc: 3, volume: 1, trades: 2, duplicate: 1 });
  assert.equal(r.bad.total, 16);
  assert.deepEqual(r.bad.first.map((b) => b.line), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual(r.bad.first.map((b) => b.reason), ['fields', 'symbol', 'timestamp', 'timezone', 'number', 'number', 'number', 'number', 'ohlc', 'ohlc']);
  assert.equal(r.bars[0]!.open![0], 1, 'the first line of a duplicated key is kept');
  const msg = r.bad.message(p);
  assert.match(msg, /16 bad rows \(fields 1, symbol 1, timestamp 2, timezone 1, number 4, ohlc 3, volume 1, trades 2, duplicate 1\)/);
  assert.match(msg, /line 6: timestamp '2021-04-02T02:04:00\+02:00' is not UTC/);
  assert.match(msg, /line 11: high 0.5 < low 2/);
  assert.match(msg, /… 6 more$/);
  const err = r.bad.toError(p);
  assert.equal(err.code, 'INPUT_PARSE', 'code of the first listed row');
});

test('duplicates and ordering in an unsorted file: stable, first line wins, later lines reported', async () => {
  const p = file([H, 'B,2021-04-02T00:02:00Z,1,1,1,1,1', 'A,2021-04-02T00:01:00Z,1,1,1,1,1', 'B,2021-04-02T00:01:00Z,2,2,2,2,2', 'B,2021-04-02T00:02:00Z,3,3,3,3,3', 'A,2021-04-02T00:00:00Z,1,1,1,1,1'].join('\n'));
  const r = await readCsvBars(p);
  assert.deepEqual(r.bars.map((b) => [b.symbol, [...b.ts].map((x) => new Date(x).toISOString().slice(11, 16)), [...b.open!]]), [
    ['A', ['00:00', '00:01'], [1, 1]],
    ['B', ['00:01', '00:02'], [2, 1]],
  ]);
  assert.equal(r.bad.total, 1);
  assert.deepEqual(r.bad.first[0], { line: 5, reason: 'duplicate', detail: 'duplicate key B 2021-04-02T00:02:00.000Z (first on line 2)' });
  assert.equal(r.bad.toError(p).code, 'INPUT_DUPLICATE');
});

test('quoted fields are unquoted; a quote left open on its line is a bad row', async () => {
  assert.deepEqual(splitQuotedLine('"a,b",c,"d""e"'), ['a,b', 'c', 'd"e']);
  assert.equal(splitQuotedLine('"abc,d'), undefined);
  const p = file([H + ',note', '"BTCUSDT","2021-04-02T00:00:00Z",1,2,0.5,1.5,10,"x,y"', 'BTCUSDT,"2021-04-02T00:01:00Z,1,2,0.5,1.5,10,x', '"BTC,USDT",2021-04-02T00:02:00Z,1,2,0.5,1.5,10,'].join('\n'));
  const r = await readCsvBars(p);
  assert.equal(r.rows, 1);
  assert.deepEqual(r.bad.first.map((b) => [b.line, b.reason]), [[3, 'fields'], [4, 'symbol']]);
});

test('rows spanning many read chunks keep exact line numbers', async () => {
  const lines = [H];
  for (let i = 0; i < 40_000; i++) lines.push(`SYM${i % 4},${new Date(Date.UTC(2021, 0, 1) + Math.floor(i / 4) * 60_000).toISOString()},100.25,101.5,99.75,100.5,${i}.125`);
  lines[35_001] = lines[35_001]!.replace('101.5', '99');
  const p = file(gzipSync(lines.join('\n') + '\n'), 'big.csv.gz');
  const r = await readCsvBars(p);
  assert.equal(r.rows, 39_999);
  assert.deepEqual(r.bad.first.map((b) => [b.line, b.reason]), [[35_002, 'ohlc']]);
  assert.equal(r.bars[0]!.ts.length, 9_999, 'SYM0 lost line 35002');
  assert.equal(r.bars[1]!.volume![9_999], 39_997.125);
});

test('structural errors: missing column, empty file, header only, missing file with close names', async () => {
  await rejects(readCsvBars(file('symbol,timestamp,open,high,low,volume\nA,2021-04-02T00:00:00Z,1,1,1,1\n')), 'INPUT_COLUMN', /missing column 'close' \(header: symbol,timestamp,open,high,low,volume\)/);
  await rejects(readCsvBars(file('symbol,open\n')), 'INPUT_COLUMN', /missing columns 'timestamp', 'high', 'low', 'close', 'volume'/);
  await rejects(readCsvBars(file('')), 'INPUT_EMPTY', /empty/);
  await rejects(readCsvBars(file(gzipSync(''), 'empty.csv.gz')), 'INPUT_EMPTY', /empty/);
  await rejects(readCsvBars(file(H + '\n\n\n')), 'INPUT_EMPTY', /header but no rows/);
  file(H + '\nA,2021-04-02T00:00:00Z,1,1,1,1,1\n', 'bars_2021.csv.gz');
  await rejects(readCsvBars(join(dir, 'bars_2012.csv.gz')), 'INPUT_MISSING', /bars_2012\.csv\.gz does not exist; close names in its folder: bars_2021\.csv\.gz/);
  await rejects(readCsvBars(dir), 'INPUT_MISSING', /is not a file/);
  await rejects(readCsvBars(file(Buffer.concat([gzipSync(H + '\nA,2021-04-02T00:00:00Z,1,1,1,1,1\n').subarray(0, 30)]), 'trunc.csv.gz')), 'INPUT_PARSE', /cannot read the gzip stream/);
});

test('BadRowLog keeps the lowest line numbers whatever the arrival order', () => {
  const log = new BadRowLog();
  for (const line of [50, 3, 40, 12, 11, 10, 9, 8, 7, 6, 5, 4, 2, 99]) log.add(line, 'number', `x${line}`);
  assert.equal(log.total, 14);
  assert.deepEqual(log.first.map((r) => r.line), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.match(log.message('f.csv'), /^f\.csv: 14 bad rows \(number 14\): line 2: x2; .*line 11: x11; … 4 more$/);
});

test('CsvSource: fails on bad rows; filters symbols, [start, end) and columns', async () => {
  await rejects(CsvSource.open(file([H, 'A,2021-04-02T00:00:00Z,1,0,1,1,1'].join('\n'))), 'INPUT_OHLC', /line 2: high 0 < low 1/);
  const src = await CsvSource.open(file([H, 'B,2021-04-02T00:00:00Z,1,1,1,1,1', 'A,2021-04-02T00:00:00Z,1,1,1,1,1', 'A,2021-04-02T00:01:00Z,2,2,2,2,2', 'A,2021-04-02T00:02:00Z,3,3,3,3,3'].join('\n')));
  assert.equal(src.kind, 'csv');
  assert.deepEqual(await src.symbols(), ['A', 'B']);
  const got = [];
  for await (const b of src.bars({ symbols: ['A'], start: t('00:01'), end: t('00:02'), columns: ['close', 'trades'] })) got.push(b);
  assert.equal(got.length, 1);
  assert.deepEqual([...got[0]!.ts], [t('00:01')]);
  assert.deepEqual([...got[0]!.close!], [2]);
  assert.equal(got[0]!.open, undefined);
  assert.ok(Number.isNaN(got[0]!.trades![0]!), 'no trades column reads as null');
  const all = [];
  for await (const b of src.bars({ start: t('00:01') })) all.push(b.symbol);
  assert.deepEqual(all, ['A'], 'symbols without rows in range are left out');
  await assert.rejects(async () => {
    for await (const _ of src.bars({ symbols: ['../x'] })) void _;
  }, /must match/);
});
