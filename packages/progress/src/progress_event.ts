/**
 * Progress of long work, as typed events: libraries emit them, and only the runner draws bars or
 * prints lines. One union for every library, discriminated by `kind`.
 */
export type ProgressEvent =
  /** A task with a size begins (a download, a file being converted). */
  | { kind: 'start'; task: string; total?: number; unit: 'bytes' | 'items' }
  | { kind: 'progress'; task: string; done: number; total?: number }
  | { kind: 'done'; task: string }
  /** A training step; loss and accuracy are running means over the epoch, as of the last read-back. */
  | {
      kind: 'step';
      epoch: number;
      epochs: number;
      step: number;
      stepsPerEpoch: number;
      loss: number;
      accuracy: number;
      imagesPerSecond: number;
      learningRate: number;
    }
  /** A training epoch ended. */
  | { kind: 'epoch'; epoch: number; epochs: number; loss: number; accuracy: number; seconds: number };

export type ProgressListener = (event: ProgressEvent) => void;

export const silentProgress: ProgressListener = () => undefined;

/** The training events of the union, for code that only trains. */
export type TrainingEvent = Extract<ProgressEvent, { kind: 'step' | 'epoch' }>;
export type TrainingStepEvent = Extract<ProgressEvent, { kind: 'step' }>;
export type TrainingEpochEvent = Extract<ProgressEvent, { kind: 'epoch' }>;
