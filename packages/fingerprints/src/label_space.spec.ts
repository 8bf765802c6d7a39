import { answersOf, classMapOf, groupedLogits, judge } from './label_space';
import type { Fingerprint, FingerprintMethod } from './method';
import type { Oracle } from './oracle';
import { rows, softmax, topOneAgreement } from './output_math';

describe('classMapOf', () => {
  it('maps each victim class to the suspect label given most often where the victim answers it', () => {
    // Victim answers 0, 0, 0, 1, 2 (3 classes, one-hot); suspect answers 1, 1, 0, 0, 0 (2 classes).
    const victim = [1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1];
    const suspect = [0, 1, 0, 1, 1, 0, 1, 0, 1, 0];
    expect(classMapOf(victim, 3, suspect, 2)).toEqual([1, 0, 0]);
  });

  it('sends a class the victim never answers where the suspect answers most often', () => {
    // Victim answers 0, 0, 1 of 4 classes; suspect answers 2, 2, 1: classes 2 and 3 go to label 2.
    const victim = [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0];
    const suspect = [0, 0, 1, 0, 0, 1, 0, 1, 0];
    expect(classMapOf(victim, 4, suspect, 3)).toEqual([2, 1, 2, 2]);
  });
});

describe('groupedLogits', () => {
  it('gives each label the log-sum-exp of its classes, and an empty label the lowest logit', () => {
    // Classes 0 and 1 (logits 0 and ln 3) into label 0: ln(1 + 3) = ln 4; class 2 (logit -1) alone in label 1.
    const out = groupedLogits([0, Math.log(3), -1], [0, 0, 1], 3);
    expect(out[0]).toBeCloseTo(Math.log(4), 6);
    expect(out[1]).toBeCloseTo(-1, 6);
    expect(out[2]).toBeCloseTo(-1, 6); // no class maps to label 2: as unlikely as the least likely class
    // Its softmax is the victim's probabilities summed per label (label 2 aside).
    const p = softmax([0, Math.log(3), -1]);
    expect(softmax([out[0], out[1]])).toEqual([expect.closeTo(p[0] + p[1], 6), expect.closeTo(p[2], 6)]);
  });
});

/** A fingerprint of two queries whose victim answers classes 0 and 2 of 4. */
const fingerprint: Fingerprint = {
  method: 'toy',
  count: 2,
  inputs: new Float32Array(2 * 32 * 32 * 3),
  victimOutputs: Float32Array.from([5, 0, 0, 0, 0, 0, 5, 0]),
  numClasses: 4,
  arrays: {},
  info: {},
};

/** A suspect answering `answers` (rows of `numClasses`), counting its queries. */
function suspectAnswering(answers: number[], numClasses: number): Oracle {
  let queries = 0;
  return {
    numClasses,
    get queries() {
      return queries;
    },
    query: (_images, count) => {
      queries += count;
      return Float32Array.from(answers);
    },
  };
}

const matching = (labelSpace: FingerprintMethod['labelSpace']): FingerprintMethod => ({
  id: 'toy',
  name: 'Toy',
  description: 'top-1 agreement',
  settings: { tiny: {}, mini: {}, paper: {} },
  buildVersion: 1,
  labelSpace,
  needsHelpers: false,
  scoreIsMatchingRate: true,
  build: async () => fingerprint,
  score: (fp, suspect) => {
    const m = topOneAgreement(rows(fp.victimOutputs, fp.numClasses), answersOf(fp, suspect));
    return { score: m, matchRate: m };
  },
});

describe('judge', () => {
  // The suspect answers 2 labels: label 1 where the victim says 0, label 0 where it says 2.
  const regrouped = () => suspectAnswering([0, 3, 3, 0], 2);

  it("scores a suspect in the victim's labels with the method itself", () => {
    const suspect = suspectAnswering([1, 0, 0, 0, 0, 1, 0, 0], 4);
    expect(judge(matching({ kind: 'victim-only', reason: 'r' }), fingerprint, suspect)).toEqual({
      kind: 'scored',
      verdict: { score: 0.5, matchRate: 0.5 },
    });
  });

  it("groups the victim's outputs into the suspect's labels, asking each query once", () => {
    const suspect = regrouped();
    const judged = judge(matching({ kind: 'grouped' }), fingerprint, suspect);
    // Classes 0 -> 1, 2 -> 0; 1 and 3 never answered, sent to the commonest label (0 on a tie).
    expect(judged).toEqual({ kind: 'scored', verdict: { score: 1, matchRate: 1 }, classMap: [1, 0, 0, 0] });
    expect(suspect.queries).toBe(2);
  });

  it('lets a method that reads no class by name score any labels as they are', () => {
    const seen: number[][] = [];
    const method = {
      ...matching({ kind: 'any' }),
      score: (fp: Fingerprint, s: Oracle) => (seen.push(...answersOf(fp, s)), { score: 7 }),
    };
    expect(judge(method, fingerprint, regrouped())).toEqual({ kind: 'scored', verdict: { score: 7 } });
    expect(seen).toEqual([
      [0, 3],
      [3, 0],
    ]);
  });

  it('says why a method fitted to the victim labels cannot score, asking nothing', () => {
    const suspect = regrouped();
    expect(
      judge(matching({ kind: 'victim-only', reason: 'its verifier reads 4 classes' }), fingerprint, suspect),
    ).toEqual({
      kind: 'unscorable',
      reason:
        'Toy cannot score a suspect answering 2 classes against a victim answering 4: its verifier reads 4 classes',
    });
    expect(suspect.queries).toBe(0);
  });

  it('refuses a method that asks a grouped suspect other queries than its fingerprint', () => {
    const method = {
      ...matching({ kind: 'grouped' }),
      score: (_fp: Fingerprint, s: Oracle) => ({ score: s.query(new Float32Array(3072), 1)[0] }),
    };
    expect(() => judge(method, fingerprint, regrouped())).toThrow('toy asked other queries than its fingerprint');
  });
});
