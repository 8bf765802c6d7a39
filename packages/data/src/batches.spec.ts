import { createRng } from '@fpb/tensor';
import { batchIndices, makeBatch, STANDARD_AUGMENTATION } from './batches';
import { PIXELS_PER_IMAGE } from './dataset';
import { generateDataset } from './generated';

const d = generateDataset({ numClasses: 3, trainPerClass: 4, seed: 2 }).train;

describe('batches', () => {
  it('converts uint8 to [0,1] float without augmentation', () => {
    const b = makeBatch(d, [2, 5]);
    expect(b.size).toBe(2);
    expect(Array.from(b.y)).toEqual([d.labels[2], d.labels[5]]);
    expect(b.x[0]).toBeCloseTo(d.images[2 * PIXELS_PER_IMAGE] / 255, 6);
    expect(b.x[PIXELS_PER_IMAGE + 100]).toBeCloseTo(d.images[5 * PIXELS_PER_IMAGE + 100] / 255, 6);
  });

  it('a flip-only augmentation gives the image or its mirror', () => {
    const rng = createRng(1);
    let flipped = 0;
    for (let t = 0; t < 20; t++) {
      const b = makeBatch(d, [0], { options: { cropPadding: 0, flip: true }, rng });
      const px = (y: number, x: number, c: number) => d.images[(y * 32 + x) * 3 + c] / 255;
      const same = b.x.every((v, k) => Math.abs(v - px(Math.floor(k / 96), Math.floor(k / 3) % 32, k % 3)) < 1e-6);
      const mirror = b.x.every(
        (v, k) => Math.abs(v - px(Math.floor(k / 96), 31 - (Math.floor(k / 3) % 32), k % 3)) < 1e-6,
      );
      expect(same || mirror).toBe(true);
      if (mirror && !same) flipped++;
    }
    expect(flipped).toBeGreaterThan(3);
    expect(flipped).toBeLessThan(17);
  });

  it('a crop shifts the image by at most 4 pixels and fills the border with zeros', () => {
    const rng = createRng(4);
    const b = makeBatch(d, [1], { options: { cropPadding: 4, flip: false }, rng });
    const img = Array.from(d.images.subarray(PIXELS_PER_IMAGE, 2 * PIXELS_PER_IMAGE), (v) => v / 255);
    let found = false;
    for (let oy = -4; oy <= 4 && !found; oy++) {
      for (let ox = -4; ox <= 4 && !found; ox++) {
        found = Array.from(b.x).every((v, k) => {
          const y = Math.floor(k / 96) + oy;
          const x = (Math.floor(k / 3) % 32) + ox;
          const want = y < 0 || y > 31 || x < 0 || x > 31 ? 0 : img[(y * 32 + x) * 3 + (k % 3)];
          return Math.abs(v - want) < 1e-6;
        });
      }
    }
    expect(found).toBe(true);
  });

  it('the same seed gives the same augmented batch', () => {
    const a = makeBatch(d, [0, 1, 2], { options: STANDARD_AUGMENTATION, rng: createRng(8) });
    const b = makeBatch(d, [0, 1, 2], { options: STANDARD_AUGMENTATION, rng: createRng(8) });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
  });

  it('batchIndices covers the order in order, last batch smaller', () => {
    expect([...batchIndices([5, 4, 3, 2, 1], 2)].map((b) => Array.from(b))).toEqual([[5, 4], [3, 2], [1]]);
  });
});
