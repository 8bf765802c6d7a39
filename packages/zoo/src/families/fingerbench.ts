import { extraction } from './extraction';
import { homologous } from './homologous';
import { postProcessed } from './post_processing';
import { spread } from './family';

/**
 * FingerBench's additions that are not plain post-processing sweeps (those live in post_processing.ts):
 * knockoff extraction with queries from another distribution, and "mirror negatives", the attacks of
 * Table I applied to an independent model of the victim's architecture: derived, yet not pirated.
 */
export const fbKnockoff = extraction(
  'FB_KO',
  true,
  'probabilities',
  "knockoff extraction: distillation on the victim's answers to generated images, not CIFAR",
  {
    set: 'fingerbench',
    queries: 'generated',
  },
);

export const fbMirror = homologous(
  'FB_MIRROR',
  true,
  "the mirror: an independent model of the victim's architecture trained on X_h, the parent of the mirror negatives",
  'fingerbench',
);

const MIRROR = { set: 'fingerbench' as const, parent: 'FB_MIRROR/0', role: 'homologous' as const };

export const fbMirrorFineTune = postProcessed(
  'FB_MN_FA',
  'mirror negative: the mirror fine-tuned on X_p, all layers',
  (i, n) => ({ procedure: { kind: 'finetune', layers: 'all' }, learningRate: spread(n, 0.002, 0.02)[i] }),
  MIRROR,
);

export const fbMirrorPruning = postProcessed(
  'FB_MN_P',
  'mirror negative: the mirror fine-pruned at ratios 0.1-0.9',
  (i, n) => ({ procedure: { kind: 'fineprune', ratio: Math.round(spread(n, 0.1, 0.9)[i] * 100) / 100 } }),
  MIRROR,
);

export const fbMirrorExtraction = extraction(
  'FB_MN_EM',
  true,
  'labels',
  "mirror negative: label-based extraction of the mirror into the victim's architecture",
  MIRROR,
);
