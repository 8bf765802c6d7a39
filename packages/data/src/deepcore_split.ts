import { createRng, deriveSeed, shuffleInPlace } from '@fpb/tensor';
import { indicesByClass } from './dataset';

/** Indices into the training set for each party of DeepCore's threat model. */
export interface DeepCoreSplit {
  victim: Int32Array;
  homologous: Int32Array;
  adversary: Int32Array;
  /** |X_h ∩ X_v| / |X_v|, as realised (exact up to rounding to whole samples). */
  overlap: number;
  /** How many samples X_h shares with X_v. */
  shared: number;
}

export interface SplitOptions {
  /** overlap(X_h, X_v) = |X_h ∩ X_v| / |X_v|, in [0, 1]. */
  overlap: number;
  seed: number;
  /** victim : homologous : adversary; DeepCore uses 2:2:1. */
  ratio?: [number, number, number];
}

/**
 * DeepCore's split of a training set: per class, a seeded shuffle is cut 2:2:1 into a victim pool,
 * a homologous pool and the adversary's set. The homologous set X_h has |X_v| samples of which
 * round(r * |X_v|) are taken from X_v and the rest from the homologous pool, so overlap r = 0 gives
 * disjoint sets and r = 1 gives X_h = X_v. The pools do not depend on r, so sets for different r
 * differ only in the shared part, and the adversary set never meets either.
 */
export function deepCoreSplit(labels: ArrayLike<number>, numClasses: number, options: SplitOptions): DeepCoreSplit {
  const { overlap, seed, ratio = [2, 2, 1] } = options;
  if (!(overlap >= 0 && overlap <= 1)) throw new Error(`overlap must be in [0, 1], got ${overlap}`);
  if (ratio[0] !== ratio[1])
    throw new Error(
      `the victim and homologous shares must be equal for the overlap to be defined, got ${ratio.join(':')}`,
    );
  const rng = createRng(deriveSeed(seed, 'deepcore-split'));
  const total = ratio[0] + ratio[1] + ratio[2];
  const perClass = indicesByClass(labels, numClasses).map((idx) => shuffleInPlace(idx, rng) as number[]);
  const pools = perClass.map((idx) => {
    const v = Math.floor((idx.length * ratio[0]) / total);
    const h = v;
    return { victim: idx.slice(0, v), homologous: idx.slice(v, v + h), adversary: idx.slice(v + h) };
  });
  const victimSize = pools.reduce((s, p) => s + p.victim.length, 0);
  const sharedPerClass = allocate(
    Math.round(overlap * victimSize),
    pools.map((p) => p.victim.length),
  );
  const victim: number[] = [];
  const homologous: number[] = [];
  const adversary: number[] = [];
  pools.forEach((p, c) => {
    victim.push(...p.victim);
    homologous.push(
      ...p.victim.slice(0, sharedPerClass[c]),
      ...p.homologous.slice(0, p.homologous.length - sharedPerClass[c]),
    );
    adversary.push(...p.adversary);
  });
  const shared = sharedPerClass.reduce((a, b) => a + b, 0);
  return {
    victim: Int32Array.from(victim),
    homologous: Int32Array.from(homologous),
    adversary: Int32Array.from(adversary),
    overlap: victimSize === 0 ? 0 : shared / victimSize,
    shared,
  };
}

/** Splits `total` over classes in proportion to their sizes (largest remainder), never above a size. */
export function allocate(total: number, sizes: number[]): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum === 0) return sizes.map(() => 0);
  const exact = sizes.map((s) => (total * s) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    if (out[i] < sizes[i]) {
      out[i]++;
      left--;
    }
  }
  return out;
}

/** The overlap sweep of the paper: 0.0, 0.1, ..., 1.0. */
export const OVERLAP_SWEEP: readonly number[] = Array.from({ length: 11 }, (_, i) => Math.round(i * 10) / 100);
