import type { ImageDataset } from '@fpb/data';
import { trainModel, type Teacher, type TrainConfigInput, type TrainResult } from '@fpb/models';
import { tf } from '@fpb/tensor';
import { pgdAttack, type PgdOptions } from '@fpb/models';

/**
 * Adversarial fine-tuning: each batch has its first round(ratio * n) images replaced by PGD examples
 * crafted against the model being trained, then an ordinary step. ratio 1 is Madry's training. With
 * a teacher, every image (attacked or not) is labelled by the teacher's answer on the clean image.
 */
export function adversarialFineTune(
  model: tf.LayersModel,
  data: ImageDataset,
  indices: ArrayLike<number>,
  pgd: PgdOptions,
  ratio: number,
  config: TrainConfigInput,
  teacher?: Teacher,
): Promise<TrainResult> {
  let step = 0;
  return trainModel(model, data, config, {
    indices,
    teacher,
    transformBatch: (xs, labels) => attackBatch(model, xs, labels, ratio, { ...pgd, seed: (pgd.seed ?? 0) + step++ }),
  });
}

/** One batch with its first round(ratio * n) images replaced by PGD examples against `model`; the rest as they were. */
export function attackBatch(
  model: tf.LayersModel,
  xs: tf.Tensor4D,
  labels: tf.Tensor1D,
  ratio: number,
  pgd: PgdOptions,
): tf.Tensor4D {
  const n = Math.round(ratio * xs.shape[0]);
  if (n === 0) return xs;
  const attacked = pgdAttack(model, tf.slice(xs, 0, n), tf.slice(labels, 0, n), pgd);
  return n === xs.shape[0] ? attacked : (tf.concat([attacked, tf.slice(xs, n)], 0) as tf.Tensor4D);
}
