/** What a training run reports while it goes; rendered by front ends, asserted by tests. */
export interface TrainingStepEvent {
  kind: 'step';
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  /** Running means over the current epoch, as of the last read-back (at most READ_EVERY - 1 steps old). */
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  learningRate: number;
}

export interface TrainingEpochEvent {
  kind: 'epoch';
  epoch: number;
  epochs: number;
  loss: number;
  accuracy: number;
  seconds: number;
}

export type TrainingEvent = TrainingStepEvent | TrainingEpochEvent;
