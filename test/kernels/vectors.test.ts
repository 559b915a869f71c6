/**
 * Every registry kernel against its reference vectors (test/vectors/sources.ts): the original
 * tool's values from ../shared/fixtures/indicators and the generated JSON vectors under
 * test/vectors/. A kernel that no source covers fails the coverage test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalKernels } from '../../src/kernels/local.js';
import { KERNELS, getKernel } from '../../src/kernels/registry.js';
import { assertClose } from '../helpers/compare.js';
import { allVectorSources, type VectorCase } from '../vectors/sources.js';

const local = new LocalKernels();
const sources = allVectorSources();

export function checkCase(c: VectorCase): number {
  const spec = getKernel(c.kernel);
  const got = local.run(c.kernel, c.inputs, c.params);
  let compared = 0;
  for (const [name, want] of Object.entries(c.outputs)) {
    const k = spec.outputs.indexOf(name);
    assert.ok(k >= 0, `${c.name}: kernel ${c.kernel} has no output '${name}'`);
    const series = got[k]!;
    const actual = c.at ? Float64Array.from(c.at, (i) => series[i]!) : series;
    const [rel, abs] = c.tolerance?.[name] ?? [c.rel, c.abs];
    assertClose(actual, want, rel, abs, `${c.name} → ${c.kernel}.${name}`);
    compared += want.length;
  }
  return compared;
}

test('every registry kernel has reference vectors', () => {
  const covered = new Set(sources.flatMap((s) => s.kernels));
  const missing = KERNELS.map((k) => k.name).filter((name) => !covered.has(name));
  assert.deepEqual(missing, [], `registry kernels without reference vectors (add a test/vectors/*.json file or a fixture adapter, see test/vectors/sources.ts): ${missing.join(', ')}`);
});

for (const source of sources) {
  test(`reference vectors: ${source.name}`, (t) => {
    const cases = source.load(t);
    if (!cases) return;
    assert.ok(cases.length > 0, `${source.name} produced no cases`);
    for (const c of cases) {
      assert.ok(source.kernels.includes(c.kernel), `${source.name}: case for undeclared kernel ${c.kernel}`);
      const n = checkCase(c);
      assert.ok(n > 0, `${c.name}: nothing compared`);
    }
  });
}
