import { createRng } from '@fpb/tensor';
import { leastSquares } from '../least_squares';
import { quickshift } from '../superpixels/quickshift';
import { limeSimilarity, limeWeights, zest } from './zest';

const SEGMENTATION = { kernelSize: 4, ratio: 0.2, maxDist: 200 };

/** A 32x32 image whose left half is `left` and right half `right` (RGB in [0, 1]). */
function halves(left: number[], right: number[]): Float32Array {
  const image = new Float32Array(32 * 32 * 3);
  for (let p = 0; p < 1024; p++) image.set(p % 32 < 16 ? left : right, p * 3);
  return image;
}

describe('least squares', () => {
  it('fits an exact linear map, and gives 0 to a feature that never varies', () => {
    // y = 1 x0 + 2 x1 (first column) and 3 x0 - 1 x1 (second), x2 always 0.
    const x = [
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
      [2, 1, 0],
    ];
    const y = x.map(([a, b]) => [a + 2 * b, 3 * a - b]);
    const w = leastSquares(x, y);
    expect(w.map((r) => r.map((v) => Math.round(v * 1e9) / 1e9))).toEqual([
      [1, 3],
      [2, -1],
      [0, 0],
    ]);
  });
});

describe('quickshift', () => {
  it('keeps a uniform image whole and never joins two colours in one segment', () => {
    const uniform = quickshift(halves([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]), 32, 32, SEGMENTATION, createRng(1));
    expect(new Set(uniform).size).toBe(1);
    const split = quickshift(halves([0.9, 0.1, 0.1], [0.1, 0.1, 0.9]), 32, 32, SEGMENTATION, createRng(1));
    const colourOf = new Map<number, boolean>();
    split.forEach((label, p) => {
      const left = p % 32 < 16;
      expect(colourOf.get(label) ?? left).toBe(left);
      colourOf.set(label, left);
    });
    expect(new Set(colourOf.values()).size).toBe(2);
    // Labels run 0..k-1 in the order their first pixel appears.
    expect(split[0]).toBe(0);
  });
});

describe('ZEST scores', () => {
  // One beacon of 3 segments, 6 samples; outputs over 2 classes from a known rule.
  const masks = [
    [1, 1, 1],
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [1, 1, 0],
    [0, 1, 1],
  ];
  const logits = (m: number[]) => [2 * m[0] - m[1], m[2] + 0.5 * m[1]];
  const fp = {
    method: 'zest',
    count: masks.length,
    inputs: new Float32Array(masks.length * 3072),
    victimOutputs: Float32Array.from(masks.flatMap(logits)),
    numClasses: 2,
    arrays: { masks: Float32Array.from(masks.flat()) },
    info: { indices: [0], segments: [3], samples: masks.length },
  };
  const answering = (outputs: number[][]) => ({
    numClasses: 2,
    queries: 0,
    query: () => Float32Array.from(outputs.flat()),
  });

  it('a copy scores 1, as does one whose logits are shifted (the same probabilities); swapped classes score less', () => {
    expect(zest.score(fp, answering(masks.map(logits))).score).toBeCloseTo(1, 12);
    expect(zest.score(fp, answering(masks.map((m) => logits(m).map((v) => v + 5)))).score).toBeCloseTo(1, 12);
    const swapped = zest.score(fp, answering(masks.map((m) => logits(m).reverse()))).score;
    expect(swapped).toBeLessThan(0.5);
  });

  it('the signature is per class the least-squares weights of the segments on its probability', () => {
    const [weights] = limeWeights(fp, fp.victimOutputs);
    const p0 = masks.map((m) => {
      const [a, b] = logits(m);
      return 1 / (1 + Math.exp(b - a));
    });
    const expected = leastSquares(
      masks,
      p0.map((p) => [p, 1 - p]),
    );
    expect(weights.map((r) => r.map((v) => v.toFixed(10)))).toEqual(expected.map((r) => r.map((v) => v.toFixed(10))));
    expect(limeSimilarity([weights], [weights])).toBeCloseTo(1, 12);
  });
});
