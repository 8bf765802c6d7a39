import { createRng, initBackend, tf } from '@fpb/tensor';
import {
  gaussianBlur,
  medianBlur,
  resizePad,
  shear,
  shift,
  sometimes,
  translate,
  type InputTransform,
} from './input_transforms';

beforeAll(async () => {
  await initBackend('wasm', () => undefined);
});

const image = (f: (y: number, x: number, c: number) => number) =>
  tf.tensor4d(
    Array.from({ length: 32 * 32 * 3 }, (_, i) => f(Math.floor(i / 96), Math.floor(i / 3) % 32, i % 3)),
    [1, 32, 32, 3],
  );
const at = (t: tf.Tensor, y: number, x: number, c = 0) => t.dataSync()[(y * 32 + x) * 3 + c];

describe('input transforms (the authors\u2019 defense_utils.py)', () => {
  it('shift moves pixels either way with zeros coming in', () => {
    const x = image((y, x) => y * 32 + x);
    const moved = shift(x, -2, 3);
    expect(at(moved, 5, 10)).toBe(at(x, 7, 7));
    expect(at(moved, 31, 10)).toBe(0); // came in from below
    expect(at(moved, 5, 1)).toBe(0); // came in from the left
  });

  it('translate draws 0..max pixels on each axis in both directions', () => {
    const x = image((y, x) => y * 32 + x);
    const rng = createRng(3);
    const seen = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const t = translate(4).apply(x, rng).dataSync();
      // Find the shift from where pixel (16, 16) went.
      const index = Array.from(t).findIndex((v, i) => i % 3 === 0 && v === 16 * 32 + 16);
      const [y, xx] = [Math.floor(index / 96), Math.floor(index / 3) % 32];
      seen.add(`${Math.sign(y - 16)},${Math.sign(xx - 16)}`);
      expect(Math.abs(y - 16)).toBeLessThanOrEqual(4);
      expect(Math.abs(xx - 16)).toBeLessThanOrEqual(4);
    }
    for (const s of ['-1,-1', '1,1', '-1,1', '1,-1']) expect(seen).toContain(s);
  });

  it('shear keeps the centre row and column and moves the others in proportion', () => {
    const stripes = image((_, x) => (x === 16 ? 1 : 0)); // a vertical line
    // A horizontal shear tilts the line: 10 rows above the centre it sits ~1 pixel over (0.1 x 10).
    const rng = () => 0.99; // factor 0.099, positive sign (rng() < 0.5 is false)
    const t = shear(0.1).apply(stripes, rng);
    const row = (y: number) => Array.from({ length: 32 }, (_, x) => at(t, y, x));
    const centreOf = (v: number[]) => v.reduce((s, w, x) => s + w * x, 0) / v.reduce((a, b) => a + b, 0);
    // Row y is shifted by 0.099 x (y - 15.5): right below the centre, left above it.
    expect(centreOf(row(16))).toBeCloseTo(16 + 0.099 * 0.5, 1);
    expect(centreOf(row(26)) - centreOf(row(5))).toBeCloseTo(0.099 * 21, 1);
  });

  it('resize-and-pad shrinks the image into a grey frame of the same size', () => {
    const white = image(() => 1);
    const t = resizePad(24, 40).apply(white, createRng(1));
    expect(t.shape).toEqual([1, 32, 32, 3]);
    const values = Array.from(t.dataSync());
    const whiteCount = values.filter((v) => Math.abs(v - 1) < 1e-6).length / 3;
    const side = Math.sqrt(whiteCount);
    expect(Number.isInteger(Math.round(side * 1e6) / 1e6)).toBe(true);
    expect(side).toBeGreaterThanOrEqual(19);
    expect(side).toBeLessThanOrEqual(32);
    expect(values.every((v) => Math.abs(v - 1) < 1e-6 || Math.abs(v - 0.5) < 1e-6)).toBe(true);
  });

  it('Gaussian blur keeps a flat image flat (the border renormalised) and spreads a dot by sigma 0.8', () => {
    const flat = gaussianBlur.apply(
      image(() => 0.3),
      createRng(1),
    );
    expect(Math.max(...Array.from(flat.dataSync()).map((v) => Math.abs(v - 0.3)))).toBeLessThan(1e-6);
    const dot = gaussianBlur.apply(
      image((y, x) => (y === 10 && x === 10 ? 1 : 0)),
      createRng(1),
    );
    const centre = 1;
    const side = Math.exp(-1 / (2 * 0.64));
    const total = centre + 4 * side + 4 * side * side;
    expect(at(dot, 10, 10)).toBeCloseTo(1 / total, 5);
    expect(at(dot, 10, 11)).toBeCloseTo(side / total, 5);
  });

  it('median blur removes a lone bright pixel and keeps an edge', () => {
    const salt = medianBlur.apply(
      image((y, x) => (y === 10 && x === 10 ? 1 : 0)),
      createRng(1),
    );
    expect(Math.max(...salt.dataSync())).toBe(0);
    const edge = medianBlur.apply(
      image((_, x) => (x < 16 ? 0 : 1)),
      createRng(1),
    );
    expect([at(edge, 10, 15), at(edge, 10, 16)]).toEqual([0, 1]);
  });

  it('sometimes applies a transform with its probability', () => {
    const marker: InputTransform = { name: 'marker', apply: (x) => tf.add(x, 1) as tf.Tensor4D };
    const rng = createRng(2);
    const x = image(() => 0);
    const applied = Array.from({ length: 400 }, () => at(sometimes(marker, 0.7).apply(x, rng), 0, 0)).filter(
      (v) => v === 1,
    ).length;
    expect(applied / 400).toBeCloseTo(0.7, 1);
  });

  it.each([shear(0.1), resizePad(24, 40), gaussianBlur, medianBlur, translate(4)])(
    '$name passes gradients back to the image',
    (t) => {
      const x = image((y, x, c) => ((y * 7 + x * 3 + c) % 11) / 11);
      const g = tf.grad((input: tf.Tensor) => tf.sum(tf.square(t.apply(input as tf.Tensor4D, createRng(4)))))(x);
      const values = Array.from(g.dataSync());
      expect(values.every(Number.isFinite)).toBe(true);
      expect(values.filter((v) => v !== 0).length).toBeGreaterThan(100);
    },
  );
});
