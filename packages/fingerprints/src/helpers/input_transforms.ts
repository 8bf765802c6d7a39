import { randomInt, tf, type Rng } from '@fpb/tensor';

/**
 * Random input transformations applied while a fingerprint's images are optimised and screened, so
 * that queries survive a suspect that preprocesses its input (MetaFinger's and NaturalFinger's lists,
 * the authors' defense_utils.py). Each is differentiable (built from matmuls, pads, slices, min/max
 * and convolutions, which every backend can differentiate) and keeps pixels in [0, 1].
 */
export interface InputTransform {
  name: string;
  apply: (x: tf.Tensor4D, rng: Rng) => tf.Tensor4D;
}

const seedOf = (rng: Rng) => randomInt(rng, 2 ** 30);

export const identity: InputTransform = { name: 'identity', apply: (x) => x };

export const horizontalFlip: InputTransform = { name: 'horizontal flip', apply: (x) => tf.reverse(x, 2) };

export const gaussianNoise = (std: number): InputTransform => ({
  name: `Gaussian noise ${std}`,
  apply: (x, rng) =>
    tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', seedOf(rng))), 0, 1) as tf.Tensor4D,
});

export const uniformNoise = (range: number): InputTransform => ({
  name: `uniform noise ${range}`,
  apply: (x, rng) =>
    tf.clipByValue(tf.add(x, tf.randomUniform(x.shape, -range, range, 'float32', seedOf(rng))), 0, 1) as tf.Tensor4D,
});

/** Shifts by (dy, dx) whole pixels, either sign, zeros coming in. */
export function shift(x: tf.Tensor4D, dy: number, dx: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [Math.max(dy, 0), Math.max(-dy, 0)],
    [Math.max(dx, 0), Math.max(-dx, 0)],
    [0, 0],
  ]);
  return tf.slice(padded, [0, Math.max(-dy, 0), Math.max(-dx, 0), 0], [x.shape[0], h, w, x.shape[3]]);
}

/**
 * The authors' RandTranslate(tx=(0, max + 1), ty=(0, max + 1)): 0..`max` pixels on each axis
 * (numpy's randint excludes its upper end), each in a random direction, zeros coming in.
 */
export const translate = (max: number): InputTransform => ({
  name: `translate 0-${max} pixels either way`,
  apply: (x, rng) => {
    const signed = () => randomInt(rng, max + 1) * (rng() < 0.5 ? -1 : 1);
    return shift(x, signed(), signed());
  },
});

/** Applies `t` with probability `p` (the authors' `p` argument), else leaves the images as they are. */
export const sometimes = (t: InputTransform, p: number): InputTransform => ({
  name: `${t.name} (p ${p})`,
  apply: (x, rng) => (rng() < p ? t.apply(x, rng) : x),
});

/**
 * Bilinear interpolation matrix (out x size) that resamples a line of `size` pixels at positions
 * `at(i)` (zero outside the line): applied by matmul, so gradients flow to the image.
 */
function resampling(out: number, size: number, at: (i: number) => number): tf.Tensor2D {
  const m = new Float32Array(out * size);
  for (let i = 0; i < out; i++) {
    const p = at(i);
    const lo = Math.floor(p);
    for (const [k, weight] of [
      [lo, 1 - (p - lo)],
      [lo + 1, p - lo],
    ])
      if (k >= 0 && k < size && weight > 0) m[i * size + k] += weight;
  }
  return tf.tensor2d(m, [out, size]);
}

/** Resamples every row (axis 2) of every image with its own matrix: rows [H] of (W' x W) matrices. */
function resampleRows(x: tf.Tensor4D, matrices: tf.Tensor3D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const out = matrices.shape[1];
  // [H, N*C, W] x [H, W, W'] -> [H, N*C, W']
  const lines = tf.reshape(tf.transpose(x, [1, 0, 3, 2]), [h, n * c, w]);
  const moved = tf.matMul(lines, matrices, false, true);
  return tf.transpose(tf.reshape(moved, [h, n, c, out]), [1, 0, 3, 2]);
}

const swapAxes = (x: tf.Tensor4D) => tf.transpose(x, [0, 2, 1, 3]) as tf.Tensor4D;

/** Horizontal shear by `s` about the image centre: row y moves by s x (y - centre), bilinear, zeros outside. */
function shearRows(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const centre = (h - 1) / 2;
  const matrices = tf.stack(
    Array.from({ length: h }, (_, y) => resampling(w, w, (i) => i - s * (y - centre))),
  ) as tf.Tensor3D;
  return resampleRows(x, matrices);
}

/**
 * The authors' RandShear(shearx=(0, 0.1), sheary=(0, 0.1)): shear factors uniform in [0, max], each
 * of random sign, applied about the centre (kornia.shear) as a horizontal then a vertical shear (their
 * product differs from kornia's single matrix by sx * sy <= 0.01 on one diagonal entry).
 */
export const shear = (max: number): InputTransform => ({
  name: `shear 0-${max} either way`,
  apply: (x, rng) => {
    const factor = () => max * rng() * (rng() < 0.5 ? -1 : 1);
    const [sx, sy] = [factor(), factor()];
    return swapAxes(shearRows(swapAxes(shearRows(x, sx)), sy));
  },
});

/**
 * The authors' RP2(size=(lo, hi)) for CIFAR: resize to a random side in [lo, hi) and pad with 0.5 at a
 * random offset to hi x hi. Our models take 32 x 32 only, so the whole result is scaled by 32 / hi:
 * the image shrinks to round(side x 32 / hi) and sits at a random place in a grey 32 x 32 frame.
 */
export const resizePad = (lo: number, hi: number): InputTransform => ({
  name: `resize to ${lo}-${hi - 1} and pad to ${hi} (scaled to 32)`,
  apply: (x, rng) => {
    const [, h, w] = x.shape;
    const side = Math.round(((lo + randomInt(rng, hi - lo)) * h) / hi);
    // One resize matrix per axis, the same for every line (resampleRows takes one per line).
    const resize = (size: number, lines: number) =>
      tf.tile(
        tf.reshape(
          resampling(side, size, (i) => ((i + 0.5) * size) / side - 0.5),
          [1, side, size],
        ),
        [lines, 1, 1],
      ) as tf.Tensor3D;
    const rows = resampleRows(x, resize(w, h));
    const small = swapAxes(resampleRows(swapAxes(rows), resize(h, side)));
    const [top, left] = [randomInt(rng, h - side + 1), randomInt(rng, w - side + 1)];
    const paddings: Array<[number, number]> = [
      [0, 0],
      [top, h - side - top],
      [left, w - side - left],
      [0, 0],
    ];
    return tf.pad(small, paddings, 0.5) as tf.Tensor4D;
  },
});

/** A 3 x 3 depthwise filter with `weights` (row-major), normalised by the weights inside the image at the border. */
function filter3x3(x: tf.Tensor4D, weights: number[]): tf.Tensor4D {
  const c = x.shape[3];
  const kernel = tf.tile(tf.reshape(tf.tensor1d(weights), [3, 3, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
  const sum = tf.depthwiseConv2d(x, kernel, 1, 'same');
  const coverage = tf.depthwiseConv2d(tf.onesLike(x), kernel, 1, 'same');
  return tf.div(sum, coverage) as tf.Tensor4D;
}

/** The authors' GaussianBlur(ksize=3, sigma=0.8). */
export const gaussianBlur: InputTransform = {
  name: 'Gaussian blur 3x3 sigma 0.8',
  apply: (x) => {
    const g = [-1, 0, 1].map((d) => Math.exp(-(d * d) / (2 * 0.8 * 0.8)));
    return filter3x3(
      x,
      g.flatMap((a) => g.map((b) => a * b)),
    );
  },
};

/** Median of nine tensors by a sorting network of minima and maxima (Paeth's 19 exchanges), differentiable. */
function medianOfNine(v: tf.Tensor[]): tf.Tensor {
  const a = [...v];
  const sort = (i: number, j: number) => {
    const [lo, hi] = [tf.minimum(a[i], a[j]), tf.maximum(a[i], a[j])];
    a[i] = lo;
    a[j] = hi;
  };
  const network: Array<[number, number]> = [
    [1, 2],
    [4, 5],
    [7, 8],
    [0, 1],
    [3, 4],
    [6, 7],
    [1, 2],
    [4, 5],
    [7, 8],
    [0, 3],
    [5, 8],
    [4, 7],
    [3, 6],
    [1, 4],
    [2, 5],
    [4, 7],
    [4, 2],
    [6, 4],
    [4, 2],
  ];
  for (const [i, j] of network) sort(i, j);
  return a[4];
}

/** The authors' MedianBlur(ksize=3): each pixel becomes the median of its 3 x 3 neighbourhood (zeros outside). */
export const medianBlur: InputTransform = {
  name: 'median blur 3x3',
  apply: (x) => {
    const neighbours = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => shift(x, dy, dx)));
    return medianOfNine(neighbours) as tf.Tensor4D;
  },
};

export const averageBlur: InputTransform = { name: 'average blur 3x3', apply: (x) => tf.avgPool(x, 3, 1, 'same') };

/** One transformation of `list`, drawn at random. */
export function randomTransform(list: readonly InputTransform[], rng: Rng): InputTransform {
  return list[randomInt(rng, list.length)];
}
