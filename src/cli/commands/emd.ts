/** `cgq emd`: decompose one series with EMD or CEEMDAN (PyEMD 1.10.2 parity) and write the IMFs. */
import type { CommandModule } from 'yargs';
import { CgqError } from '../../errors.js';
import { createProgress } from '../../engine/progress.js';
import { runSignal } from '../../engine/interrupt.js';
import { LakeSource } from '../../sources/lake.js';
import { MysqlSource } from '../../sources/mysql.js';
import { resolveDbConfig } from '../../sources/db-config.js';
import type { BarSource } from '../../sources/types.js';
import { decompose, type EmdInput } from '../../emd/run.js';
import { ceemdanSettings, emdSettings, PYEMD_CEEMDAN, PYEMD_EMD, type StopRule } from '../../emd/settings.js';
import { outputFormat } from '../../emd/io.js';
import { DEFAULT_LAKE, assertSymbol, dbOptions, engineOptions, parseTimeFlag, wantsMysql, type DbArgs, type EngineArgs } from '../options.js';

interface Args extends EngineArgs, DbArgs {
  input?: string;
  column?: string;
  symbol?: string;
  lake: string;
  start?: string;
  end?: string;
  method: 'emd' | 'ceemdan';
  trials: number;
  epsilon: number;
  seed: number;
  'max-imf': number;
  stop: StopRule;
  's-number': number;
  'max-siftings': number;
  'noise-cache'?: string;
  output: string;
}

export const emdCommand: CommandModule<object, Args> = {
  command: 'emd',
  describe: 'decompose a series (.f64, CSV column, or a symbol\'s bars) with EMD or CEEMDAN; write IMFs to .npz or Parquet',
  builder: (y) =>
    dbOptions(
      engineOptions(y)
        .option('input', { type: 'string', describe: 'series file: raw little-endian float64 (.f64) or CSV (.csv, with --column)' })
        .option('column', { type: 'string', describe: 'CSV column, or bar column with --symbol (default close)' })
        .option('symbol', { type: 'string', describe: 'read this symbol\'s 1-minute bars from the lake (or MySQL with DB flags)' })
        .option('lake', { type: 'string', default: DEFAULT_LAKE, describe: 'lake root for --symbol' })
        .option('start', { type: 'string', describe: 'with --symbol: first bar time, inclusive (UTC)' })
        .option('end', { type: 'string', describe: 'with --symbol: last bar time, exclusive (UTC)' })
        .option('method', { choices: ['emd', 'ceemdan'] as const, default: 'ceemdan' as const, describe: 'decomposition' })
        .option('trials', { type: 'number', default: PYEMD_CEEMDAN.trials, describe: 'CEEMDAN noise realisations' })
        .option('epsilon', { type: 'number', default: PYEMD_CEEMDAN.epsilon, describe: 'CEEMDAN noise scale ε' })
        .option('seed', { type: 'number', default: PYEMD_CEEMDAN.seed, describe: 'numpy RandomState seed of the noise' })
        .option('max-imf', { type: 'number', default: -1, describe: 'stop after this many IMFs (-1: no limit)' })
        .option('stop', { choices: ['pyemd', 's-number'] as const, default: 'pyemd' as const, describe: 'sifting stop rule: PyEMD\'s (parity) or libeemd\'s S-number' })
        .option('s-number', { type: 'number', default: PYEMD_EMD.sNumber, describe: 'with --stop s-number: stable extrema counts for this many siftings' })
        .option('max-siftings', { type: 'number', default: PYEMD_EMD.maxSiftings, describe: 'with --stop s-number: sifting cap per IMF (0: none)' })
        .option('noise-cache', { type: 'string', describe: 'CEEMDAN: directory of a persistent cache of the noise EMDs (same length, trials, seed and settings reuse it; the first run builds it)' })
        .option('output', { type: 'string', demandOption: true, describe: 'output file: .npz (imfs, residue) or .parquet (imf_1..imf_k, residue)' })
        .example('cgq emd --input x.f64 --output imfs.npz', 'CEEMDAN, 100 trials, seed 1337 (PyEMD defaults)')
        .example('cgq emd --symbol BTCUSDT --column close --method emd --output btc.parquet', 'EMD of the lake\'s BTCUSDT closes')
        .example('cgq emd --input x.f64 --stop s-number --s-number 4 --max-siftings 50 --output x.npz', 'libeemd-style sifting'),
    ),
  handler: async (a) => {
    if ((a.input === undefined) === (a.symbol === undefined)) throw new CgqError('USAGE', 'give exactly one of --input FILE or --symbol SYM');
    if (a['noise-cache'] !== undefined && a.method !== 'ceemdan') throw new CgqError('USAGE', '--noise-cache applies to --method ceemdan only');
    outputFormat(a.output);
    const emd = emdSettings({ stop: a.stop, sNumber: a['s-number'], maxSiftings: a['max-siftings'] });
    const settings = ceemdanSettings({ trials: a.trials, epsilon: a.epsilon, seed: a.seed, maxImf: a['max-imf'], emd });
    let source: BarSource | undefined;
    let input: EmdInput;
    if (a.input !== undefined) {
      if (a.start !== undefined || a.end !== undefined) throw new CgqError('USAGE', '--start/--end apply to --symbol only');
      input = { kind: 'file', path: a.input, column: a.column };
    } else {
      assertSymbol(a.symbol!, '--symbol');
      source = wantsMysql(a) ? await MysqlSource.open(await resolveDbConfig(a)) : new LakeSource(a.lake);
      input = { kind: 'symbol', source, symbol: a.symbol!, column: a.column ?? 'close', start: parseTimeFlag(a.start, '--start'), end: parseTimeFlag(a.end, '--end') };
    }
    try {
      const r = await decompose({
        input,
        method: a.method,
        ceemdan: settings,
        emd,
        maxImf: a['max-imf'],
        nJobs: a['n-jobs'],
        output: a.output,
        noiseCache: a['noise-cache'],
        log: (line) => process.stderr.write(line + '\n'),
        progress: createProgress({ quiet: a.quiet }),
        signal: runSignal(),
      });
      const cache = r.run && r.run.noiseCache !== 'off' ? `, noise cache ${r.run.noiseCache === 'hit' ? 'read' : 'built'}` : '';
      const what = a.method === 'emd' ? 'EMD' : `CEEMDAN (${settings.trials} trials, seed ${settings.seed}${cache})`;
      process.stdout.write(`emd: ${what} of ${r.n} samples: ${r.imfs} IMFs + residue, ${r.sifts} siftings, ${r.seconds.toFixed(2)} s -> ${a.output}\n`);
    } finally {
      await source?.close();
    }
  },
};
