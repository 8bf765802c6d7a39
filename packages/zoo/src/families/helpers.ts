import { extraction } from './extraction';
import type { Counts } from './family';
import { homologous } from './homologous';
import { postProcessed } from './post_processing';
import { spread } from './family';

/**
 * Dedicated helper models for the methods that learn from known piracy and independent models
 * (MetaFinger, MetaV, NaturalFinger): never suspects, so no method is scored on a model it learned
 * from. Two of each of four kinds at mini and paper (4 positive, 4 negative, other architectures
 * among them); one of each at tiny.
 */
const TWO: Counts = { tiny: 1, mini: 2, paper: 2 };

export const helperFineTuned = postProcessed(
  {
    name: 'HELP_P_FA',
    description: 'helper (positive): the victim fine-tuned on X_p, all layers',
    counts: TWO,
    helper: 'positive',
  },
  (i, n) => ({ procedure: { kind: 'finetune', layers: 'all' }, learningRate: spread(n, 0.005, 0.015)[i] }),
);

export const helperExtracted = extraction({
  name: 'HELP_P_EM',
  description: "helper (positive): distillation of the victim's answers on X_p into other architectures",
  counts: TWO,
  helper: 'positive',
  sameArchitecture: false,
  answers: 'probabilities',
});

export const helperHomologousSame = homologous({
  name: 'HELP_N_SA',
  description: "helper (negative): independently trained on X_h, the victim's architecture",
  counts: TWO,
  helper: 'negative',
  sameArchitecture: true,
});

export const helperHomologousOther = homologous({
  name: 'HELP_N_DA',
  description: 'helper (negative): independently trained on X_h, other architectures',
  counts: TWO,
  helper: 'negative',
  sameArchitecture: false,
});
