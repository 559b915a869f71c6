/**
 * SIGINT handling for long runs: the first Ctrl-C aborts the run's signal so in-flight work is
 * cancelled and writers remove their temp files; the CLI then exits 130. A second Ctrl-C exits at
 * once.
 */
import { removeTrackedTemps } from '../io/atomic.js';
import { EXIT_INTERRUPTED } from '../errors.js';

let controller: AbortController | undefined;
let installed = false;

/** The process-wide run signal (aborted by SIGINT). */
export function runSignal(): AbortSignal {
  controller ??= new AbortController();
  if (!installed) {
    installed = true;
    process.on('SIGINT', () => {
      if (controller && !controller.signal.aborted) {
        process.stderr.write('\ncgq: interrupted; cancelling and removing partial outputs (Ctrl-C again to force)\n');
        controller.abort();
      } else {
        removeTrackedTemps();
        process.exit(EXIT_INTERRUPTED);
      }
    });
  }
  return controller.signal;
}
