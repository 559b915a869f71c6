/**
 * A scratch MariaDB/MySQL database per test file (127.0.0.1:3306, root, empty password; override
 * with CGQ_TEST_DB_HOST / _PORT / _USER / _PASSWORD). When no server answers the tests skip with a
 * message, except under CI=true, where a missing server is a failure.
 */
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import mysql from 'mysql2/promise';
import type { DbConfig } from '../../src/sources/db-config.js';
import { IN_CI } from '../helpers/shared.js';

export const TEST_DB = {
  host: process.env.CGQ_TEST_DB_HOST ?? '127.0.0.1',
  port: Number(process.env.CGQ_TEST_DB_PORT ?? 3306),
  user: process.env.CGQ_TEST_DB_USER ?? 'root',
  password: process.env.CGQ_TEST_DB_PASSWORD ?? '',
};

export interface ScratchDb {
  cfg: DbConfig;
  /** An admin connection on the scratch database. */
  admin: mysql.Connection;
  drop(): Promise<void>;
}

/** Create `cgq_test_<tag>_<random>`; undefined (test skipped) when no server answers outside CI. */
export async function scratchDb(t: TestContext | undefined, tag: string): Promise<ScratchDb | undefined> {
  let admin: mysql.Connection;
  try {
    admin = await mysql.createConnection({ ...TEST_DB, timezone: 'Z', connectTimeout: 3000 });
  } catch (e) {
    const msg = `skipped: no MySQL/MariaDB at ${TEST_DB.host}:${TEST_DB.port} (${(e as { code?: string }).code ?? e})`;
    if (IN_CI) throw new Error(`CI=true but ${msg}`);
    process.stderr.write(`# ${msg}\n`);
    t?.skip(msg);
    return undefined;
  }
  const name = `cgq_test_${tag}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${admin.escapeId(name)}`);
  await admin.query(`USE ${admin.escapeId(name)}`);
  return {
    cfg: { ...TEST_DB, database: name, table: 'ohlcvt' },
    admin,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeId(name)}`);
      await admin.end();
    },
  };
}
