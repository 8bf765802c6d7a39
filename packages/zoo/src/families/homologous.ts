import { OVERLAP_SWEEP } from '@fpb/data';
import { deriveSeed } from '@fpb/tensor';
import { architectureOf, type ZooScale } from '../zoo_scales';
import type { Family, FamilySpec } from './family';

/**
 * Independently trained models on X_h: the victim's architecture, or the scale's other architectures
 * in turn. With `overlapSweep`, the i-th model's X_h shares r = 0.0, 0.1, ..., 1.0 (cycling) of X_v, as
 * DeepCore's Table I sets it for its homologous models; without, X_h and X_v are disjoint.
 */
export function homologous(
  spec: FamilySpec & { sameArchitecture: boolean; overlapSweep?: boolean; labels?: 'five-groups' },
): Family {
  const { name, description, counts, set = 'table1', helper, sameArchitecture, overlapSweep = false, labels } = spec;
  return {
    name,
    kind: 'HM',
    set,
    counts,
    helper,
    description,
    recipes: (scale: ZooScale, seed: number) =>
      Array.from({ length: counts[scale.name] }, (_, i) => {
        const arch = sameArchitecture
          ? scale.base.victim
          : scale.otherArchitectures[i % scale.otherArchitectures.length];
        return {
          id: `${name}/${i}`,
          family: name,
          role: 'homologous' as const,
          ...architectureOf(arch),
          procedure: {
            kind: 'train' as const,
            data: 'X_h' as const,
            overlap: overlapSweep ? OVERLAP_SWEEP[i % OVERLAP_SWEEP.length] : 0,
            labels, // absent from the key when undefined (canonical JSON leaves it out)
          },
          train: scale.training.homologous,
          seed: deriveSeed(seed, name, i),
        };
      }),
  };
}

export const hmSameArchitecture = homologous({
  name: 'HM_SA',
  description: "independently trained on X_h sharing r = 0, 0.1, ... of X_v, the victim's architecture, other seeds",
  counts: { tiny: 2, mini: 10, paper: 10 },
  sameArchitecture: true,
  overlapSweep: true,
});
export const hmDifferentArchitecture = homologous({
  name: 'HM_DA',
  description: 'independently trained on X_h sharing r = 0, 0.1, ..., 1 of X_v, other architectures',
  counts: { tiny: 2, mini: 11, paper: 11 },
  sameArchitecture: false,
  overlapSweep: true,
});

/** The transfer-learning family's task learnt independently: what a PM_TL model must be told apart from. */
export const hmTransferTask = homologous({
  name: 'HM_TL',
  description:
    "independently trained on X_h for PM_TL's five-label task (look-alike pairs of the classes), the victim's architecture; accuracy and fidelity in the five labels",
  counts: { tiny: 1, mini: 2, paper: 4 },
  sameArchitecture: true,
  labels: 'five-groups',
});
