import { modelOracle } from '../oracle';
import { argmax, rows } from '../output_math';
import { tinySuspects } from '../testing/tiny_suspects';
import { naturalFinger } from './naturalfinger';

describe("NaturalFinger as the authors' natural_finger.py", () => {
  it('keeps only images that passed screening, and an empty fingerprint scores every suspect 0', async () => {
    const world = await tinySuspects();
    const lines: string[] = [];
    const fp = await naturalFinger.build({ ...world.inputs(), log: (l) => lines.push(l) });
    const info = fp.info;
    // Candidates are drawn 200 at a time, and every optimised one came from the agreed candidates.
    expect(info.drawn % 200).toBe(0);
    expect(info.optimised).toBeLessThanOrEqual(info.agreed);
    // Nothing unscreened fills up the queries: every query is a survivor.
    expect(fp.count).toBe(Math.min(info.survived, 16));
    expect(lines.join('\n')).toMatch(
      /\d+ latents drawn, \d+ labelled alike by every positive model, \d+ optimised, \d+ passed screening/,
    );
    const negative = world.inputs().helpers.negative[0].model;
    if (fp.count > 0) {
      // Survivors: the victim (a positive) and the negative helper disagree on every one of them.
      const victim = rows(fp.victimOutputs, 10).map(argmax);
      const answers = rows(modelOracle(negative).query(fp.inputs, fp.count), 10).map(argmax);
      victim.forEach((label, i) => expect(answers[i]).not.toBe(label));
    } else {
      expect(lines.join('\n')).toMatch(/the fingerprint is empty and scores every suspect 0/);
      const oracle = modelOracle(world.victim);
      expect(naturalFinger.score(fp, oracle).score).toBe(0);
      expect(oracle.queries).toBe(0);
    }
  }, 600_000);
});
