import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDataset, deepCoreSplit } from '@fpb/data';
import { getArchitecture } from '@fpb/models';
import { initBackend } from '@fpb/tensor';
import { modelOracle } from '../oracle';
import { randomImages } from './random_images_example';

describe("the README's example baseline", () => {
  it('is the code the README shows', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const code = readFileSync(join(__dirname, 'random_images_example.ts'), 'utf8').split('\n').slice(1).join('\n');
    expect(readme).toContain(code.trim());
  });

  it('builds and scores on a 100-class dataset (CIFAR-100 shaped) as well as on 10 classes', async () => {
    await initBackend('wasm', () => undefined);
    for (const numClasses of [10, 100]) {
      const data = generateDataset({ numClasses, trainPerClass: 2, testPerClass: 1, seed: 1 });
      const victim = getArchitecture('resnet8').build({ numClasses, seed: 1, width: 4 });
      const split = deepCoreSplit(data.train.labels, numClasses, { overlap: 0, seed: 1 });
      const fp = await randomImages.build({
        victim,
        data,
        split,
        helpers: { positive: [], negative: [] },
        budget: 'tiny',
        seed: 2,
        log: () => undefined,
      });
      expect(fp.numClasses).toBe(numClasses);
      expect(fp.victimOutputs.length).toBe(10 * numClasses);
      expect(randomImages.score(fp, modelOracle(victim)).score).toBe(1);
      victim.dispose();
    }
  });
});
