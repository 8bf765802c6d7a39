import { generateDataset, makeBatch } from '@fpb/data';
import { getArchitecture, trainModel } from '@fpb/models';
import { initBackend, tf } from '@fpb/tensor';
import { adversarialFineTune, attackBatch } from './adversarial_finetune';
import { extractModel } from './extraction';
import { channelActivations, channelsToPrune, finalFeatureLayer, finePrune } from './fine_pruning';
import { fineTune } from './finetune';
import { pgdAttack } from '@fpb/models';
import { agreement, victimAnswers } from './victim_queries';

const data = generateDataset({ numClasses: 4, trainPerClass: 40, testPerClass: 20, seed: 3 });
const victimIdx = Array.from({ length: 80 }, (_, i) => i);
const adversaryIdx = Array.from({ length: 80 }, (_, i) => 80 + i);
const quick = { epochs: 2, batchSize: 16, learningRate: 0.05, seed: 1, augment: false };
let victim: tf.LayersModel;

const weights = (m: tf.LayersModel) =>
  m.weights.map((w) => ({ name: w.originalName, values: Array.from(w.read().dataSync()) }));

async function copyOf(m: tf.LayersModel): Promise<tf.LayersModel> {
  const c = getArchitecture('resnet8').build({ numClasses: 4, seed: 99, width: 4 });
  c.setWeights(m.getWeights());
  return c;
}

beforeAll(async () => {
  await initBackend('wasm', () => undefined);
  victim = getArchitecture('resnet8').build({ numClasses: 4, seed: 1, width: 4 });
  await trainModel(victim, data.train, { ...quick, epochs: 6 }, { indices: victimIdx });
});

describe('piracy procedures', () => {
  it('PM_FL: fine-tuning the last layer changes only the logits layer (batch-norm statistics too stay)', async () => {
    const m = await copyOf(victim);
    const before = weights(m);
    await fineTune(m, data.train, adversaryIdx, 'last', quick);
    const after = weights(m);
    before.forEach((w, i) => {
      if (w.name.startsWith('logits/')) expect(after[i].values).not.toEqual(w.values);
      else expect(after[i].values).toEqual(w.values);
    });
  });

  it('PM_FA: fine-tuning all layers changes the convolutions too', async () => {
    const m = await copyOf(victim);
    const before = weights(m);
    await fineTune(m, data.train, adversaryIdx, 'all', quick);
    const conv = before.findIndex((w) => w.name === 'stem_conv/kernel');
    expect(weights(m)[conv].values).not.toEqual(before[conv].values);
  });

  it('PM_P: fine-pruning removes the most dormant channels of the final feature map, and they stay removed', async () => {
    const m = await copyOf(victim);
    const layer = finalFeatureLayer(m);
    const activity = channelActivations(m, layer, data.train, adversaryIdx);
    const { pruned } = await finePrune(m, data.train, adversaryIdx, 0.5, quick);
    expect(pruned).toEqual(channelsToPrune(activity, 0.5));
    expect(pruned).toHaveLength(activity.length / 2);
    // Each pruned channel's row of the logits kernel is zero after fine-tuning; the others are not.
    const kernel = m.getLayer('logits').getWeights()[0].arraySync() as number[][];
    kernel.forEach((row, c) => expect(row.some((v) => v !== 0)).toBe(!pruned.includes(c)));
    // So the pruned channels no longer reach the output: changing them changes no logit.
    const features = tf.tidy(() => {
      const x = tf.tensor4d(makeBatch(data.test, [0, 1]).x, [2, 32, 32, 3]);
      return tf.model({ inputs: m.inputs, outputs: layer.output as tf.SymbolicTensor }).predict(x) as tf.Tensor4D;
    });
    const head = (f: tf.Tensor4D) =>
      tf.tidy(() => Array.from((m.getLayer('logits').apply(tf.mean(f, [1, 2])) as tf.Tensor).dataSync()));
    const mask = tf.tensor1d(Array.from({ length: activity.length }, (_, c) => (pruned.includes(c) ? 5 : 0)));
    const changed = tf.add(features, mask) as tf.Tensor4D;
    head(changed).forEach((v, i) => expect(v).toBeCloseTo(head(features)[i], 4));
    tf.dispose([features, mask, changed]);
  });

  it.each(['vgg', 'mobilenet', 'densenet', 'resnet20'])('%s has one final feature map before its pool', (arch) => {
    const m = getArchitecture(arch).build({ numClasses: 4, seed: 0, width: 4 });
    const layer = finalFeatureLayer(m);
    expect((layer.output as tf.SymbolicTensor).shape).toHaveLength(4);
    expect((layer.output as tf.SymbolicTensor).shape[3]).toBe(m.getLayer('logits').getWeights()[0].shape[0]);
  });

  it('channelsToPrune takes the lowest activations, ties by index', () => {
    expect(channelsToPrune(Float32Array.of(0.5, 0.1, 0.9, 0.1), 0.5)).toEqual([1, 3]);
    expect(channelsToPrune(Float32Array.of(3, 2, 1), 0)).toEqual([]);
  });

  it('PGD increases the loss while staying within eps of the input and inside [0,1]', () => {
    const batch = makeBatch(
      data.test,
      Array.from({ length: 16 }, (_, i) => i),
    );
    const [clean, adv, maxDiff, inRange] = tf.tidy(() => {
      const x = tf.tensor4d(batch.x, [16, 32, 32, 3]);
      const y = tf.tensor1d(batch.y, 'int32');
      const loss = (input: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(tf.oneHot(y, 4), victim.predict(input) as tf.Tensor).dataSync()[0];
      const a = pgdAttack(victim, x, y, { eps: 8 / 255, steps: 5, seed: 1 });
      return [
        loss(x),
        loss(a),
        tf.max(tf.abs(tf.sub(a, x))).dataSync()[0],
        tf.logicalAnd(tf.greaterEqual(tf.min(a), 0), tf.lessEqual(tf.max(a), 1)).dataSync()[0],
      ];
    });
    expect(adv).toBeGreaterThan(clean);
    expect(maxDiff).toBeLessThanOrEqual(8 / 255 + 1e-6);
    expect(inRange).toBe(1);
  });

  it('PM_Adv: a batch is attacked in its first half only, within eps, and the attack raises the loss', () => {
    const batch = makeBatch(data.train, adversaryIdx.slice(0, 8));
    const xs = tf.tensor4d(batch.x, [8, 32, 32, 3]);
    const labels = tf.tensor1d(batch.y, 'int32');
    const eps = 8 / 255;
    const attacked = attackBatch(victim, xs, labels, 0.5, { eps, steps: 3, seed: 1 });
    const diff = Array.from(tf.max(tf.abs(tf.sub(attacked, xs)), [1, 2, 3]).dataSync());
    diff.slice(0, 4).forEach((d) => expect(d).toBeGreaterThan(eps / 2));
    diff.slice(0, 4).forEach((d) => expect(d).toBeLessThanOrEqual(eps + 1e-6));
    expect(diff.slice(4)).toEqual([0, 0, 0, 0]);
    const loss = (x: tf.Tensor4D) =>
      tf.losses
        .softmaxCrossEntropy(tf.oneHot(tf.slice(labels, 0, 4), 4), victim.predict(tf.slice(x, 0, 4)) as tf.Tensor)
        .dataSync()[0];
    expect(loss(attacked)).toBeGreaterThan(loss(xs));
    expect(attackBatch(victim, xs, labels, 0, { eps, steps: 3 })).toBe(xs); // ratio 0: the batch as it was
    tf.dispose([xs, labels, attacked]);
  });

  it('PM_Adv: adversarial fine-tuning trains on the attacked batches (not the clean ones), and stays a close derivative', async () => {
    const config = { ...quick, epochs: 1 };
    const clean = await copyOf(victim);
    await adversarialFineTune(clean, data.train, adversaryIdx, { eps: 8 / 255, steps: 2, seed: 3 }, 0, config);
    const plain = await copyOf(victim);
    await fineTune(plain, data.train, adversaryIdx, 'all', config);
    const adv = await copyOf(victim);
    await adversarialFineTune(adv, data.train, adversaryIdx, { eps: 8 / 255, steps: 2, seed: 3 }, 0.5, config);
    const conv = weights(adv).findIndex((w) => w.name === 'stem_conv/kernel');
    // With no image attacked it is plain fine-tuning; with half attacked the weights move elsewhere.
    expect(weights(clean)[conv].values).toEqual(weights(plain)[conv].values);
    expect(weights(adv)[conv].values).not.toEqual(weights(plain)[conv].values);
    expect(agreement(adv, victim, data.test)).toBeGreaterThan(0.5);
  });
});

describe('extraction', () => {
  it('victim answers are one-hot rows of its top-1, or its softmax at the temperature', () => {
    const images = tf.tensor4d(makeBatch(data.train, [0, 5]).x, [2, 32, 32, 3]);
    const logits = Array.from((victim.predict(images) as tf.Tensor).dataSync());
    const labels = Array.from(victimAnswers(victim, 'labels').answer(images).dataSync());
    const probs = victimAnswers(victim, 'probabilities', 2).answer(images).dataSync();
    const first = logits.slice(0, 4);
    expect(labels.slice(0, 4)).toEqual(first.map((v) => (v === Math.max(...first) ? 1 : 0)));
    const exp = first.map((v) => Math.exp(v / 2));
    expect(Array.from(probs.subarray(0, 4))).toEqual(
      exp.map((v) => expect.closeTo(v / exp.reduce((a, b) => a + b), 5)),
    );
    tf.dispose(images);
  });

  it.each(['labels', 'probabilities'] as const)(
    'EM (%s): never reads the true labels, and agrees with the victim more than an untrained model',
    async (kind) => {
      const scrambled = { ...data.train, labels: data.train.labels.map((l) => (l + 1) % 4) };
      const run = async (train: typeof data.train) => {
        const student = getArchitecture('vgg').build({ numClasses: 4, seed: 5, width: 4 });
        await extractModel(
          student,
          victim,
          train,
          adversaryIdx,
          { kind, temperature: 2 },
          { ...quick, epochs: 4, learningRate: 0.02 },
        );
        return student;
      };
      const a = await run(data.train);
      const b = await run(scrambled);
      expect(weights(b).map((w) => w.values)).toEqual(weights(a).map((w) => w.values));
      const untrained = getArchitecture('vgg').build({ numClasses: 4, seed: 5, width: 4 });
      expect(agreement(a, victim, data.test)).toBeGreaterThan(agreement(untrained, victim, data.test));
    },
  );
});
