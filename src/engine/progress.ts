/**
 * Progress on long work: a bar on a TTY (cli-progress), a plain line every few seconds otherwise
 * (logs, CI), nothing with --quiet. Always on stderr so stdout stays clean for data.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  start(total: number, label: string): void;
  tick(n?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  quiet?: boolean;
  /** Force plain lines (tests) even on a TTY. */
  plain?: boolean;
  stream?: NodeJS.WriteStream;
  /** Minimum milliseconds between plain lines. */
  intervalMs?: number;
}

class SilentProgress implements Progress {
  start(): void {}
  tick(): void {}
  stop(): void {}
}

class BarProgress implements Progress {
  private bar: cliProgress.SingleBar | undefined;
  constructor(private readonly stream: NodeJS.WriteStream) {}
  start(total: number, label: string): void {
    this.bar = new cliProgress.SingleBar(
      { stream: this.stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0);
  }
  tick(n = 1): void {
    this.bar?.increment(n);
  }
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

class LineProgress implements Progress {
  private total = 0;
  private done = 0;
  private label = '';
  private t0 = 0;
  private last = 0;
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly intervalMs: number,
  ) {}
  start(total: number, label: string): void {
    this.total = total;
    this.done = 0;
    this.label = label;
    this.t0 = this.last = Date.now();
  }
  tick(n = 1): void {
    this.done += n;
    const now = Date.now();
    if (now - this.last >= this.intervalMs) {
      this.last = now;
      this.line();
    }
  }
  stop(): void {
    if (this.total > 0) this.line();
  }
  private line(): void {
    const s = ((Date.now() - this.t0) / 1000).toFixed(1);
    this.stream.write(`${this.label}: ${this.done}/${this.total} (${Math.floor((100 * this.done) / Math.max(this.total, 1))}%) ${s}s\n`);
  }
}

export function createProgress(opts: ProgressOptions = {}): Progress {
  if (opts.quiet) return new SilentProgress();
  const stream = opts.stream ?? process.stderr;
  if (stream.isTTY && !opts.plain) return new BarProgress(stream);
  return new LineProgress(stream, opts.intervalMs ?? 5000);
}
