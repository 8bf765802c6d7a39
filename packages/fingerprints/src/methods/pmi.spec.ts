import { deepCoreSplit, generateDataset } from '@fpb/data';
import { getArchitecture } from '@fpb/models';
import { createRng, initBackend } from '@fpb/tensor';
import type { Oracle } from '../oracle';
import { pmi } from './pmi';

/** PMI's tiny fingerprint of an untrained ResNet-8 on generated data (the trials do not depend on training). */
async function tinyPmi() {
  await initBackend('wasm', () => undefined);
  const data = generateDataset({ numClasses: 10, trainPerClass: 60, testPerClass: 20, seed: 3 });
  const split = deepCoreSplit(data.train.labels, 10, { overlap: 0, seed: 3 });
  const victim = getArchitecture('resnet8').build({ numClasses: 10, seed: 1, width: 4 });
  const inputs = { victim, data, split, helpers: { positive: [], negative: [] }, budget: 'tiny' as const, seed: 5 };
  const fp = await pmi.build({ ...inputs, log: () => undefined });
  victim.dispose();
  return fp;
}

describe('PMI trials', () => {
  it("draw every trial's sets afresh from per-class pools of members (X_v) and outsiders (test set)", async () => {
    const fp = await tinyPmi();
    // Tiny: pools of 8 members and 16 outsiders per class, all of them queried.
    expect(fp.count).toBe(10 * (8 + 16));
    const { trials, m } = fp.info;
    expect(m).toBe(3);
    trials.forEach((classTrials, r) => {
      const base = r * 24;
      expect(classTrials).toHaveLength(6);
      for (const t of classTrials) {
        // n = 4 members from the class's member rows, two disjoint sets of 4 outsiders from its outsider rows.
        expect(t.member).toHaveLength(4);
        t.member.forEach((i) => expect(i - base).toBeLessThan(8));
        expect(t.others.map((o) => o.length)).toEqual([4, 4]);
        const outsiders = t.others.flat();
        outsiders.forEach((i) => expect(i - base).toBeGreaterThanOrEqual(8));
        expect(new Set(outsiders).size).toBe(8);
      }
      // Fresh draws: the trials do not all use the same members, and together they use more than one trial's worth.
      const used = new Set(classTrials.flatMap((t) => t.member));
      expect(used.size).toBeGreaterThan(4);
    });
  });

  it('scores a suspect that answers its members apart from outsiders near 1, and a blind one near chance (1/m)', async () => {
    const fp = await tinyPmi();
    // Per class 8 member rows, then 16 outsider rows (the tiny pools): a suspect that memorised X_v
    // answers its members with every logit raised, outsiders without; noise makes every set differ.
    const rng = createRng(9);
    const oracle = (memorised: boolean): Oracle => ({
      numClasses: 10,
      queries: 0,
      query: (_images, count) =>
        Float32Array.from({ length: count * 10 }, (_, k) => {
          const member = Math.floor(k / 10) % 24 < 8;
          return (memorised && member ? 5 : 0) + rng();
        }),
    });
    const memorised = pmi.score(fp, oracle(true));
    expect(memorised.score).toBe(1);
    const blind = pmi.score(fp, oracle(false)).score;
    expect(Math.abs(blind - 1 / 3)).toBeLessThan(0.15);
  });
});
