import { tf } from '@fpb/tensor';
import { logitsOf } from '../helpers/model_outputs';
import { argmax } from '../output_math';
import { tinySuspects } from '../testing/tiny_suspects';
import { ipGuard, ipGuardLoss } from './ipguard';

describe("IPGuard as the authors' ipguard.py", () => {
  it('the loss is zero exactly when the target leads the source by k and the source leads the rest', () => {
    const logits = tf.tensor2d([
      [0, 10, 0, -1], // source 2 ties the rest at 0: target 1 leads by 10 -> zero
      [0, 9, 0, -1], // target leads by 9 < k: 1 left
      [1, 12, 0, -1], // class 0 leads the source by 1: 1 left
    ]);
    expect(Array.from(ipGuardLoss(logits, [2, 2, 2], [1, 1, 1], 10).dataSync())).toEqual([0, 1, 1]);
  });

  it('keeps only points that reached zero loss: each beyond the source/target boundary by k, the source second', async () => {
    const world = await tinySuspects();
    const fp = await ipGuard.build(world.inputs());
    const { source, target } = fp.info as { source: number[]; target: number[] };
    const k = (ipGuard.settings.tiny as { margin: number }).margin;
    const logits = logitsOf(world.victim, fp.inputs, fp.count);
    logits.forEach((row, i) => {
      expect(argmax(row)).toBe(target[i]);
      expect(row[target[i]] - row[source[i]]).toBeGreaterThanOrEqual(k - 1e-3);
      const rest = row.filter((_, k) => k !== source[i] && k !== target[i]);
      expect(row[source[i]]).toBeGreaterThanOrEqual(Math.max(...rest) - 1e-3);
      // The target is the class the victim found least likely at the start, never the source.
      expect(target[i]).not.toBe(source[i]);
    });
    expect(fp.count).toBeGreaterThan(0);
  }, 120_000);
});
