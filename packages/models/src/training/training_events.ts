/** What a training run reports while it goes; rendered by front ends, asserted by tests. */
export interface TrainingStepEvent {
  kind: 'step';
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  /** Running means over the current epoch. */
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
