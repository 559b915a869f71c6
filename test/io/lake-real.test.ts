/**
 * Real Binance spot minute bars (../shared/data/ohlcv_1m, values as the source stored them)
 * through the lake: every value reads back with the same shortest decimal text, and the day with
 * the real 2021-04-20 02:00–04:29 maintenance gap keeps exactly its 1290 rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sharedFile } from '../helpers/shared.js';
import { writeSymbolBars } from '../../src/io/lake/write.js';
import { LakeSource } from '../../src/sources/lake.js';
import { verifyLake } from '../../src/io/lake/verify.js';
import { collect, tempDir } from './lake-fixtures.js';

const FILE = 'data/ohlcv_1m/binance_spot_usdt_1m_2021-04-02_2021-05-20.csv.gz';

/** The CSV lines of `symbol` in [from, to) ms; the file is sorted by symbol, timestamp, so stop early. */
async function csvRows(path: string, symbol: string, from: number, to: number): Promise<string[][]> {
  const rl = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  const out: string[][] = [];
  for await (const line of rl) {
    if (!line.startsWith(`${symbol},`)) {
      if (out.length) break;
      continue;
    }
    const f = line.split(',');
    const t = Date.parse(f[1]!);
    if (t >= to) break;
    if (t >= from) out.push(f);
  }
  rl.close();
  return out;
}

test('real Binance bars round-trip to the same decimal text; a real gap day keeps its rows', async (t) => {
  const path = sharedFile(t, FILE);
  if (!path) return;
  const from = Date.UTC(2021, 3, 19);
  const rows = await csvRows(path, 'AAVEUSDT', from, from + 3 * 86_400_000);
  assert.equal(rows.length, 3 * 1440 - 150, 'source rows: 3 days minus the 150-minute gap');
  const col = (k: number) => Float64Array.from(rows, (r) => Number(r[k]));
  const bars = { symbol: 'AAVEUSDT', ts: Float64Array.from(rows, (r) => Date.parse(r[1]!)), open: col(2), high: col(3), low: col(4), close: col(5), volume: col(6) };
  const root = tempDir(t);
  const res = await writeSymbolBars(root, bars);
  assert.deepEqual(res.map((r) => [r.day, r.rows]), [['2021-04-19', 1440], ['2021-04-20', 1290], ['2021-04-21', 1440]]);
  assert.deepEqual(verifyLake(root).problems, []);
  const [got] = await collect(new LakeSource(root).bars());
  assert.equal(got!.ts.length, rows.length);
  const names = ['open', 'high', 'low', 'close', 'volume'] as const;
  for (let i = 0; i < rows.length; i++) {
    assert.equal(new Date(got!.ts[i]!).toISOString().replace('.000Z', 'Z'), rows[i]![1], `row ${i} timestamp`);
    names.forEach((c, k) => assert.equal(String(got![c]![i]), String(Number(rows[i]![k + 2])), `row ${i} ${c}`));
  }
  assert.ok(got!.trades!.every((v) => Number.isNaN(v)), 'no trade counts in the source: all null');
});
