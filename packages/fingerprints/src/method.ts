import type { DeepCoreSplit, TrainTestData } from '@fpb/data';
import type { tf } from '@fpb/tensor';
import type { Oracle } from './oracle';

/** How much work a fingerprint may take: `tiny` for tests, `mini` for the 2-core zoo, `paper` for a GPU. */
export type Budget = 'tiny' | 'mini' | 'paper';

/**
 * Everything a method may use to build a fingerprint: the victim white-box, the defender's data (the
 * victim's training set X_v and the test set), and, for methods that need them, helper models that are
 * disjoint from the suspects they will be evaluated on.
 */
export interface BuildInputs {
  victim: tf.LayersModel;
  data: TrainTestData;
  split: DeepCoreSplit;
  /** Models known to derive from the victim (piracy side) and independent ones (homologous side). */
  helpers: { positive: tf.LayersModel[]; negative: tf.LayersModel[] };
  budget: Budget;
  seed: number;
  log: (line: string) => void;
}

/**
 * A built fingerprint: query images, the victim's logits on them, named arrays (anything else a method
 * keeps, e.g. a verifier's weights) and JSON-safe details. Saved and cached like a model.
 */
export interface Fingerprint {
  method: string;
  count: number;
  inputs: Float32Array;
  victimOutputs: Float32Array;
  numClasses: number;
  arrays: Record<string, Float32Array>;
  info: Record<string, unknown>;
}

/** A method's verdict on one suspect: `score` is higher for "more likely pirated". */
export interface Verdict {
  score: number;
  /** Top-1 agreement with the victim on the fingerprint, where the method is defined by one. */
  matchRate?: number;
  /** Method-specific details (distances, per-class figures). */
  details?: Record<string, number>;
  /** The suspect's outputs on the fingerprint, flattened, for identification by clustering. */
  outputs?: number[];
}

export interface FingerprintMethod {
  /** Registry key and command-line name, e.g. `deepcore`. */
  id: string;
  /** Row label in tables, e.g. `DeepCore (L1_dist)`. */
  name: string;
  description: string;
  /** Hyper-parameters per budget: part of the fingerprint's cache key and of the run record. */
  settings: Record<Budget, object>;
  /** Further identifications read from the same verdict: row label -> key of `details` (higher = pirated). */
  alternativeScores?: Record<string, string>;
  /** True when the method needs positive/negative helper models to build its fingerprint. */
  needsHelpers: boolean;
  /** True when scores already lie in [0, 1] (matching rates, probabilities): ARUC reads them as they are. */
  scoreInUnitInterval: boolean;
  build(inputs: BuildInputs): Promise<Fingerprint>;
  /** Sees the suspect only through the oracle. */
  score(fingerprint: Fingerprint, suspect: Oracle): Verdict;
}
