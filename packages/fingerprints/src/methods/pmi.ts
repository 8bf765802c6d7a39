import { createRng, deriveSeed, permutation } from '@fpb/tensor';
import { logitsOf } from '../helpers/model_outputs';
import { mmdMatrix, standardiseColumns } from '../identification/mmd';
import { pmiPickChance } from '../identification/pmi_outlier';
import type { Budget, Fingerprint, FingerprintMethod, Verdict } from '../method';
import { rows } from '../output_math';
import { imagesOf, indicesOfLabel, pickIndices } from '../sampling';

interface PmiSettings {
  /** Mini-datasets per trial (one of them drawn from the victim's training set). */
  m: number;
  /** Images per mini-dataset. */
  n: number;
  trials: number;
}

const PMI_SETTINGS: Record<Budget, PmiSettings> = {
  tiny: { m: 3, n: 4, trials: 6 },
  mini: { m: 3, n: 10, trials: 20 },
  paper: { m: 3, n: 20, trials: 50 },
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
  description:
    "pooled membership inference of the victim's training set: MMD between one-class mini-datasets, single-linkage clustering",
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: PMI_SETTINGS,
  buildVersion: 1,
  async build({ victim, data, split, budget, seed }): Promise<Fingerprint<PmiInfo>> {
    const s = PMI_SETTINGS[budget];
    const numClasses = data.test.numClasses;
    const poolIndices: Array<{ train: number[]; test: number[] }> = [];
    const trials: Trial[][] = [];
    let offset = 0;
    const rowsOfPool: number[] = [];
    for (let r = 0; r < numClasses; r++) {
      // Pools twice the size one trial needs, so trials differ; the same images serve every trial.
      const members = pickIndices(indicesOfLabel(data.train, r, split.victim), 2 * s.n, deriveSeed(seed, 'pmi-p', r));
      const outsiders = pickIndices(indicesOfLabel(data.test, r), 2 * s.n * (s.m - 1), deriveSeed(seed, 'pmi-q', r));
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
    const features = rows(suspect.query(fp.inputs, fp.count), fp.numClasses);
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
