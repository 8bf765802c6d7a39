import { generateDataset } from './generated';
import { indicesByClass, PIXELS_PER_IMAGE } from './dataset';

describe('generated dataset', () => {
  it('has CIFAR shape, balanced classes and is reproducible', () => {
    const a = generateDataset({ numClasses: 4, trainPerClass: 6, testPerClass: 2, seed: 5 });
    expect(a.train.images.length).toBe(24 * PIXELS_PER_IMAGE);
    expect(indicesByClass(a.train.labels, 4).map((c) => c.length)).toEqual([6, 6, 6, 6]);
    expect(a.test.labels.length).toBe(8);
    const b = generateDataset({ numClasses: 4, trainPerClass: 6, testPerClass: 2, seed: 5 });
    expect(Buffer.from(b.train.images).equals(Buffer.from(a.train.images))).toBe(true);
    const c = generateDataset({ numClasses: 4, trainPerClass: 6, testPerClass: 2, seed: 6 });
    expect(Buffer.from(c.train.images).equals(Buffer.from(a.train.images))).toBe(false);
  });

  it('images of one class are closer to each other than to other classes', () => {
    const d = generateDataset({ numClasses: 3, trainPerClass: 10, seed: 1 });
    const mean = (c: number) => {
      const m = new Float64Array(PIXELS_PER_IMAGE);
      let n = 0;
      d.train.labels.forEach((l, i) => {
        if (l !== c) return;
        n++;
        for (let p = 0; p < PIXELS_PER_IMAGE; p++) m[p] += d.train.images[i * PIXELS_PER_IMAGE + p];
      });
      return m.map((v) => v / n);
    };
    const means = [0, 1, 2].map(mean);
    const dist = (i: number, m: Float64Array) => {
      let s = 0;
      for (let p = 0; p < PIXELS_PER_IMAGE; p++) s += (d.train.images[i * PIXELS_PER_IMAGE + p] - m[p]) ** 2;
      return s;
    };
    let correct = 0;
    d.train.labels.forEach((l, i) => {
      const nearest = means.map((m) => dist(i, m)).indexOf(Math.min(...means.map((m) => dist(i, m))));
      if (nearest === l) correct++;
    });
    expect(correct).toBe(d.train.labels.length);
  });
});
