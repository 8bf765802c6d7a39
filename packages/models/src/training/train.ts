import { createRng, deriveSeed, permutation, tf } from '@fpb/tensor';
import { batchIndices, makeBatch, STANDARD_AUGMENTATION, type ImageDataset } from '@fpb/data';
import { engineVariables } from './layer_variables';
import { learningRateAt } from './lr_schedule';
import { TrainConfigSchema, type TrainConfig, type TrainConfigInput } from './train_config';
import type { TrainingEpochEvent, TrainingEvent } from '@fpb/progress';

export class TrainingDivergedError extends Error {
  constructor(epoch: number, step: number, lr: number) {
    super(
      `training diverged: the loss became NaN or infinite by epoch ${epoch + 1}, step ${step + 1} (learning rate ${lr.toPrecision(3)}); lower the learning rate or add warm-up`,
    );
    this.name = 'TrainingDivergedError';
  }
}

export interface TrainOptions {
  /** Which training images to use (default: all of `data`). */
  indices?: ArrayLike<number>;
  /** Variables to update (default: every trainable weight); fine-tuning the last layer passes a subset. */
  variables?: tf.Variable[];
  onEvent?: (event: TrainingEvent) => void;
  /**
   * Train on a teacher's answers instead of the dataset's labels (extraction, distillation): `answer`
   * maps each batch's images, as augmented, to target rows (one-hot or probabilities); the student's
   * logits are divided by `temperature` and the loss multiplied by temperature^2, so gradients keep
   * their size at any temperature (Hinton et al.). Accuracy is counted against each row's argmax.
   */
  teacher?: Teacher;
  /** Replaces a batch's images before the step (e.g. with adversarial examples); runs inside the step's scope. */
  transformBatch?: (xs: tf.Tensor4D, labels: tf.Tensor1D) => tf.Tensor4D;
  /** Runs after every optimiser step (e.g. to keep pruned weights at zero). */
  afterStep?: () => void;
  /**
   * Run the forward pass in training mode (default). False freezes batch-norm statistics, as when
   * only the last layer is fine-tuned on top of a fixed feature extractor.
   */
  trainingMode?: boolean;
}

export interface Teacher {
  answer: (images: tf.Tensor4D) => tf.Tensor2D;
  temperature: number;
  /**
   * `labels`: one-hot rows, smoothed like dataset labels; `probabilities`: soft targets used as given,
   * never smoothed again (a smoothed teacher's outputs are soft already).
   */
  answers: 'labels' | 'probabilities';
}

export interface TrainResult {
  config: TrainConfig;
  epochs: TrainingEpochEvent[];
  seconds: number;
}

/** One-hot targets from the dataset's labels, or the teacher's answers on the batch's images. */
function batchTargets(
  images: tf.Tensor4D,
  y: Int32Array,
  numClasses: number,
  teacher: Teacher | undefined,
): { targets: tf.Tensor2D; labels: tf.Tensor1D; temperature: number; soft: boolean } {
  if (!teacher) {
    const labels = tf.tensor1d(y, 'int32');
    return { targets: tf.oneHot(labels, numClasses) as tf.Tensor2D, labels, temperature: 1, soft: false };
  }
  const targets = teacher.answer(images);
  const soft = teacher.answers === 'probabilities';
  return { targets, labels: tf.argMax(targets, 1) as tf.Tensor1D, temperature: teacher.temperature, soft };
}

function makeOptimizer(c: TrainConfig): tf.Optimizer {
  return c.optimizer === 'adam' ? tf.train.adam(c.learningRate) : tf.train.momentum(c.learningRate, c.momentum);
}

function setLearningRate(opt: tf.Optimizer, lr: number): void {
  // SGD and momentum keep -lr as a tensor refreshed by setLearningRate; Adam reads the field each
  // step. (tfjs optimizers answer `instanceof` by duck typing, so test for the method instead.)
  const sgd = opt as unknown as { setLearningRate?: (v: number) => void };
  if (typeof sgd.setLearningRate === 'function') sgd.setLearningRate(lr);
  else (opt as unknown as { learningRate: number }).learningRate = lr;
}

const isDecayed = (v: tf.Variable) => /kernel/.test(v.name);

/**
 * Loss and hit counts are summed on the device and read back at the first step of an epoch, every
 * READ_EVERY steps and at its last step, not after each step: on a GPU every read-back drains the
 * queue and leaves the device idle while the next batch is prepared and its kernels are recorded.
 */
export const READ_EVERY = 8;

/**
 * Mini-batch training with softmax cross-entropy on logits. Batches are drawn in a seeded order
 * (one permutation per epoch) and augmented with seeded crops/flips, so one seed reproduces the run.
 */
export async function trainModel(
  model: tf.LayersModel,
  data: ImageDataset,
  configInput: TrainConfigInput,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const config = TrainConfigSchema.parse(configInput);
  const indices = options.indices ?? Array.from({ length: data.labels.length }, (_, i) => i);
  if (indices.length === 0) throw new Error('trainModel: no training images');
  const variables = options.variables ?? engineVariables(model.trainableWeights);
  const optimizer = makeOptimizer(config);
  const stepsPerEpoch = Math.ceil(indices.length / config.batchSize);
  const history: TrainingEpochEvent[] = [];
  const started = Date.now();
  let unread: tf.Tensor | undefined; // [loss * images, hits] summed since the last read-back
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const epochStart = Date.now();
      const order = permutation(indices.length, createRng(deriveSeed(config.seed, 'batches', epoch)));
      const augmentRng = createRng(deriveSeed(config.seed, 'augment', epoch));
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let read = 0; // images whose loss and hits have been read back
      let step = 0;
      for (const positions of batchIndices(order, config.batchSize)) {
        const lr = learningRateAt(config, epoch + step / stepsPerEpoch);
        setLearningRate(optimizer, lr);
        const picked = Array.from(positions, (p) => indices[p]);
        const batch = makeBatch(
          data,
          picked,
          config.augment ? { options: STANDARD_AUGMENTATION, rng: augmentRng } : undefined,
        );
        const [loss, hits] = tf.tidy(() => {
          // The batch's mean loss is the size-weighted sum of its micro-batches' mean losses, and so
          // are the gradients: each micro-batch's are scaled by its share of the batch, then summed.
          const micro = Math.min(config.microBatchSize ?? batch.size, batch.size);
          const pixels = 32 * 32 * 3;
          let total: tf.Tensor | undefined;
          let hitTotal: tf.Tensor | undefined;
          const grads: Record<string, tf.Tensor> = {};
          for (let start = 0; start < batch.size; start += micro) {
            const n = Math.min(micro, batch.size - start);
            const share = n / batch.size;
            const part = tf.tidy(() => {
              const clean = tf.tensor4d(batch.x.subarray(start * pixels, (start + n) * pixels), [n, 32, 32, 3]);
              const y = batch.y.subarray(start, start + n);
              const { targets, labels, temperature, soft } = batchTargets(clean, y, data.numClasses, options.teacher);
              const smoothing = soft ? 0 : config.labelSmoothing;
              const xs = options.transformBatch ? options.transformBatch(clean, labels) : clean;
              let hitCount: tf.Tensor | undefined;
              const { value, grads: g } = tf.variableGrads(() => {
                const logits = model.apply(xs, { training: options.trainingMode ?? true }) as tf.Tensor;
                hitCount = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')));
                const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
                const loss = tf.losses.softmaxCrossEntropy(targets, scaled, undefined, smoothing);
                return tf.mul(loss, share * temperature * temperature) as tf.Scalar;
              }, variables);
              return { value, grads: g, hits: hitCount! };
            });
            // Running sums: each addend is disposed once added, so a step holds one set of gradients.
            const add = (a: tf.Tensor | undefined, b: tf.Tensor) => {
              if (!a) return b;
              const sum = tf.add(a, b);
              tf.dispose([a, b]);
              return sum;
            };
            total = add(total, part.value);
            hitTotal = add(hitTotal, part.hits);
            for (const [name, g] of Object.entries(part.grads)) grads[name] = add(grads[name], g);
          }
          if (config.weightDecay > 0) {
            for (const v of variables)
              if (isDecayed(v) && grads[v.name]) grads[v.name] = tf.add(grads[v.name], tf.mul(v, config.weightDecay));
          }
          optimizer.applyGradients(grads);
          return [total!, hitTotal!];
        });
        options.afterStep?.();
        const sums = tf.tidy(() => {
          const these = tf.stack([tf.mul(loss, batch.size), tf.cast(hits, 'float32')]);
          return unread ? tf.add(unread, these) : these;
        });
        tf.dispose([loss, hits, unread]);
        unread = sums;
        seen += batch.size;
        step++;
        if (step === 1 || step % READ_EVERY === 0 || step === stepsPerEpoch) {
          const [lossPart, hitPart] = await sums.data();
          sums.dispose();
          unread = undefined;
          if (!Number.isFinite(lossPart)) throw new TrainingDivergedError(epoch, step - 1, lr);
          lossSum += lossPart;
          correct += hitPart;
          read = seen;
        }
        options.onEvent?.({
          kind: 'step',
          epoch,
          epochs: config.epochs,
          step,
          stepsPerEpoch,
          loss: lossSum / read,
          accuracy: correct / read,
          imagesPerSecond: seen / Math.max(1e-3, (Date.now() - epochStart) / 1000),
          learningRate: lr,
        });
      }
      const summary: TrainingEpochEvent = {
        kind: 'epoch',
        epoch,
        epochs: config.epochs,
        loss: lossSum / seen,
        accuracy: correct / seen,
        seconds: (Date.now() - epochStart) / 1000,
      };
      history.push(summary);
      options.onEvent?.(summary);
    }
  } finally {
    unread?.dispose();
    optimizer.dispose();
    // tfjs's MomentumOptimizer.dispose leaves its parent's learning-rate scalar behind: one tensor per run.
    (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
  }
  return { config, epochs: history, seconds: (Date.now() - started) / 1000 };
}
