import { generateDataset } from '@fpb/data';
import { initBackend, tf } from '@fpb/tensor';
import { getArchitecture } from '../architectures/registry';
import { accuracy } from './evaluate';
import { engineVariables } from './layer_variables';
import { trainModel, TrainingDivergedError, type Teacher } from './train';
import type { TrainingEvent, TrainingStepEvent } from '@fpb/progress';

beforeAll(() => initBackend('wasm', () => undefined));

const data = generateDataset({ numClasses: 4, trainPerClass: 32, testPerClass: 16, seed: 1 });
const config = { epochs: 3, batchSize: 32, learningRate: 0.05, seed: 7, augment: true };

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('training loop', () => {
  it('learns the generated data well above chance, reporting steps and epochs', async () => {
    const model = getArchitecture('resnet8').build({ numClasses: 4, seed: 1, width: 8 });
    const events: TrainingEvent[] = [];
    const result = await trainModel(
      model,
      data.train,
      { ...config, epochs: 6, batchSize: 16 },
      { onEvent: (e) => events.push(e) },
    );
    expect(result.epochs).toHaveLength(6);
    expect(events.filter((e) => e.kind === 'step')).toHaveLength(6 * 8);
    expect(result.epochs[5].loss).toBeLessThan(result.epochs[0].loss);
    const step = events.find((e) => e.kind === 'step')!;
    expect(step).toMatchObject({ epoch: 0, epochs: 6, step: 1, stepsPerEpoch: 8 });
    // Loss and accuracy are read back at steps 1 and 8 of each epoch only: the events between repeat step 1's.
    const firstEpoch = events.filter((e): e is TrainingStepEvent => e.kind === 'step' && e.epoch === 0);
    for (const e of firstEpoch.slice(1, 7))
      expect([e.loss, e.accuracy]).toEqual([firstEpoch[0].loss, firstEpoch[0].accuracy]);
    expect(firstEpoch[7].loss).not.toBe(firstEpoch[0].loss);
    expect(firstEpoch[7].loss).toBeCloseTo(result.epochs[0].loss, 6);
    const testAccuracy = accuracy(model, data.test);
    expect(testAccuracy).toBeGreaterThan(0.6); // chance is 0.25
    expect(tf.memory().numTensors).toBeLessThan(500); // no per-step leak
  });

  it('one seed reproduces the run exactly (initial weights, batches, augmentation)', async () => {
    const run = async (seed: number) => {
      const model = getArchitecture('resnet8').build({ numClasses: 4, seed: 2, width: 4 });
      await trainModel(model, data.train, { ...config, epochs: 1, seed });
      return weightsOf(model);
    };
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(await run(12)).not.toEqual(a);
  });

  it('updates only the given variables (fine-tuning the last layer)', async () => {
    const model = getArchitecture('resnet8').build({ numClasses: 4, seed: 3, width: 4 });
    const before = weightsOf(model);
    const logits = engineVariables(model.getLayer('logits').trainableWeights);
    await trainModel(model, data.train, { ...config, epochs: 1 }, { variables: logits });
    const after = weightsOf(model);
    const names = model.weights.map((w) => w.originalName);
    names.forEach((n, i) => {
      if (n.startsWith('logits/')) expect(after[i]).not.toEqual(before[i]);
      else if (!/moving_/.test(n)) expect(after[i]).toEqual(before[i]);
    });
  });

  it('stops with a clear error when the loss becomes NaN', async () => {
    const model = getArchitecture('vgg').build({ numClasses: 4, seed: 1, width: 4 });
    const err = await trainModel(model, data.train, { ...config, learningRate: 1e30, weightDecay: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(TrainingDivergedError);
    expect(err.message).toMatch(/loss became NaN or infinite by epoch \d+, step \d+ .*lower the learning rate/);
  });

  it('Adam with step decay also learns (loss falls over epochs)', async () => {
    const model = getArchitecture('mobilenet').build({ numClasses: 4, seed: 5, width: 8 });
    const r = await trainModel(model, data.train, {
      ...config,
      epochs: 3,
      batchSize: 16,
      optimizer: 'adam',
      learningRate: 0.003,
      schedule: 'step',
      stepEvery: 2,
    });
    expect(r.epochs[2].loss).toBeLessThan(r.epochs[0].loss);
    expect(r.config.optimizer).toBe('adam');
  });

  it('rejects a malformed config naming the field', async () => {
    const model = getArchitecture('resnet8').build({ numClasses: 4, seed: 1, width: 4 });
    await expect(trainModel(model, data.train, { ...config, epochs: 0 })).rejects.toThrow(/epochs/);
  });
});

describe('training on a teacher', () => {
  const indices = [0, 1, 2, 3, 4, 5, 6, 7];
  const firstBatch = () =>
    tf.tensor4d(
      indices.flatMap((i) => Array.from(data.train.images.subarray(i * 3072, (i + 1) * 3072), (v) => v / 255)),
      [8, 32, 32, 3],
    );
  /** The first (and only) step's reported loss, at a learning rate too small to move the weights. */
  const firstLoss = async (model: tf.LayersModel, teacher: Teacher, labelSmoothing: number) =>
    (
      await trainModel(
        model,
        data.train,
        { epochs: 1, batchSize: 8, learningRate: 1e-9, seed: 1, augment: false, labelSmoothing },
        { indices, teacher },
      )
    ).epochs[0].loss;

  it('reports T^2 x the cross-entropy between softmaxes at temperature T, soft targets never smoothed', async () => {
    const model = getArchitecture('vgg').build({ numClasses: 4, seed: 3, width: 4 });
    const seen: number[][] = [];
    // A fixed uniform teacher: the loss is then T^2 * (log 4 + mean over images of logsumexp(z/T) - mean(z/T)).
    const teacher: Teacher = {
      temperature: 2,
      answers: 'probabilities',
      answer: (images: tf.Tensor4D) => {
        seen.push(images.shape);
        return tf.fill([images.shape[0], 4], 0.25) as tf.Tensor2D;
      },
    };
    const z = tf.div(model.apply(firstBatch(), { training: true }) as tf.Tensor2D, 2);
    const expected = 4 * tf.mean(tf.sub(tf.logSumExp(z, 1), tf.mean(z, 1))).dataSync()[0];
    // A smoothing of 0.5 would change nothing here (uniform targets), so the check below uses a peaked teacher.
    expect(await firstLoss(model, teacher, 0)).toBeCloseTo(expected, 4);
    expect(seen).toEqual([[8, 32, 32, 3]]);
  });

  it('smooths a labels teacher like dataset labels, and leaves a probabilities teacher as it answers', async () => {
    const model = getArchitecture('vgg').build({ numClasses: 4, seed: 3, width: 4 });
    const classZero = (images: tf.Tensor4D) => tf.oneHot(tf.zeros([images.shape[0]], 'int32'), 4) as tf.Tensor2D;
    const z = model.apply(firstBatch(), { training: true }) as tf.Tensor2D;
    // Cross-entropy against targets t: mean over images of logsumexp(z) - sum(t * z).
    const crossEntropy = (t: number[]) =>
      tf.mean(tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(z, tf.tensor1d(t)), 1))).dataSync()[0];
    const labels: Teacher = { temperature: 1, answers: 'labels', answer: classZero };
    const probabilities: Teacher = { temperature: 1, answers: 'probabilities', answer: classZero };
    expect(await firstLoss(model, labels, 0.4)).toBeCloseTo(crossEntropy([0.7, 0.1, 0.1, 0.1]), 4);
    expect(await firstLoss(model, probabilities, 0.4)).toBeCloseTo(crossEntropy([1, 0, 0, 0]), 4);
  });
});

describe('micro-batches', () => {
  /** A small conv net without batch norm, so one batch and its micro-batches must give the same gradients. */
  const plainNet = () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [32, 32, 3],
          filters: 4,
          kernelSize: 3,
          strides: 2,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), name: 'logits' }),
      ],
    });
    return model;
  };
  const oneStep = {
    epochs: 1,
    batchSize: 12,
    learningRate: 0.1,
    momentum: 0.9,
    weightDecay: 5e-4,
    augment: false,
    seed: 3,
  };
  const twelve = Array.from({ length: 12 }, (_, i) => i * 5);

  it.each([[4], [5], [12]])(
    'a batch of 12 in micro-batches of %s takes the same step as the whole batch',
    async (micro) => {
      const whole = plainNet();
      const split = plainNet();
      await trainModel(whole, data.train, oneStep, { indices: twelve });
      await trainModel(split, data.train, { ...oneStep, microBatchSize: micro }, { indices: twelve });
      const [a, b] = [weightsOf(whole), weightsOf(split)];
      const moved = weightsOf(plainNet());
      expect(a[0]).not.toEqual(moved[0]); // the step did something
      a.forEach((w, i) => w.forEach((v, j) => expect(b[i][j]).toBeCloseTo(v, 5)));
    },
  );

  it('reports the same loss as the whole batch, and leaks no tensor per step', async () => {
    const [whole, split] = [plainNet(), plainNet()];
    await trainModel(whole, data.train, { ...oneStep, epochs: 2 }, { indices: twelve });
    const before = tf.memory().numTensors;
    const r = await trainModel(split, data.train, { ...oneStep, epochs: 5, microBatchSize: 3 }, { indices: twelve });
    expect(tf.memory().numTensors).toBe(before); // five steps of four micro-batches leave nothing behind
    const first = await trainModel(plainNet(), data.train, { ...oneStep, microBatchSize: 3 }, { indices: twelve });
    const reference = await trainModel(plainNet(), data.train, oneStep, { indices: twelve });
    expect(first.epochs[0].loss).toBeCloseTo(reference.epochs[0].loss, 5);
    expect(r.epochs).toHaveLength(5);
  });
});
