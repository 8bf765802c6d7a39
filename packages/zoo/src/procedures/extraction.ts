import type { ImageDataset } from '@fpb/data';
import { trainModel, type TrainConfigInput, type TrainingEvent, type TrainResult } from '@fpb/models';
import type { tf } from '@fpb/tensor';
import { victimTargets } from './victim_queries';

export interface ExtractionOptions {
  /** `labels`: the victim's top-1 answers; `probabilities`: its softmax at `temperature` (distillation). */
  kind: 'labels' | 'probabilities';
  temperature?: number;
}

/**
 * Model extraction: the adversary queries the victim on X_p and trains `student` (fresh weights, any
 * architecture) on the answers. The true labels of X_p are never read: the loss uses the victim's answers only.
 */
export function extractModel(
  student: tf.LayersModel,
  victim: tf.LayersModel,
  data: ImageDataset,
  indices: ArrayLike<number>,
  options: ExtractionOptions,
  config: TrainConfigInput,
  onEvent?: (e: TrainingEvent) => void,
): Promise<TrainResult> {
  const temperature = options.kind === 'probabilities' ? (options.temperature ?? 1) : 1;
  const probabilities = victimTargets(victim, data, indices, options.kind, temperature);
  return trainModel(student, data, config, { indices, softTargets: { probabilities, temperature }, onEvent });
}
