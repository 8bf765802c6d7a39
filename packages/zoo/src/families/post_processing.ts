import { deriveSeed } from '@fpb/tensor';
import type { Procedure } from '../recipe';
import { architectureOf, type ZooScale } from '../zoo_scales';
import { roleOf, spread, TEN, type Counts, type Family, type FamilySpec, type Lineage } from './family';

/**
 * A family made by post-processing a copy of a model (the stolen victim unless `lineage` says
 * otherwise) on X_p; `vary` gives the i-th model's procedure and learning rate.
 */
export function postProcessed(
  spec: FamilySpec,
  vary: (i: number, count: number, scale: ZooScale) => { procedure: Procedure; learningRate?: number },
  lineage: Lineage = {},
): Family {
  const { name, description, counts, set = 'table1', helper } = spec;
  const { parent = 'victim', kind = 'PM' } = lineage;
  const role = roleOf(kind);
  return {
    name,
    kind,
    set,
    counts,
    helper,
    description,
    recipes: (scale, seed) => {
      const count = counts[scale.name];
      return Array.from({ length: count }, (_, i) => {
        const { procedure, learningRate } = vary(i, count, scale);
        const base = procedure.kind === 'adversarial' ? scale.training.adversarial : scale.training.finetune;
        const { pgdSteps: _steps, ...train } = base as typeof scale.training.adversarial;
        return {
          id: `${name}/${i}`,
          family: name,
          role,
          ...architectureOf(scale.base.victim),
          procedure,
          train: { ...train, ...(learningRate ? { learningRate } : {}) },
          seed: deriveSeed(seed, name, i),
          parent,
        };
      });
    },
  };
}

export const pmFineTuneLast = postProcessed(
  { name: 'PM_FL', description: 'victim fine-tuned on X_p, last layer only, learning rates 0.005-0.05', counts: TEN },
  (i, n) => ({
    procedure: { kind: 'finetune', layers: 'last' },
    learningRate: spread(n, 0.005, 0.05)[i],
  }),
);

export const pmFineTuneAll = postProcessed(
  {
    name: 'PM_FA',
    description: 'victim fine-tuned on X_p, all layers, learning rates 0.002-0.02',
    counts: TEN,
  },
  (i, n) => ({
    procedure: { kind: 'finetune', layers: 'all' },
    learningRate: spread(n, 0.002, 0.02)[i],
  }),
);

export const pmPruning = postProcessed(
  {
    name: 'PM_P',
    description:
      'fine-pruning: the most dormant channels of the last feature map removed (ratios 0.1-0.9), then fine-tuned on X_p',
    counts: TEN,
  },
  (i, n) => ({
    procedure: { kind: 'fineprune', ratio: Math.round(spread(n, 0.1, 0.9)[i] * 100) / 100 },
  }),
);

export const pmAdversarial = postProcessed(
  {
    name: 'PM_Adv',
    description: 'adversarial fine-tuning with PGD on X_p, eps 2/255-8/255, half of each batch attacked',
    counts: TEN,
  },
  (i, n, scale) => ({
    procedure: {
      kind: 'adversarial',
      eps: Math.round(spread(n, 2, 8)[i] * 100) / 100 / 255,
      steps: scale.training.adversarial.pgdSteps,
      ratio: 0.5,
    },
  }),
);

/** SACBench's and QuRD's magnitude pruning: 30/50/70/90% of all kernel weights zeroed, then fine-tuned with the mask kept. */
export const pmMagnitudePruning = postProcessed(
  {
    name: 'PM_MP',
    description:
      'magnitude pruning: the smallest kernel weights zeroed at sparsity 0.3-0.9 (30/50/70/90% at mini), then fine-tuned on X_p with the mask kept',
    counts: { tiny: 1, mini: 4, paper: 4 },
  },
  (i, n) => ({ procedure: { kind: 'weightprune', ratio: Math.round(spread(n, 0.3, 0.9)[i] * 100) / 100 } }),
);

/**
 * SACBench's transfer learning, on CIFAR-10's own images: the victim's body re-used for a five-label
 * task (look-alike pairs of its classes, fiveGroups), a new head trained alone on the frozen body
 * (the scale's transferHead: a random head needs more than a fine-tuning rate), then every layer
 * fine-tuned on X_p at learning rates 0.005-0.02.
 */
export const pmTransferLearning = postProcessed(
  {
    name: 'PM_TL',
    description:
      "transfer learning: the victim's body under a new 5-label head (its classes in look-alike pairs), head trained alone (2 epochs at 0.1 at mini), then all layers fine-tuned on X_p at learning rates 0.005-0.02; accuracy and fidelity in the five labels",
    counts: { tiny: 1, mini: 4, paper: 4 },
  },
  (i, n, scale) => ({
    procedure: {
      kind: 'transfer',
      labels: 'five-groups',
      headEpochs: scale.training.transferHead.epochs,
      headLearningRate: scale.training.transferHead.learningRate,
    },
    learningRate: spread(n, 0.005, 0.02)[i],
  }),
);

/** Post-training quantisation of the victim as deployed: int8 and float16, simulated in float32. */
export const pmQuantized = postProcessed(
  {
    name: 'PM_Q',
    description:
      'post-training quantisation, simulated: int8 (kernels per channel, activations per tensor calibrated on 512 X_p images) and float16 copies of the victim',
    counts: { tiny: 2, mini: 2, paper: 2 },
  },
  (i) => ({ procedure: { kind: 'quantize', format: i % 2 === 0 ? 'int8' : 'fp16' } }),
);

/** FingerBench's sweeps at the paper's 9 or 10 points; 3 at mini, so that the experiment adds under an hour on 2 cores. */
export const FINGERBENCH_SWEEP_9: Counts = { tiny: 1, mini: 3, paper: 9 };
export const FINGERBENCH_SWEEP_10: Counts = { tiny: 1, mini: 3, paper: 10 };

/** FingerBench: global magnitude pruning of all kernels at ratios 0.1-0.9, then fine-tuning with the mask kept. */
export const fbWeightPruning = postProcessed(
  {
    name: 'FB_WP',
    description:
      'FingerBench weight pruning: the smallest kernel weights zeroed (ratios 0.1-0.9), then fine-tuned on X_p',
    counts: FINGERBENCH_SWEEP_9,
    set: 'fingerbench',
  },
  (i, n) => ({ procedure: { kind: 'weightprune', ratio: Math.round(spread(n, 0.1, 0.9)[i] * 100) / 100 } }),
);

/** FingerBench: Gaussian noise on every kernel (0.05-0.5 of its std), then fine-tuning. */
export const fbWeightNoise = postProcessed(
  {
    name: 'FB_WN',
    description: "FingerBench weight noising: Gaussian noise of 0.05-0.5 x each kernel's std, then fine-tuned on X_p",
    counts: FINGERBENCH_SWEEP_9,
    set: 'fingerbench',
  },
  (i, n) => ({ procedure: { kind: 'weightnoise', scale: Math.round(spread(n, 0.05, 0.5)[i] * 100) / 100 } }),
);

/** FingerBench: adversarial training with a share 0.1-1.0 of each batch attacked (eps 4/255). */
export const fbAdversarialRatio = postProcessed(
  {
    name: 'FB_AR',
    description: 'FingerBench adversarial training: a share 0.1-1.0 of each batch replaced by PGD examples (eps 4/255)',
    counts: FINGERBENCH_SWEEP_10,
    set: 'fingerbench',
  },
  (i, n, scale) => ({
    procedure: {
      kind: 'adversarial',
      eps: 4 / 255,
      steps: scale.training.adversarial.pgdSteps,
      ratio: Math.round(spread(n, 0.1, 1)[i] * 100) / 100,
    },
  }),
);
