import type { Oracle } from '../oracle';
import { argmax, rows } from '../output_math';
import { tinySuspects } from '../testing/tiny_suspects';
import { akh } from './akh';

/** An oracle that answers with fixed labels (one-hot logits). */
const answering = (labels: number[]): Oracle => ({
  numClasses: 10,
  queries: 0,
  query: (_images, count) =>
    Float32Array.from({ length: count * 10 }, (_, k) => (labels[Math.floor(k / 10)] === k % 10 ? 1 : 0)),
});

describe('AKH', () => {
  it('queries only test images the victim gets wrong, and scores the share of its wrong answers a suspect repeats', async () => {
    const world = await tinySuspects();
    const fp = await akh.build(world.inputs());
    const victim = rows(fp.victimOutputs, 10).map(argmax);
    const truth = fp.info.indices.map((i) => world.inputs().data.test.labels[i]);
    expect(fp.count).toBe(16);
    victim.forEach((label, i) => expect(label).not.toBe(truth[i]));
    expect(akh.score(fp, answering(victim)).score).toBe(1);
    // Half the answers changed (to the true label), half kept: 1 - Hamming / n = 0.5.
    const half = victim.map((label, i) => (i % 2 === 0 ? truth[i] : label));
    expect(akh.score(fp, answering(half)).score).toBe(0.5);
  }, 300_000);
});
