import { deriveSeed } from '@fpb/tensor';
import type { Procedure } from '../recipe';
import type { ZooScale } from '../zoo_scales';
import { spread, type Family, type Lineage } from './family';

/**
 * A family made by post-processing a copy of a model (the stolen victim unless `lineage` says
 * otherwise) on X_p; `vary` gives the i-th model's procedure and learning rate.
 */
export function postProcessed(
  name: string,
  description: string,
  vary: (i: number, count: number, scale: ZooScale) => { procedure: Procedure; learningRate?: number },
  lineage: Lineage = {},
): Family {
  const { set = 'table1', parent = 'victim', role = 'piracy' } = lineage;
  return {
    name,
    role,
    set,
    description,
    recipes: (scale, seed) => {
      const count = scale.counts[name] ?? 0;
      return Array.from({ length: count }, (_, i) => {
        const { procedure, learningRate } = vary(i, count, scale);
        const base = procedure.kind === 'adversarial' ? scale.training.adversarial : scale.training.finetune;
        const { pgdSteps: _steps, ...train } = base as typeof scale.training.adversarial;
        return {
          id: `${name}/${i}`,
          family: name,
          role,
          architecture: scale.base.victim.architecture,
          width: scale.base.victim.width,
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
  'PM_FL',
  'victim fine-tuned on X_p, last layer only, learning rates 0.005-0.05',
  (i, n) => ({
    procedure: { kind: 'finetune', layers: 'last' },
    learningRate: spread(n, 0.005, 0.05)[i],
  }),
);

export const pmFineTuneAll = postProcessed(
  'PM_FA',
  'victim fine-tuned on X_p, all layers, learning rates 0.002-0.02',
  (i, n) => ({
    procedure: { kind: 'finetune', layers: 'all' },
    learningRate: spread(n, 0.002, 0.02)[i],
  }),
);

export const pmPruning = postProcessed(
  'PM_P',
  'fine-pruning: the last conv layer pruned at ratios 0.1-0.9, then fine-tuned on X_p',
  (i, n) => ({
    procedure: { kind: 'fineprune', ratio: Math.round(spread(n, 0.1, 0.9)[i] * 100) / 100 },
  }),
);

export const pmAdversarial = postProcessed(
  'PM_Adv',
  'adversarial fine-tuning with PGD on X_p, eps 2/255-8/255, half of each batch attacked',
  (i, n, scale) => ({
    procedure: {
      kind: 'adversarial',
      eps: Math.round(spread(n, 2, 8)[i] * 100) / 100 / 255,
      steps: scale.training.adversarial.pgdSteps,
      ratio: 0.5,
    },
  }),
);

/** FingerBench: global magnitude pruning of all kernels at ratios 0.1-0.9, then fine-tuning with the mask kept. */
export const fbWeightPruning = postProcessed(
  'FB_WP',
  'FingerBench weight pruning: the smallest kernel weights zeroed (ratios 0.1-0.9), then fine-tuned on X_p',
  (i, n) => ({ procedure: { kind: 'weightprune', ratio: Math.round(spread(n, 0.1, 0.9)[i] * 100) / 100 } }),
  { set: 'fingerbench' },
);

/** FingerBench: Gaussian noise on every kernel (0.05-0.5 of its std), then fine-tuning. */
export const fbWeightNoise = postProcessed(
  'FB_WN',
  "FingerBench weight noising: Gaussian noise of 0.05-0.5 x each kernel's std, then fine-tuned on X_p",
  (i, n) => ({ procedure: { kind: 'weightnoise', scale: Math.round(spread(n, 0.05, 0.5)[i] * 100) / 100 } }),
  { set: 'fingerbench' },
);

/** FingerBench: adversarial training with a share 0.1-1.0 of each batch attacked (eps 4/255). */
export const fbAdversarialRatio = postProcessed(
  'FB_AR',
  'FingerBench adversarial training: a share 0.1-1.0 of each batch replaced by PGD examples (eps 4/255)',
  (i, n, scale) => ({
    procedure: {
      kind: 'adversarial',
      eps: 4 / 255,
      steps: scale.training.adversarial.pgdSteps,
      ratio: Math.round(spread(n, 0.1, 1)[i] * 100) / 100,
    },
  }),
  { set: 'fingerbench' },
);
