import { deriveSeed } from '@fpb/tensor';
import type { ZooScale } from '../zoo_scales';
import type { Family, ZooSet } from './family';

function homologous(name: string, sameArchitecture: boolean, description: string, set: ZooSet = 'table1'): Family {
  return {
    name,
    role: 'homologous',
    set,
    description,
    recipes: (scale: ZooScale, seed: number) =>
      Array.from({ length: scale.counts[name] ?? 0 }, (_, i) => {
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

export { homologous };

export const hmSameArchitecture = homologous(
  'HM_SA',
  true,
  "independently trained on X_h, the victim's architecture, other seeds",
);
export const hmDifferentArchitecture = homologous('HM_DA', false, 'independently trained on X_h, other architectures');
