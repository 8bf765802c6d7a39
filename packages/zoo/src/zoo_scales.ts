import { getScale, type ScaleSpec, type TrainConfigInput } from '@fpb/models';

export interface ArchitectureChoice {
  architecture: string;
  width: number;
}

/** How big a zoo is: its data/victim scale, models per family, architectures and training budgets. */
export interface ZooScale {
  name: 'tiny' | 'mini' | 'paper';
  base: ScaleSpec;
  /** Models per family; every family is kept at every scale. */
  counts: Readonly<Record<string, number>>;
  /** "Different architecture" families cycle through these. */
  otherArchitectures: readonly ArchitectureChoice[];
  training: {
    homologous: TrainConfigInput;
    finetune: TrainConfigInput;
    adversarial: TrainConfigInput & { pgdSteps: number };
    extraction: TrainConfigInput;
  };
}

/** DeepCore Table I, the 11 points r = 0.0 ... 1.0 of the overlap sweep, FingerBench's pruning/noising/adversarial-ratio sweeps. */
const PAPER_COUNTS = {
  victim: 1,
  HM_SA: 10,
  HM_DA: 11,
  PM_P: 10,
  PM_FL: 10,
  PM_FA: 10,
  PM_Adv: 10,
  EM_SA_L: 10,
  EM_DA_L: 10,
  EM_SA_Pr: 10,
  EM_DA_Pr: 10,
  HM_OV: 11,
  FB_WP: 9,
  FB_WN: 9,
  FB_AR: 10,
  FB_KO: 10,
  FB_MIRROR: 1,
  FB_MN_FA: 5,
  FB_MN_P: 5,
  FB_MN_EM: 5,
};

export const ZOO_SCALES: Readonly<Record<ZooScale['name'], ZooScale>> = {
  tiny: {
    name: 'tiny',
    base: getScale('tiny'),
    counts: {
      victim: 1,
      HM_SA: 2,
      HM_DA: 2,
      PM_P: 1,
      PM_FL: 1,
      PM_FA: 1,
      PM_Adv: 1,
      EM_SA_L: 1,
      EM_DA_L: 1,
      EM_SA_Pr: 1,
      EM_DA_Pr: 1,
      HM_OV: 3,
      FB_WP: 1,
      FB_WN: 1,
      FB_AR: 1,
      FB_KO: 1,
      FB_MIRROR: 1,
      FB_MN_FA: 1,
      FB_MN_P: 1,
      FB_MN_EM: 1,
    },
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
    // Table I at full counts; the overlap sweep at r = 0, 0.2, ..., 1 and FingerBench's sweeps at 2-3
    // points each, so that those two experiments add ~45 min on 2 cores rather than ~2.5 h.
    counts: { ...PAPER_COUNTS, HM_OV: 6, FB_WP: 3, FB_WN: 3, FB_AR: 3, FB_KO: 3, FB_MN_FA: 2, FB_MN_P: 2, FB_MN_EM: 2 },
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
    counts: PAPER_COUNTS,
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
