import { deriveSeed } from '@fpb/tensor';
import type { ZooScale } from '../zoo_scales';
import { spread, type Family, type Lineage } from './family';

/** Extraction of a model (the victim unless `lineage` says otherwise) into fresh students; `queries` picks the query images. */
export function extraction(
  name: string,
  sameArchitecture: boolean,
  answers: 'labels' | 'probabilities',
  description: string,
  lineage: Lineage & { queries?: 'generated' } = {},
): Family {
  const { set = 'table1', parent = 'victim', role = 'piracy', queries } = lineage;
  return {
    name,
    role,
    set,
    description,
    recipes: (scale: ZooScale, seed: number) => {
      const count = scale.counts[name] ?? 0;
      const temperatures = spread(count, 1, 4);
      return Array.from({ length: count }, (_, i) => {
        const arch = sameArchitecture
          ? scale.base.victim
          : scale.otherArchitectures[i % scale.otherArchitectures.length];
        return {
          id: `${name}/${i}`,
          family: name,
          role,
          architecture: arch.architecture,
          width: arch.width,
          procedure: {
            kind: 'extract' as const,
            answers,
            temperature: answers === 'labels' ? 1 : Math.round(temperatures[i] * 100) / 100,
            answersOn: 'augmented-views' as const,
            ...(queries ? { queries } : {}),
          },
          train: scale.training.extraction,
          seed: deriveSeed(seed, name, i),
          parent,
        };
      });
    },
  };
}

export const emSameLabels = extraction(
  'EM_SA_L',
  true,
  'labels',
  "label-based extraction on X_p: a fresh model of the victim's architecture trained on its top-1 answers",
);
export const emDifferentLabels = extraction(
  'EM_DA_L',
  false,
  'labels',
  'label-based extraction on X_p into other architectures',
);
export const emSameProbabilities = extraction(
  'EM_SA_Pr',
  true,
  'probabilities',
  "probability-based extraction (distillation, temperature 1-4) into the victim's architecture",
);
export const emDifferentProbabilities = extraction(
  'EM_DA_Pr',
  false,
  'probabilities',
  'probability-based extraction (distillation, temperature 1-4) into other architectures',
);
