import { randomInt, type Rng } from '@fpb/tensor';
import { CHANNELS, IMAGE_SIZE, PIXELS_PER_IMAGE, type ImageDataset } from './dataset';

export interface AugmentOptions {
  /** Zero padding before the random crop (standard CIFAR: 4). */
  cropPadding: number;
  flip: boolean;
}

export const STANDARD_AUGMENTATION: AugmentOptions = { cropPadding: 4, flip: true };

/** A batch in NHWC float32 scaled to [0,1], ready for `tf.tensor4d(x, [n, 32, 32, 3])`. */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  size: number;
}

/**
 * Converts the images at `indices` to float on the fly (the dataset stays uint8), optionally with
 * the standard training augmentation: a random 32x32 crop of the image zero-padded by 4, and a
 * horizontal flip with probability 1/2.
 */
export function makeBatch(
  d: ImageDataset,
  indices: ArrayLike<number>,
  augment?: { options: AugmentOptions; rng: Rng },
): Batch {
  const n = indices.length;
  const x = new Float32Array(n * PIXELS_PER_IMAGE);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k];
    y[k] = d.labels[i];
    const src = i * PIXELS_PER_IMAGE;
    const dst = k * PIXELS_PER_IMAGE;
    if (!augment) {
      for (let p = 0; p < PIXELS_PER_IMAGE; p++) x[dst + p] = d.images[src + p] / 255;
      continue;
    }
    const pad = augment.options.cropPadding;
    const oy = randomInt(augment.rng, 2 * pad + 1) - pad;
    const ox = randomInt(augment.rng, 2 * pad + 1) - pad;
    const flip = augment.options.flip && augment.rng() < 0.5;
    for (let r = 0; r < IMAGE_SIZE; r++) {
      const sr = r + oy;
      if (sr < 0 || sr >= IMAGE_SIZE) continue; // stays zero (padding)
      for (let c = 0; c < IMAGE_SIZE; c++) {
        const outC = flip ? IMAGE_SIZE - 1 - c : c;
        const sc = c + ox;
        if (sc < 0 || sc >= IMAGE_SIZE) continue;
        const s = src + (sr * IMAGE_SIZE + sc) * CHANNELS;
        const t = dst + (r * IMAGE_SIZE + outC) * CHANNELS;
        x[t] = d.images[s] / 255;
        x[t + 1] = d.images[s + 1] / 255;
        x[t + 2] = d.images[s + 2] / 255;
      }
    }
  }
  return { x, y, size: n };
}

/** Splits a shuffled index list into consecutive batches; the last may be smaller. */
export function* batchIndices(order: ArrayLike<number>, batchSize: number): Generator<ArrayLike<number>> {
  for (let start = 0; start < order.length; start += batchSize) {
    yield Array.prototype.slice.call(order, start, Math.min(order.length, start + batchSize)) as number[];
  }
}
