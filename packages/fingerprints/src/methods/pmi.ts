import { createRng, deriveSeed, permutation } from '@fpb/tensor';
import { answersOf } from '../label_space';
import { logitsOf } from '../helpers/model_outputs';
import { mmdMatrix, standardiseColumns } from '../identification/mmd';
import { pmiPickChance } from '../identification/pmi_outlier';
import type { Budget, Fingerprint, FingerprintMethod, Verdict } from '../method';
import { imagesOf, indicesOfLabel, pickIndices } from '../sampling';

interface PmiSettings {
  /** Mini-datasets per trial (one of them drawn from the victim's training set). */
  m: number;
  /** Images per mini-dataset. */
  n: number;
  trials: number;
  /**
   * Per class, the pools P (from X_v) and Q (from the test set) every trial draws its sets from afresh;
   * null takes every image of the class. The queries are the union of both pools.
   */
  memberPool: number | null;
  outsiderPool: number | null;
}

/**
 * The paper's settings (n = 100-300 per mini-dataset, t = 100 trials, m = 3-5, P and Q every image of
 * the class) at paper scale. Mini keeps n = 100, t = 100 and m = 3 but draws them from pools of 300
 * members and 600 outsiders per class: 9,000 queries a suspect instead of 30,000 (about 2 s of
 * inference each on the torch backend, 2 cores). Tiny has 40 training images a class.
 */
const PMI_SETTINGS: Record<Budget, PmiSettings> = {
  tiny: { m: 3, n: 4, trials: 6, memberPool: 8, outsiderPool: 16 },
  mini: { m: 3, n: 100, trials: 100, memberPool: 300, outsiderPool: 600 },
  paper: { m: 3, n: 300, trials: 100, memberPool: null, outsiderPool: null },
};

/** One trial: which pool rows form the member set P and the m - 1 non-member sets. */
interface Trial {
  member: number[];
  others: number[][];
  /** Position of the member set among the m sets (PMI shuffles them). */
  position: number;
}

/**
 * Pooled membership inference (PMI): per class r, t trials of m one-class mini-datasets, one drawn
 * from the victim's training set X_v (the pool P) and the others from the test set (the pool Q). The
 * suspect's logits on each set, standardised, are compared by unbiased MMD; single-linkage clustering
 * singles out one set. A model trained on X_v (or derived from one that was) singles out P more often
 * than 1/m. Score = acc_r averaged over classes.
 */
/** A PMI fingerprint keeps every trial's sample indices and the mini-dataset size. */
export interface PmiInfo {
  trials: Trial[][];
  m: number;
}

export const pmi: FingerprintMethod<PmiInfo> = {
  id: 'pmi',
  name: 'PMI',
  tinyLimits: {
    // A membership test of X_v: the tiny victim sees 240 generated images for 6 epochs and does not
    // memorise them enough for one epoch of fine-tuning to leave a trace (0.34 vs 0.35 measured).
    cannotSeparate: 'membership of X_v is not measurable on tiny models',
  },
  description:
    "pooled membership inference of the victim's training set: MMD between one-class mini-datasets, single-linkage clustering",
  // The MMD test compares the suspect's outputs on pools with each other only.
  labelSpace: { kind: 'any' },
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: PMI_SETTINGS,
  buildVersion: 2,
  async build({ victim, data, split, budget, seed }): Promise<Fingerprint<PmiInfo>> {
    const s = PMI_SETTINGS[budget];
    const numClasses = data.test.numClasses;
    const poolIndices: Array<{ train: number[]; test: number[] }> = [];
    const trials: Trial[][] = [];
    let offset = 0;
    const rowsOfPool: number[] = [];
    for (let r = 0; r < numClasses; r++) {
      // Every trial draws its sets afresh from these pools (as the paper draws from P and Q).
      const ofClass = { train: indicesOfLabel(data.train, r, split.victim), test: indicesOfLabel(data.test, r) };
      const members = pickIndices(ofClass.train, s.memberPool ?? ofClass.train.length, deriveSeed(seed, 'pmi-p', r));
      const outsiders = pickIndices(ofClass.test, s.outsiderPool ?? ofClass.test.length, deriveSeed(seed, 'pmi-q', r));
      if (members.length < s.n || outsiders.length < s.n * (s.m - 1))
        throw new Error(
          `PMI needs ${s.n} training and ${s.n * (s.m - 1)} test images of class ${r}; found ${members.length} and ${outsiders.length}`,
        );
      poolIndices.push({ train: members, test: outsiders });
      const rng = createRng(deriveSeed(seed, 'pmi-trials', r));
      const base = offset;
      trials.push(
        Array.from({ length: s.trials }, () => {
          const p = Array.from(permutation(members.length, rng).slice(0, s.n), (i) => base + i);
          const q = Array.from(
            permutation(outsiders.length, rng).slice(0, s.n * (s.m - 1)),
            (i) => base + members.length + i,
          );
          return {
            member: p,
            others: Array.from({ length: s.m - 1 }, (_, k) => q.slice(k * s.n, (k + 1) * s.n)),
            position: Math.floor(rng() * s.m),
          };
        }),
      );
      offset += members.length + outsiders.length;
      rowsOfPool.push(members.length + outsiders.length);
    }
    const parts = poolIndices.flatMap(({ train, test }) => [imagesOf(data.train, train), imagesOf(data.test, test)]);
    const inputs = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (inputs.set(p, at), at + p.length), 0);
    return {
      method: 'pmi',
      count: offset,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, offset).flat()),
      numClasses,
      arrays: {},
      info: { trials, m: s.m },
    };
  },
  score(fp, suspect): Verdict {
    const features = answersOf(fp, suspect);
    const { trials, m } = fp.info;
    const perClass = trials.map((classTrials) => {
      let success = 0;
      for (const t of classTrials) {
        const sets = [...t.others];
        sets.splice(t.position, 0, t.member);
        const standardised = standardiseColumns(sets.map((set) => set.map((i) => features[i])));
        success += pmiPickChance(mmdMatrix(standardised), t.position);
      }
      return success / classTrials.length;
    });
    const best = perClass.indexOf(Math.max(...perClass));
    const mean = perClass.reduce((a, b) => a + b, 0) / perClass.length;
    return { score: mean, details: { meanAcc: mean, accOpt: perClass[best], rOpt: best, randomGuess: 1 / m } };
  },
};
