import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indicesByClass } from '@fpb/data';
import { cifar10FixtureDir } from '@fpb/data/src/testing/cifar10_fixture';
import { getScale } from '@fpb/models';
import { loadExperimentData } from './experiment_data';

const partial = cifar10FixtureDir();
// mini's per-class cap lowered below the fixture's largest class (60), so the cap is exercised.
const mini = { ...getScale('mini'), trainPerClass: 40 };

describe('experiment data of a scale', () => {
  it('a CIFAR scale draws at most its cap per class, keeps the whole test set, and splits 2:2:1', async () => {
    const lines: string[] = [];
    const { data, split } = await loadExperimentData(mini, {
      dataDir: partial,
      partialData: true,
      seed: 0,
      log: (l) => lines.push(l),
    });
    const perClass = indicesByClass(data.train.labels, 10).map((c) => c.length);
    expect(perClass).toEqual([40, 40, 40, 40, 40, 40, 40, 39, 36, 33]); // the fixture has 60, 57, ..., 33
    expect(data.test.labels.length).toBe(120);
    expect(split.victim.length).toBe(split.homologous.length);
    expect(split.victim.length + split.homologous.length + split.adversary.length).toBe(data.train.labels.length);
    expect(
      lines.some((l) => /training subset: 388 of 465 images \(at most 40 per class\); test set: all 120/.test(l)),
    ).toBe(true);
  });

  it('the same seed gives the same subset and split', async () => {
    const a = await loadExperimentData(mini, { dataDir: partial, partialData: true, seed: 4 });
    const b = await loadExperimentData(mini, { dataDir: partial, partialData: true, seed: 4 });
    expect(Buffer.from(a.data.train.labels).equals(Buffer.from(b.data.train.labels))).toBe(true);
    expect(Array.from(a.split.victim)).toEqual(Array.from(b.split.victim));
  });

  it('the data identity hashes every byte: one changed pixel gives another identity', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'fpb-identity-')), 'cifar-10-batches-bin');
    cpSync(partial, copy, { recursive: true });
    const bytes = readFileSync(join(copy, 'test_batch.bin'));
    bytes[3073 * 7 + 1000] ^= 1; // one pixel of one test image
    writeFileSync(join(copy, 'test_batch.bin'), bytes);
    const a = await loadExperimentData(mini, { dataDir: partial, partialData: true, seed: 0 });
    const b = await loadExperimentData(mini, { dataDir: copy, partialData: true, seed: 0 });
    expect(b.identity).not.toBe(a.identity);
    expect(a.identity).toMatch(/^cifar10:388\+120:split-seed=0:[0-9a-f]{16}$/);
  });

  it('tiny uses generated data and needs no files', async () => {
    const { data, source } = await loadExperimentData(getScale('tiny'), { seed: 1 });
    expect(data.name).toBe('generated');
    expect(source).toBe('generated(seed=1)');
  });
});
