import { generateDataset } from '@fpb/data';
import { createRng } from '@fpb/tensor';
import { IMAGE_SIZE } from '../oracle';
import { imagesOf } from '../sampling';
import { cornerBox, cutMix } from './sac';

describe("SAC-m's inputs, as the authors' cut_mix.py makes them", () => {
  it('the box is 6 pixels a side (less where the edge clips it), centred in the outer sixth of both axes', () => {
    const rng = createRng(1);
    for (let k = 0; k < 200; k++) {
      const b = cornerBox(rng);
      const [cy, cx] = [(b.y0 + b.y1) / 2, (b.x0 + b.x1) / 2];
      for (const c of [cy, cx]) expect(c <= 32 / 6 + 3 || c >= (5 * 32) / 6 - 3).toBe(true);
      expect(b.y1 - b.y0).toBeLessThanOrEqual(6);
      expect(b.x1 - b.x0).toBeLessThanOrEqual(6);
      expect(b.y1 - b.y0).toBeGreaterThanOrEqual(3);
    }
  });

  it('takes the first images of the test set and fills one box, the same for all, from another of them', () => {
    const data = generateDataset({ trainPerClass: 1, testPerClass: 10, seed: 2 });
    const count = 20;
    const source = imagesOf(
      data.test,
      Array.from({ length: count }, (_, i) => i),
    );
    const mixed = cutMix(data.test, count, 5);
    // The box is found from where the images changed.
    const changed = new Set<number>();
    for (let n = 0; n < count; n++)
      for (let p = 0; p < IMAGE_SIZE; p++) if (mixed[n * IMAGE_SIZE + p] !== source[n * IMAGE_SIZE + p]) changed.add(p);
    const pixels = [...changed].map((p) => Math.floor(p / 3));
    const ys = pixels.map((p) => Math.floor(p / 32));
    const xs = pixels.map((p) => p % 32);
    // One box, at most 6 x 6, in a corner.
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(6);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(6);
    // Every image's box holds exactly another image's pixels there.
    for (let n = 0; n < count; n++) {
      const from = Array.from({ length: count }, (_, m) => m).filter((m) =>
        pixels.every((px) =>
          [0, 1, 2].every((c) => mixed[n * IMAGE_SIZE + px * 3 + c] === source[m * IMAGE_SIZE + px * 3 + c]),
        ),
      );
      expect(from.length).toBeGreaterThanOrEqual(1);
    }
  });
});
