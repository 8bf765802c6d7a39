import { deepCoreSplit, generateDataset } from '@fpb/data';
import { addWeightNoise, getArchitecture, trainModel } from '@fpb/models';
import { initBackend, tf } from '@fpb/tensor';
import type { BuildInputs } from '../method';

/**
 * A victim, models derived from it (piracy) and independently trained ones (homologous), on generated
 * data, small enough for tests: ResNet-8 at width 8, a few epochs each.
 */
export async function tinySuspects() {
  await initBackend('wasm', () => undefined);
  const data = generateDataset({ numClasses: 10, trainPerClass: 60, testPerClass: 20, seed: 3 });
  const split = deepCoreSplit(data.train.labels, 10, { overlap: 0, seed: 3 });
  const build = (seed: number) => getArchitecture('resnet8').build({ numClasses: 10, seed, width: 8 });
  const train = async (seed: number, indices: ArrayLike<number>, epochs = 6) => {
    const m = build(seed);
    await trainModel(m, data.train, { epochs, batchSize: 32, learningRate: 0.05, seed }, { indices });
    return m;
  };
  const copyOf = (m: tf.LayersModel, seed: number) => {
    const c = build(seed);
    c.setWeights(m.getWeights());
    return c;
  };
  const victim = await train(1, split.victim);
  // Piracy: fine-tuned copies of the victim on the adversary's data, one with noised weights.
  const finetuned = copyOf(victim, 11);
  await trainModel(
    finetuned,
    data.train,
    { epochs: 1, batchSize: 32, learningRate: 0.01, seed: 11 },
    { indices: split.adversary },
  );
  const noised = copyOf(victim, 12);
  addWeightNoise(noised, 0.2, 12);
  await trainModel(
    noised,
    data.train,
    { epochs: 1, batchSize: 32, learningRate: 0.01, seed: 12 },
    { indices: split.adversary },
  );
  const homologous = [await train(21, split.homologous), await train(22, split.homologous)];
  // Build-side helpers, disjoint from the suspects above.
  const helperPositive = copyOf(victim, 31);
  addWeightNoise(helperPositive, 0.1, 31);
  const helperNegative = await train(41, split.homologous, 4);
  const inputs = (budget: BuildInputs['budget'] = 'tiny'): BuildInputs => ({
    victim,
    data,
    split,
    helpers: {
      positive: [{ model: helperPositive, family: 'noised copy' }],
      negative: [{ model: helperNegative, family: 'independent' }],
    },
    budget,
    seed: 5,
    log: () => undefined,
  });
  return { data, split, victim, piracy: [finetuned, noised], homologous, inputs };
}
