/** The CSV timestamp parser: accepted ISO-8601 forms, naive = UTC, non-UTC offsets rejected. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UtcTimestampParser, parseUtcTimestamp } from '../../src/sources/utc-timestamp.js';

const T = Date.UTC(2021, 3, 2, 13, 45);

test('accepted forms all give the same UTC instant', () => {
  for (const s of [
    '2021-04-02T13:45:00Z',
    '2021-04-02T13:45:00.000Z',
    '2021-04-02T13:45Z',
    '2021-04-02 13:45:00+00:00',
    '2021-04-02 13:45:00.000000+00:00',
    '2021-04-02T13:45:00+0000',
    '2021-04-02T13:45:00+00',
    '2021-04-02T13:45:00-00:00',
    '2021-04-02t13:45:00z',
    '2021-04-02 13:45:00', // naive: read as UTC
    '2021-04-02T13:45',
  ]) {
    assert.equal(parseUtcTimestamp(s), T, s);
  }
  assert.equal(parseUtcTimestamp('2021-04-02'), Date.UTC(2021, 3, 2));
  assert.equal(parseUtcTimestamp('2021-04-02T13:45:07.25Z'), T + 7250);
  assert.equal(parseUtcTimestamp('2020-02-29T00:00:00Z'), Date.UTC(2020, 1, 29));
  assert.equal(parseUtcTimestamp('1970-01-01T00:00:00Z'), 0);
});

test('non-UTC offsets are rejected as timezone errors, garbage as format errors', () => {
  const p = new UtcTimestampParser();
  for (const s of ['2021-04-02T13:45:00+02:00', '2021-04-02T13:45:00-05:00', '2021-04-02T13:45:00+0530', '2021-04-02T13:45:00+01']) {
    assert.ok(Number.isNaN(p.parse(s, 0, s.length)), s);
    assert.equal(p.error, 'timezone', s);
  }
  for (const s of [
    '',
    'yesterday',
    '1617321600000', // epoch ms is not ISO-8601
    '2021-13-01T00:00:00Z',
    '2021-02-30T00:00:00Z',
    '2019-02-29T00:00:00Z',
    '2021-04-02T24:00:00Z',
    '2021-04-02T13:60:00Z',
    '2021-04-02T13:45:61Z',
    '2021-04-02T13:45:00.Z',
    '2021-04-02T13:45:00.0001Z', // finer than a millisecond
    '2021-04-02X13:45:00Z',
    '2021-04-02T13:45:00ZZ',
    '2021-04-02T13:45:00 UTC',
    '21-04-02T13:45:00Z',
  ]) {
    assert.ok(Number.isNaN(p.parse(s, 0, s.length)), s);
    assert.equal(p.error, 'format', s);
  }
});

test('parses a range inside a larger string without reading past it', () => {
  const line = 'BTCUSDT,2021-04-02T13:45:00Z,1,2';
  const p = new UtcTimestampParser();
  assert.equal(p.parse(line, 8, 28), T);
  // the range ends before 'Z': naive, still UTC
  assert.equal(p.parse(line, 8, 27), T);
  // cached day must not leak into a different day
  assert.equal(p.parse('2021-04-03T00:00:00Z', 0, 20), Date.UTC(2021, 3, 3));
  assert.equal(p.parse('2021-04-02T00:00:00Z', 0, 20), Date.UTC(2021, 3, 2));
});
