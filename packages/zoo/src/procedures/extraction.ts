import type { ImageDataset } from '@fpb/data';
import { trainModel, type TrainConfigInput, type TrainResult } from '@fpb/models';
import type { TrainingEvent } from '@fpb/progress';
import type { tf } from '@fpb/tensor';
import { victimAnswers } from './victim_queries';

export interface ExtractionOptions {
  /** `labels`: the victim's top-1 answers; `probabilities`: its softmax at `temperature` (distillation). */
  kind: 'labels' | 'probabilities';
  temperature?: number;
}

/**
 * Model extraction: the adversary trains `student` (fresh weights, any architecture) on the victim's
 * answers to X_p. It queries the victim on every augmented view it trains on (epochs x |X_p| queries),
 * as a real adversary stretching a small query set would. The true labels of X_p are never read.
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
  return trainModel(student, data, config, {
    indices,
    teacher: victimAnswers(victim, options.kind, options.temperature),
    onEvent,
  });
}
