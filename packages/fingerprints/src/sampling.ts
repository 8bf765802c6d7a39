import type { ImageDataset } from '@fpb/data';
import { createRng, permutation } from '@fpb/tensor';
import { IMAGE_SIZE } from './oracle';

/** Copies chosen images of a uint8 dataset into one float batch with values in [0, 1]. */
export function imagesOf(data: ImageDataset, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * IMAGE_SIZE);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i] * IMAGE_SIZE;
    for (let p = 0; p < IMAGE_SIZE; p++) out[i * IMAGE_SIZE + p] = data.images[src + p] / 255;
  }
  return out;
}

/** Seeded choice of `count` indices among `pool` (all of them, shuffled, when the pool is smaller). */
export function pickIndices(pool: ArrayLike<number>, count: number, seed: number): number[] {
  return Array.from(permutation(pool.length, createRng(seed)).slice(0, count), (i) => pool[i]);
}

/** Seeded choice of `count` images of a dataset (ModelDiff's, FBI's and ZEST's random test images). */
export const pickImages = (data: ImageDataset, count: number, seed: number): number[] =>
  pickIndices(
    Array.from({ length: data.labels.length }, (_, i) => i),
    count,
    seed,
  );

/** Indices of the images whose label is `label`. */
export function indicesOfLabel(data: ImageDataset, label: number, among?: ArrayLike<number>): number[] {
  const pool = among ?? Array.from({ length: data.labels.length }, (_, i) => i);
  return Array.from(pool).filter((i) => data.labels[i] === label);
}
