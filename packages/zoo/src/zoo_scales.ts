import { getScale, type ScaleName, type ScaleSpec, type TrainConfigInput } from '@fpb/models';

export interface ArchitectureChoice {
  architecture: string;
  width: number;
}

/** How big a zoo is: its data/victim scale, architectures and training budgets (each family holds its own counts). */
export interface ZooScale {
  name: ScaleName;
  base: ScaleSpec;
  /** About how many bytes one saved model takes (weights + topology), to check free space before a run. */
  modelBytes: number;
  /** "Different architecture" families cycle through these. */
  otherArchitectures: readonly ArchitectureChoice[];
  training: {
    homologous: TrainConfigInput;
    finetune: TrainConfigInput;
    adversarial: TrainConfigInput & { pgdSteps: number };
    extraction: TrainConfigInput;
  };
}

export const ZOO_SCALES: Readonly<Record<ScaleName, ZooScale>> = {
  tiny: {
    name: 'tiny',
    base: getScale('tiny'),
    modelBytes: 200e3,
    otherArchitectures: [
      { architecture: 'vgg', width: 4 },
      { architecture: 'mobilenet', width: 4 },
    ],
    training: {
      homologous: { epochs: 3, batchSize: 32, learningRate: 0.05 },
      finetune: { epochs: 1, batchSize: 32, learningRate: 0.01, warmupEpochs: 0 },
      adversarial: { epochs: 1, batchSize: 32, learningRate: 0.01, pgdSteps: 2 },
      extraction: { epochs: 3, batchSize: 32, learningRate: 0.05 },
    },
  },
  mini: {
    name: 'mini',
    base: getScale('mini'),
    modelBytes: 1e6,
    otherArchitectures: [
      { architecture: 'vgg', width: 16 },
      { architecture: 'mobilenet', width: 16 },
      { architecture: 'densenet', width: 8 },
    ],
    training: {
      homologous: { epochs: 8, batchSize: 64, learningRate: 0.05, warmupEpochs: 1 },
      // Post-processing is trimmed so that Table I's 101 suspects fit in about 3 h on 2 idle cores (README).
      // X_p holds only 1,000 images: extraction needs more passes over it than fine-tuning to copy
      // the victim (5 epochs gave fidelity 0.32-0.49, below homologous models; 12 give ~0.66).
      finetune: { epochs: 3, batchSize: 64, learningRate: 0.01 },
      adversarial: { epochs: 2, batchSize: 64, learningRate: 0.01, pgdSteps: 2 },
      extraction: { epochs: 12, batchSize: 64, learningRate: 0.05, warmupEpochs: 1 },
    },
  },
  paper: {
    name: 'paper',
    base: getScale('paper'),
    // ResNet-18 at width 64: 11 M parameters.
    modelBytes: 50e6,
    otherArchitectures: [
      { architecture: 'densenet', width: 12 },
      { architecture: 'vgg', width: 64 },
      { architecture: 'mobilenet', width: 32 },
    ],
    training: {
      homologous: { epochs: 100, batchSize: 128, learningRate: 0.1, warmupEpochs: 1 },
      finetune: { epochs: 20, batchSize: 128, learningRate: 0.01 },
      adversarial: { epochs: 10, batchSize: 128, learningRate: 0.01, pgdSteps: 7 },
      extraction: { epochs: 50, batchSize: 128, learningRate: 0.05, warmupEpochs: 1 },
    },
  },
};

export function getZooScale(name: string): ZooScale {
  const s = (ZOO_SCALES as Record<string, ZooScale>)[name];
  if (!s) throw new Error(`unknown scale '${name}'; choose one of ${Object.keys(ZOO_SCALES).join(', ')}`);
  return s;
}
