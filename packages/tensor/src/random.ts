import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';

/** A seeded uniform [0,1) generator; the same seed always gives the same stream. */
export type Rng = () => number;

export function createRng(seed: number | string): Rng {
  return seedrandom(String(seed));
}

/**
 * A 31-bit integer seed derived from a parent seed and labels, so that independent streams
 * (split, weights, batches of epoch k) come from one configured seed without being correlated.
 */
export function deriveSeed(seed: number | string, ...labels: Array<string | number>): number {
  const digest = createHash('sha256')
    .update([seed, ...labels].join('\u0000'))
    .digest();
  return digest.readUInt32BE(0) & 0x7fffffff;
}

/** Integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Fisher-Yates shuffle in place; returns the array. */
export function shuffleInPlace<T>(items: T[] | Int32Array | Uint32Array, rng: Rng): typeof items {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** A shuffled copy of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffleInPlace(out, rng);
  return out;
}

/** Standard normal sample (Box-Muller). */
export function randomNormal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
