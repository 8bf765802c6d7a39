import type { DeepCoreSplit, TrainTestData } from '@fpb/data';
import type { ScaleName } from '@fpb/models';
import type { tf } from '@fpb/tensor';
import type { LabelSpaceUse } from './label_space';
import type { Oracle } from './oracle';

/** How much work a fingerprint may take: the experiment's scale (`tiny` for tests, `mini` for 2 cores, `paper` for a GPU). */
export type Budget = ScaleName;

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
  helpers: { positive: HelperModel[]; negative: HelperModel[] };
  budget: Budget;
  seed: number;
  log: (line: string) => void;
}

/** A helper model and the zoo family it comes from, so a method can give each of its splits every kind. */
export interface HelperModel {
  model: tf.LayersModel;
  family: string;
}

/**
 * A built fingerprint: query images, the victim's logits on them, named arrays (anything else a method
 * keeps, e.g. a verifier's weights) and JSON-safe details. Saved and cached like a model.
 */
export interface Fingerprint<Info extends object = object> {
  method: string;
  count: number;
  inputs: Float32Array;
  victimOutputs: Float32Array;
  numClasses: number;
  arrays: Record<string, Float32Array>;
  /** The method's own JSON-safe details, typed by the method. */
  info: Info;
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

/** How one fingerprint's core points grew (DeepCore's Tables II-III and Figs. 5-7 read it). */
export interface CoreGrowth {
  /** Radius and victim score of every core at each measurement. */
  history: CoreCheckpoint[];
  /** The random starting points, one per label. */
  randomPoints: Float32Array;
  /** The cores of every label at each snapshot epoch. */
  snapshots: Array<{ epoch: number; cores: Float32Array }>;
  /** The cores of every label where they stopped. */
  finalCores: Float32Array;
  /** Per label: the epoch its core stopped, and whether the cap (not the gamma stop) stopped it. */
  stoppedAt: number[];
  capped: boolean[];
}

/** One radius measurement: the victim's score f_v(phi_i)_i and the DeepFool core radius r_i of every core. */
export interface CoreCheckpoint {
  epoch: number;
  radii: number[];
  scores: number[];
}

/**
 * A fingerprinting method. `Info` types what its fingerprint keeps beside the query images. What a
 * method offers beyond a score is a capability it declares (`clustering`, `coreGrowth`), so callers
 * ask for the capability, never for a method by name.
 */
export interface FingerprintMethod<Info extends object = object> {
  /** Registry key and command-line name, e.g. `deepcore`. */
  id: string;
  /** Row label in tables, e.g. `DeepCore (L1_dist)`. */
  name: string;
  description: string;
  /** Hyper-parameters per budget: part of the fingerprint's cache key and of the run record. */
  settings: Record<Budget, object>;
  /**
   * Bump when a code change alters what `build` makes from the same settings: part of the cache key,
   * so a fingerprint cached by older code is rebuilt instead of being scored as this method's.
   */
  buildVersion: number;
  /** Further identifications read from the same verdict: row label -> key of `details` (higher = pirated). */
  alternativeScores?: Record<string, string>;
  /** What it does with a suspect answering in another label space than the victim's (a transfer-learned model). */
  labelSpace: LabelSpaceUse<Info>;
  /** True when the method needs positive/negative helper models to build its fingerprint. */
  needsHelpers: boolean;
  /**
   * True when the score is a matching rate (a share of the fingerprint's queries answered as the
   * victim answers): ARUC reads it on its raw [0, 1] scale. Every other score (distances, cosines,
   * probabilities, accuracies) is min-max normalised over the scored suspects first.
   */
  scoreIsMatchingRate: boolean;
  build(inputs: BuildInputs): Promise<Fingerprint<Info>>;
  /** Sees the suspect only through the oracle. */
  score(fingerprint: Fingerprint<Info>, suspect: Oracle): Verdict;
  /**
   * Its verdicts carry the suspect's outputs on the fingerprint, and clustering those outputs into the
   * three kinds is one of its identifications (DeepCore's Table V); `name` prefixes the table rows.
   */
  clustering?: { name: string };
  /** Its fingerprint records how core points grew from random starting points. */
  coreGrowth?(fingerprint: Fingerprint<Info>): CoreGrowth;
  /**
   * Its queries are scored independently of each other, so the method on the first k of them is the
   * method at a budget of k queries (the query-budget sweep); `perQueryArrays` names the fingerprint
   * arrays that hold one value per query, cut with them.
   */
  budgetable?: { perQueryArrays: readonly string[] };
  /**
   * MIR and FIR of its identifications in DeepCore's Table IV (row label -> rates), per dataset,
   * where that paper reports the method; shown beside ours.
   */
  paperTableFour?: Partial<Record<PaperDataset, Record<string, PaperRates>>>;
  /**
   * What the method cannot do on the tiny test zoo, and why: the shared method tests hold every
   * method to all of it unless it says so here.
   */
  tinyLimits?: TinyLimits;
}

/** The datasets DeepCore's Table IV reports. */
export type PaperDataset = 'cifar10' | 'cifar100';

export interface PaperRates {
  mir: number;
  fir: number;
}

export interface TinyLimits {
  /** Why its piracy suspects need not score above the homologous ones at tiny. */
  cannotSeparate?: string;
  /** Why its tiny fingerprint may have no query at all. */
  mayBeEmpty?: string;
}
