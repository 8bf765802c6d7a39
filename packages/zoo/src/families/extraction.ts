import { deriveSeed } from '@fpb/tensor';
import { architectureOf, type ZooScale } from '../zoo_scales';
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
          ...architectureOf(arch),
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

/** How many of EM_SA_L's students are trained on adversarial examples (each its own EM_SA_L/i). */
const ADVERSARIAL_STUDENTS = { tiny: 1, mini: 3, paper: 10 } as const;

/**
 * SACBench's adversarial-label extraction (model_extract_adv.py): an extracted student (EM_SA_L/i)
 * trained 2 more epochs at SGD 1e-3 on X_p where half of each batch is replaced by PGD examples
 * (eps 4/255) crafted against the student itself, every image labelled by the victim's answer on
 * the clean image. SAC attacks with 30 PGD steps and trains on clean and attacked copies of each
 * image; here the scale's PGD steps (2 at mini) and half of each batch, as PM_Adv (cost).
 */
export const emAdversarialLabels: Family = {
  name: 'EM_Adv',
  kind: 'EM',
  set: 'table1',
  counts: ADVERSARIAL_STUDENTS,
  description:
    'adversarial-label extraction (SACBench): an EM_SA_L student trained 2 more epochs with half of each batch PGD-attacked against itself (eps 4/255), labelled by the victim',
  recipes: (scale: ZooScale, seed: number) =>
    Array.from({ length: ADVERSARIAL_STUDENTS[scale.name] }, (_, i) => {
      const { pgdSteps, ...adversarial } = scale.training.adversarial;
      return {
        id: `EM_Adv/${i}`,
        family: 'EM_Adv',
        role: roleOf('EM'),
        ...architectureOf(scale.base.victim),
        procedure: {
          kind: 'adversarial' as const,
          eps: 4 / 255,
          steps: pgdSteps,
          ratio: 0.5,
          labels: 'victim' as const,
        },
        train: { ...adversarial, epochs: 2, learningRate: 0.001 },
        seed: deriveSeed(seed, 'EM_Adv', i),
        parent: `EM_SA_L/${i}`,
      };
    }),
};
