import { resolve } from 'node:path';
import { indicesByClass } from '@fpb/data';
import { getScale } from '@fpb/models';
import { loadExperimentData } from './experiment_data';

const partial = resolve(__dirname, '../../../../shared/data/cifar-10-partial-bin');

describe('experiment data of a scale', () => {
  it('mini draws at most 500 training images per class, keeps the whole test set, and splits 2:2:1', async () => {
    const lines: string[] = [];
    const { data, split } = await loadExperimentData(getScale('mini'), { dataDir: partial, seed: 0, log: (l) => lines.push(l) });
    const perClass = indicesByClass(data.train.labels, 10).map((c) => c.length);
    expect(Math.max(...perClass)).toBe(500);
    expect(Math.min(...perClass)).toBe(475); // the partial set's smallest class has 475
    expect(data.test.labels.length).toBe(1017);
    expect(split.victim.length).toBe(split.homologous.length);
    expect(split.victim.length + split.homologous.length + split.adversary.length).toBe(data.train.labels.length);
    expect(lines.some((l) => /training subset: \d+ of 5085 images \(at most 500 per class\); test set: all 1017/.test(l))).toBe(true);
  });

  it('the same seed gives the same subset and split', async () => {
    const a = await loadExperimentData(getScale('mini'), { dataDir: partial, seed: 4 });
    const b = await loadExperimentData(getScale('mini'), { dataDir: partial, seed: 4 });
    expect(Buffer.from(a.data.train.labels).equals(Buffer.from(b.data.train.labels))).toBe(true);
    expect(Array.from(a.split.victim)).toEqual(Array.from(b.split.victim));
  });

  it('tiny uses generated data and needs no files', async () => {
    const { data, source } = await loadExperimentData(getScale('tiny'), { seed: 1 });
    expect(data.name).toBe('generated');
    expect(source).toBe('generated(seed=1)');
  });
});
