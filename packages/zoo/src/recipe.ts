import { contentKey } from '@fpb/files';
import type { ConvPadding, QuantFormat, TrainConfigInput } from '@fpb/models';

/** How a model of the zoo is made from its parent (if any) and its data. */
export type Procedure =
  /** labels 'five-groups': trained on the five-label regrouping of the classes (fiveGroups) instead of the classes. */
  | { kind: 'train'; data: 'X_v' | 'X_h'; overlap: number; labels?: 'five-groups' }
  /** A victim made elsewhere, by the SHA-256 of its file: placed in the cache, never built here. */
  | { kind: 'import'; sha256: string }
  | { kind: 'finetune'; layers: 'last' | 'all' }
  /** The parent's body under a new head for the five-label regrouping: the head trained alone (headEpochs at headLearningRate), then everything. */
  | { kind: 'transfer'; labels: 'five-groups'; headEpochs: number; headLearningRate: number }
  | { kind: 'fineprune'; ratio: number }
  /** labels 'victim': the batch is labelled by the victim's top-1 answers (an extracted student's adversarial training), not X_p's. */
  | { kind: 'adversarial'; eps: number; steps: number; ratio: number; labels?: 'victim' }
  | { kind: 'weightprune'; ratio: number }
  | { kind: 'weightnoise'; scale: number }
  /** Post-training quantisation of the parent, simulated (fake quantisation); int8 calibrates on X_p. */
  | { kind: 'quantize'; format: QuantFormat }
  /**
   * queries: the adversary's own data X_p (default) or, for knockoff, images from another distribution;
   * answersOn: the victim answers every augmented view the student trains on, not only the clean images.
   */
  | {
      kind: 'extract';
      answers: 'labels' | 'probabilities';
      temperature: number;
      queries?: 'generated';
      answersOn: 'augmented-views';
    };

/** The labels a procedure's model answers in: the dataset's classes, or their five-label regrouping. */
export function relabellingOf(procedure: Procedure): 'five-groups' | undefined {
  return procedure.kind === 'transfer' || (procedure.kind === 'train' && procedure.labels) ? 'five-groups' : undefined;
}

export type Role = 'victim' | 'homologous' | 'piracy';

/** Everything that determines one model of the zoo. Its cache key hashes all of it. */
export interface ModelRecipe {
  /** Readable and unique within a zoo, e.g. `PM_FL/3`. */
  id: string;
  family: string;
  role: Role;
  architecture: string;
  width: number;
  /** How strided convolutions pad; absent: TensorFlow's 'same'. */
  padding?: ConvPadding;
  procedure: Procedure;
  train: TrainConfigInput;
  seed: number;
  /** Recipe id of the model this one derives from (the victim, or a mirror model), if any. */
  parent?: string;
}

/**
 * Content address of a model: the recipe (minus its display id), the parent's key, and the identity
 * of the data split (dataset, subset, split seed). Changing any of them makes a new model.
 */
export function recipeKey(recipe: ModelRecipe, parentKey: string | undefined, dataIdentity: string): string {
  const { id: _id, ...content } = recipe;
  return contentKey({ recipe: content, parentKey: parentKey ?? null, data: dataIdentity });
}
