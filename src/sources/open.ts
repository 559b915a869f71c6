/**
 * The bar source a command reads: the lake by default, MySQL as soon as a connection flag is
 * given (`--host`, `--port`, `--user`, `--database`; DESIGN §4 "embedded default"). Credentials
 * not on the command line come from the environment or a TTY prompt (see db-config.ts).
 */
import { DEFAULT_LAKE, wantsMysql, type DbArgs } from '../cli/options.js';
import { resolveDbConfig, type ResolveDbOptions } from './db-config.js';
import { LakeSource } from './lake.js';
import { MysqlSource } from './mysql.js';
import type { BarSource } from './types.js';

export interface SourceArgs extends DbArgs {
  lake?: string;
  tf?: string;
}

export async function openBarSource(args: SourceArgs, o: ResolveDbOptions = {}): Promise<BarSource> {
  if (wantsMysql(args)) return MysqlSource.open(await resolveDbConfig(args, o));
  return new LakeSource(args.lake ?? DEFAULT_LAKE, { tf: args.tf });
}
