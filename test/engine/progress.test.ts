/** Progress reporting: a bar on a TTY, plain lines otherwise, nothing with --quiet. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress } from '../../src/engine/progress.js';

function sink(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let buf = '';
  const w = new Writable({
    write(chunk, _enc, cb) {
      buf += String(chunk);
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(w, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: w, text: () => buf };
}

test('plain progress lines report done/total and percentage', () => {
  const s = sink(false);
  const p = createProgress({ stream: s.stream, intervalMs: 0 });
  p.start(4, 'imf');
  for (let i = 0; i < 4; i++) p.tick();
  p.stop();
  const lines = s.text().trim().split('\n');
  assert.equal(lines.length, 5, 'one line per tick at interval 0, plus the final line');
  assert.match(lines[0]!, /^imf: 1\/4 \(25%\) \d+\.\ds$/);
  assert.match(lines.at(-1)!, /^imf: 4\/4 \(100%\)/);
});

test('plain progress is rate-limited', () => {
  const s = sink(false);
  const p = createProgress({ stream: s.stream, intervalMs: 60_000 });
  p.start(1000, 'x');
  for (let i = 0; i < 1000; i++) p.tick();
  p.stop();
  assert.equal(s.text().trim().split('\n').length, 1, 'only the final line within one interval');
});

test('--quiet prints nothing; a TTY gets a bar', () => {
  const q = sink(false);
  const p = createProgress({ quiet: true, stream: q.stream, intervalMs: 0 });
  p.start(3, 'x');
  p.tick(3);
  p.stop();
  assert.equal(q.text(), '');
  const t = sink(true);
  const bar = createProgress({ stream: t.stream });
  bar.start(2, 'lake');
  bar.tick(2);
  bar.stop();
  assert.match(t.text(), /lake \[[^\]]*\] 100% \| 2\/2/);
});
