import { deriveSeed } from '@fpb/tensor';
import type { ZooScale } from '../zoo_scales';
import type { Family, FamilySpec } from './family';

/** Independently trained models on X_h: the victim's architecture, or the scale's other architectures in turn. */
export function homologous(spec: FamilySpec & { sameArchitecture: boolean }): Family {
  const { name, description, counts, set = 'table1', helper, sameArchitecture } = spec;
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
          architecture: arch.architecture,
          width: arch.width,
          procedure: { kind: 'train' as const, data: 'X_h' as const, overlap: 0 },
          train: scale.training.homologous,
          seed: deriveSeed(seed, name, i),
        };
      }),
  };
}

export const hmSameArchitecture = homologous({
  name: 'HM_SA',
  description: "independently trained on X_h, the victim's architecture, other seeds",
  counts: { tiny: 2, mini: 10, paper: 10 },
  helper: 'negative',
  sameArchitecture: true,
});
export const hmDifferentArchitecture = homologous({
  name: 'HM_DA',
  description: 'independently trained on X_h, other architectures',
  counts: { tiny: 2, mini: 11, paper: 11 },
  helper: 'negative',
  sameArchitecture: false,
});
