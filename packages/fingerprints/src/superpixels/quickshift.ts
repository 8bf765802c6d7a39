import type { Rng } from '@fpb/tensor';
import { rgbToLab } from './lab_colour';

export interface QuickshiftOptions {
  /** Width of the Gaussian density kernel, in pixels; the window reaches 3 of them. */
  kernelSize: number;
  /** Weight of colour against position (Lab values are multiplied by it). */
  ratio: number;
  /** A pixel further than this from its parent starts its own segment. */
  maxDist: number;
}

/**
 * Quickshift superpixels (Vedaldi and Soatto, 2008) as scikit-image computes them: in the space of
 * (Lab colour x ratio, row, column), each pixel's Gaussian density over a window of 3 kernel widths
 * (tiny seeded noise breaks ties), then each pixel linked to its nearest denser pixel in the window
 * unless that is further than maxDist; each tree is a segment. Labels 0..k-1 in row-major order of
 * their first pixel. `image` is one H x W x 3 image in [0, 1].
 */
export function quickshift(
  image: Float32Array,
  height: number,
  width: number,
  o: QuickshiftOptions,
  rng: Rng,
): Int32Array {
  const n = height * width;
  const lab = new Float64Array(n * 3);
  for (let p = 0; p < n; p++) {
    const [l, a, b] = rgbToLab(image[p * 3], image[p * 3 + 1], image[p * 3 + 2]);
    lab.set([l * o.ratio, a * o.ratio, b * o.ratio], p * 3);
  }
  const reach = Math.ceil(3 * o.kernelSize);
  const squaredDistance = (p: number, q: number) => {
    const dr = Math.floor(p / width) - Math.floor(q / width);
    const dc = (p % width) - (q % width);
    let d = dr * dr + dc * dc;
    for (let k = 0; k < 3; k++) d += (lab[p * 3 + k] - lab[q * 3 + k]) ** 2;
    return d;
  };
  const window = (p: number, visit: (q: number) => void) => {
    const [r, c] = [Math.floor(p / width), p % width];
    for (let r2 = Math.max(0, r - reach); r2 <= Math.min(height - 1, r + reach); r2++)
      for (let c2 = Math.max(0, c - reach); c2 <= Math.min(width - 1, c + reach); c2++) visit(r2 * width + c2);
  };
  const density = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let sum = 0;
    window(p, (q) => (sum += Math.exp(-squaredDistance(p, q) / (2 * o.kernelSize ** 2))));
    density[p] = sum + (rng() - 0.5) * 2e-5;
  }
  const parent = Int32Array.from({ length: n }, (_, p) => p);
  for (let p = 0; p < n; p++) {
    let closest = Infinity;
    window(p, (q) => {
      const d = squaredDistance(p, q);
      if (density[q] > density[p] && d < closest) {
        closest = d;
        parent[p] = q;
      }
    });
    if (Math.sqrt(closest) > o.maxDist) parent[p] = p;
  }
  const root = (p: number): number => (parent[p] === p ? p : root(parent[p]));
  const labelOf = new Map<number, number>();
  return Int32Array.from({ length: n }, (_, p) => {
    const r = root(p);
    if (!labelOf.has(r)) labelOf.set(r, labelOf.size);
    return labelOf.get(r)!;
  });
}
