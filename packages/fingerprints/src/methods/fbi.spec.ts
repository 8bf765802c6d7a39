import { normalisedMutualInformation } from '../identification/mutual_information';
import type { Oracle } from '../oracle';
import { argmax, rows } from '../output_math';
import { tinySuspects } from '../testing/tiny_suspects';
import { fbi } from './fbi';

describe('FBI', () => {
  it('normalised mutual information, by hand', () => {
    expect(normalisedMutualInformation([0, 0, 1, 1], [1, 1, 0, 0])).toBeCloseTo(1, 12); // renamed classes
    expect(normalisedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12); // independent
    expect(normalisedMutualInformation([0, 0, 1, 1], [0, 0, 0, 0])).toBe(0); // a constant suspect
    // Joint (0,0) 2, (1,0) 1, (1,1) 1: MI = ½ln(4/3) + ¼ln(2/3) + ¼ln 2 = 0.215762 nats; H(a) = ln 2.
    expect(normalisedMutualInformation([0, 0, 1, 1], [0, 0, 0, 1])).toBeCloseTo(0.215762 / Math.LN2, 5);
  });

  it('scores a copy whose classes are renamed 1, though it matches none of the victim labels', async () => {
    const world = await tinySuspects();
    const fp = await fbi.build(world.inputs());
    const victim = rows(fp.victimOutputs, 10).map(argmax);
    const renamed: Oracle = {
      numClasses: 10,
      queries: 0,
      query: (_images, count) =>
        Float32Array.from({ length: count * 10 }, (_, k) => ((victim[Math.floor(k / 10)] + 1) % 10 === k % 10 ? 1 : 0)),
    };
    const verdict = fbi.score(fp, renamed);
    expect(verdict.score).toBeCloseTo(1, 12);
    expect(verdict.matchRate).toBe(0);
  }, 300_000);
});
