/** The MySQL destination of `cgq synth --to mysql`: credentials resolved once, rows streamed by LOAD DATA. */
import type { DbArgs } from '../../cli/options.js';
import { resolveDbConfig } from '../../sources/db-config.js';
import { loadBarsToMysql } from '../../io/mysql/write.js';
import type { SynthSink } from './run.js';

export async function mysqlSynthSink(args: DbArgs, replace: boolean): Promise<SynthSink> {
  const cfg = await resolveDbConfig(args);
  return { kind: 'mysql', write: (bars, signal) => loadBarsToMysql(cfg, bars, { replace, signal }) };
}
