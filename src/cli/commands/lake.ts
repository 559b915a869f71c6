/** `cgq lake verify <root>` and `cgq lake ls <root>`: check and list the Parquet lake. */
import type { Argv, CommandModule } from 'yargs';
import { CgqError } from '../../errors.js';
import { listLake, type LakeListing } from '../../io/lake/list.js';
import { DEFAULT_TF } from '../../io/lake/paths.js';
import { verifyLake } from '../../io/lake/verify.js';
import { withSpec } from './index.js';

function rootPositional<T>(y: Argv<T>) {
  return y.positional('root', { type: 'string', demandOption: true, describe: 'lake root, e.g. data/parquet' });
}

interface VerifyArgs {
  root: string;
  tf?: string;
}

const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify <root>',
  describe: 're-hash every file against its day manifest; list each problem and exit 1 if any',
  builder: (y) => rootPositional(y).option('tf', { type: 'string', describe: 'only this timeframe (default: every timeframe)' }) as Argv<VerifyArgs>,
  handler: (a) => {
    const r = verifyLake(a.root, { tf: a.tf });
    for (const p of r.problems) process.stdout.write(`${p.path}: ${p.problem}\n`);
    const scope = `${r.files} files in ${r.days} days of ${r.symbols} symbols (${r.timeframes.join(', ')})`;
    if (r.problems.length) throw new CgqError('LAKE_CORRUPT', `lake ${a.root}: ${r.problems.length} problem(s) listed above; checked ${scope}`);
    process.stdout.write(`ok: lake ${a.root}: ${scope} match their manifests; ${r.rows} rows, ${r.bytes} bytes\n`);
  },
};

interface LsArgs {
  root: string;
  tf: string;
  json: boolean;
}

export function formatListing(l: LakeListing): string {
  const head = ['symbol', 'days', 'first_day', 'last_day', 'rows', 'incomplete_days'];
  const rows = l.symbols.map((s) => [s.symbol, String(s.days), s.firstDay ?? '-', s.lastDay ?? '-', String(s.rows), String(s.incompleteDays)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 2 || i === 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const t = l.total;
  const out = [line(head), ...rows.map(line), `total: ${t.symbols} symbols, ${t.days} days, ${t.rows} rows${t.incompleteDays ? `, ${t.incompleteDays} incomplete days (skipped by readers)` : ''}`];
  return out.join('\n') + '\n';
}

const lsCommand: CommandModule<object, LsArgs> = {
  command: 'ls <root>',
  describe: 'per symbol: complete days, first/last day, rows (from the manifests); and a total',
  builder: (y) =>
    rootPositional(y)
      .option('tf', { type: 'string', default: DEFAULT_TF, describe: 'timeframe folder' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable output' }) as Argv<LsArgs>,
  handler: (a) => {
    const l = listLake(a.root, { tf: a.tf });
    if (a.json) {
      const symbols = l.symbols.map((s) => ({ symbol: s.symbol, days: s.days, first_day: s.firstDay, last_day: s.lastDay, rows: s.rows, incomplete_days: s.incompleteDays }));
      const t = l.total;
      process.stdout.write(JSON.stringify({ root: l.root, tf: l.tf, symbols, total: { symbols: t.symbols, days: t.days, rows: t.rows, incomplete_days: t.incompleteDays } }, null, 2) + '\n');
      return;
    }
    process.stdout.write(formatListing(l));
  },
};

export const lakeCommand = withSpec<CommandModule>('lake', {
  builder: (y) => y.command(verifyCommand as CommandModule).command(lsCommand as CommandModule).demandCommand(1, 'give a subcommand: verify, ls'),
  handler: () => {},
});
