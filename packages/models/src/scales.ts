import type { TrainConfigInput } from './training/train_config';

/** The scales of an experiment, declared once: every other list of scales derives from this. */
export const SCALE_NAMES = ['tiny', 'mini', 'paper'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

/** How big an experiment is: data source and the victim's architecture and training. */
export interface ScaleSpec {
  name: ScaleName;
  description: string;
  /** `generated`: the synthetic CIFAR-shaped set (no files needed); `cifar10`: files from --data-dir. */
  dataset: 'generated' | 'cifar10';
  generated?: { numClasses: number; trainPerClass: number; testPerClass: number };
  /** Draw a seeded class-balanced subset of the training set (at most this many per class); the test set stays whole. */
  trainPerClass?: number;
  victim: { architecture: string; width: number; train: TrainConfigInput };
}

export const SCALES: Readonly<Record<ScaleName, ScaleSpec>> = {
  tiny: {
    name: 'tiny',
    description: 'generated data, ResNet-8 at width 8, a few epochs: seconds per model (tests)',
    dataset: 'generated',
    generated: { numClasses: 10, trainPerClass: 100, testPerClass: 20 },
    victim: {
      architecture: 'resnet8',
      width: 8,
      train: { epochs: 6, batchSize: 32, learningRate: 0.05, schedule: 'cosine' },
    },
  },
  mini: {
    name: 'mini',
    description:
      'a class-balanced 5,000-image subset of CIFAR-10 (500 per class; the partial set works too), whole test set, ResNet-8 at width 16, ~13 min for the victim on 2 CPU cores (wasm)',
    dataset: 'cifar10',
    trainPerClass: 500,
    victim: {
      architecture: 'resnet8',
      width: 16,
      train: {
        epochs: 15,
        batchSize: 64,
        learningRate: 0.05,
        momentum: 0.9,
        weightDecay: 5e-4,
        schedule: 'cosine',
        warmupEpochs: 1,
      },
    },
  },
  paper: {
    name: 'paper',
    description: "the paper's ResNet-18 (width 64) on all of CIFAR-10: for GPU machines",
    dataset: 'cifar10',
    victim: {
      architecture: 'resnet18',
      width: 64,
      train: {
        epochs: 100,
        batchSize: 128,
        learningRate: 0.1,
        momentum: 0.9,
        weightDecay: 5e-4,
        schedule: 'cosine',
        warmupEpochs: 1,
      },
    },
  },
};

export function getScale(name: string): ScaleSpec {
  const s = (SCALES as Record<string, ScaleSpec>)[name];
  if (!s) throw new Error(`unknown scale '${name}'; choose one of ${Object.keys(SCALES).join(', ')}`);
  return s;
}
