import { modelOracle } from '../oracle';
import { argmax, rows } from '../output_math';
import { tinySuspects } from '../testing/tiny_suspects';
import { naturalFinger } from './naturalfinger';

describe("NaturalFinger as the authors' natural_finger.py", () => {
  it('keeps only images that passed screening: every positive answers its label, every negative another', async () => {
    const world = await tinySuspects();
    const lines: string[] = [];
    const fp = await naturalFinger.build({ ...world.inputs(), log: (l) => lines.push(l) });
    const info = fp.info;
    // Nothing unscreened fills up the queries: every query is a survivor.
    expect(fp.count).toBe(Math.min(info.survived, 16));
    expect(info.survived).toBeGreaterThan(0);
    expect(info.agreed).toBeGreaterThan(0);
    expect(info.drawn % 200).toBe(0);
    // Survivors: the victim (a positive) and the negative helper disagree on every one of them, untransformed.
    const victim = rows(fp.victimOutputs, 10).map(argmax);
    const negative = rows(modelOracle(world.inputs().helpers.negative[0].model).query(fp.inputs, fp.count), 10).map(
      argmax,
    );
    victim.forEach((label, i) => expect(negative[i]).not.toBe(label));
    expect(lines.join('\n')).toMatch(
      /\d+ latents drawn, \d+ labelled alike by every positive model, \d+ optimised, \d+ passed screening/,
    );
  }, 300_000);
});
