import type { ImageDataset } from '@fpb/data';
import { addWeightNoise, pruneWeights, trainModel, type TrainConfigInput, type TrainResult } from '@fpb/models';
import type { tf } from '@fpb/tensor';

/** FingerBench's weight pruning: prune, then fine-tune on X_p with the pruned weights held at zero. */
export function weightPruneFineTune(
  model: tf.LayersModel,
  data: ImageDataset,
  indices: ArrayLike<number>,
  ratio: number,
  config: TrainConfigInput,
): Promise<TrainResult> {
  const { reapply } = pruneWeights(model, ratio);
  return trainModel(model, data, config, { indices, afterStep: reapply });
}

/** FingerBench's weight noising: perturb every kernel, then fine-tune on X_p. */
export function weightNoiseFineTune(
  model: tf.LayersModel,
  data: ImageDataset,
  indices: ArrayLike<number>,
  scale: number,
  seed: number,
  config: TrainConfigInput,
): Promise<TrainResult> {
  addWeightNoise(model, scale, seed);
  return trainModel(model, data, config, { indices });
}
