import { extraction } from './extraction';
import { homologous } from './homologous';
import { FINGERBENCH_SWEEP_10, postProcessed } from './post_processing';
import { spread, type Counts } from './family';

/** One mirror; its negatives at 5 per attack (2 at mini). */
const MIRROR_NEGATIVES: Counts = { tiny: 1, mini: 2, paper: 5 };

/**
 * FingerBench's additions that are not plain post-processing sweeps (those live in post_processing.ts):
 * knockoff extraction with queries from another distribution, and "mirror negatives", the attacks of
 * Table I applied to an independent model of the victim's architecture: derived, yet not pirated.
 */
export const fbKnockoff = extraction({
  name: 'FB_KO',
  description: "knockoff extraction: distillation on the victim's answers to generated images, not CIFAR",
  counts: FINGERBENCH_SWEEP_10,
  set: 'fingerbench',
  sameArchitecture: true,
  answers: 'probabilities',
  queries: 'generated',
});

export const fbMirror = homologous({
  name: 'FB_MIRROR',
  description:
    "the mirror: an independent model of the victim's architecture trained on X_h, the parent of the mirror negatives",
  counts: { tiny: 1, mini: 1, paper: 1 },
  set: 'fingerbench',
  sameArchitecture: true,
});

/** Derived from the mirror, not from the victim: homologous. */
const FROM_THE_MIRROR = { parent: 'FB_MIRROR/0', kind: 'HM' as const };

export const fbMirrorFineTune = postProcessed(
  {
    name: 'FB_MN_FA',
    description: 'mirror negative: the mirror fine-tuned on X_p, all layers',
    counts: MIRROR_NEGATIVES,
    set: 'fingerbench',
  },
  (i, n) => ({ procedure: { kind: 'finetune', layers: 'all' }, learningRate: spread(n, 0.002, 0.02)[i] }),
  FROM_THE_MIRROR,
);

export const fbMirrorPruning = postProcessed(
  {
    name: 'FB_MN_P',
    description: 'mirror negative: the mirror fine-pruned at ratios 0.1-0.9',
    counts: MIRROR_NEGATIVES,
    set: 'fingerbench',
  },
  (i, n) => ({ procedure: { kind: 'fineprune', ratio: Math.round(spread(n, 0.1, 0.9)[i] * 100) / 100 } }),
  FROM_THE_MIRROR,
);

export const fbMirrorExtraction = extraction(
  {
    name: 'FB_MN_EM',
    description: "mirror negative: label-based extraction of the mirror into the victim's architecture",
    counts: MIRROR_NEGATIVES,
    set: 'fingerbench',
    sameArchitecture: true,
    answers: 'labels',
  },
  FROM_THE_MIRROR,
);
