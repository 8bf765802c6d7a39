import { createRng, deriveSeed, shuffleInPlace } from '@fpb/tensor';
import { indicesByClass } from './dataset';

/**
 * A seeded, class-balanced draw of up to `perClass` indices of each class (all of a class that has
 * fewer), returned in ascending order so that the subset keeps the dataset's order.
 */
export function balancedSubset(
  labels: ArrayLike<number>,
  numClasses: number,
  perClass: number,
  seed: number,
): Int32Array {
  const rng = createRng(deriveSeed(seed, 'balanced-subset'));
  const picked: number[] = [];
  for (const idx of indicesByClass(labels, numClasses))
    picked.push(...(shuffleInPlace(idx, rng) as number[]).slice(0, perClass));
  return Int32Array.from(picked.sort((a, b) => a - b));
}
