import { deriveSeed } from '@fpb/tensor';
import type { ZooScale } from '../zoo_scales';
import { roleOf, spread, TEN, type Family, type FamilySpec, type Lineage } from './family';

/** Extraction of a model (the victim unless `lineage` says otherwise) into fresh students; `queries` picks the query images. */
export function extraction(
  spec: FamilySpec & {
    sameArchitecture: boolean;
    answers: 'labels' | 'probabilities';
    queries?: 'generated';
  },
  lineage: Lineage = {},
): Family {
  const { name, description, counts, set = 'table1', helper, sameArchitecture, answers, queries } = spec;
  const { parent = 'victim', kind = 'EM' } = lineage;
  const role = roleOf(kind);
  return {
    name,
    kind,
    set,
    counts,
    helper,
    description,
    recipes: (scale: ZooScale, seed: number) => {
      const count = counts[scale.name];
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
          padding: arch.padding,
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

export const emSameLabels = extraction({
  name: 'EM_SA_L',
  description: "label-based extraction on X_p: a fresh model of the victim's architecture trained on its top-1 answers",
  counts: TEN,
  sameArchitecture: true,
  answers: 'labels',
});
export const emDifferentLabels = extraction({
  name: 'EM_DA_L',
  description: 'label-based extraction on X_p into other architectures',
  counts: TEN,
  sameArchitecture: false,
  answers: 'labels',
});
export const emSameProbabilities = extraction({
  name: 'EM_SA_Pr',
  description: "probability-based extraction (distillation, temperature 1-4) into the victim's architecture",
  counts: TEN,
  sameArchitecture: true,
  answers: 'probabilities',
});
export const emDifferentProbabilities = extraction({
  name: 'EM_DA_Pr',
  description: 'probability-based extraction (distillation, temperature 1-4) into other architectures',
  counts: TEN,
  sameArchitecture: false,
  answers: 'probabilities',
});
