/**
 * PMI's feature normalisation (eq. 5-6): every component of the features gets zero mean and unit
 * variance over all rows of all mini-datasets together.
 */
export function standardiseColumns(sets: number[][][]): number[][][] {
  const all = sets.flat();
  const width = all[0]?.length ?? 0;
  const mean = Array.from({ length: width }, (_, k) => all.reduce((s, r) => s + r[k], 0) / all.length);
  const std = Array.from({ length: width }, (_, k) =>
    Math.sqrt(all.reduce((s, r) => s + (r[k] - mean[k]) ** 2, 0) / all.length),
  );
  return sets.map((set) => set.map((row) => row.map((v, k) => (std[k] === 0 ? 0 : (v - mean[k]) / std[k]))));
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/**
 * The unbiased MMD estimate of eq. (10)-(11) with the dot-product kernel, for two sets of equal size:
 * sqrt( sum_{i != j} [k(x_i,x_j) + k(y_i,y_j) - k(x_i,y_j) - k(x_j,y_i)] / (n^2 - n) ). The sum can be
 * slightly negative for similar sets; the distance is then 0.
 */
export function unbiasedMmd(x: number[][], y: number[][]): number {
  const n = x.length;
  if (n !== y.length)
    throw new Error(`unbiasedMmd: sets of ${n} and ${y.length} rows; PMI's estimate needs equal sizes`);
  if (n < 2) throw new Error('unbiasedMmd needs at least two rows per set');
  let sum = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j) sum += dot(x[i], x[j]) + dot(y[i], y[j]) - dot(x[i], y[j]) - dot(x[j], y[i]);
  return Math.sqrt(Math.max(0, sum / (n * n - n)));
}

/** Pairwise MMD distances between mini-datasets. */
export function mmdMatrix(sets: number[][][]): number[][] {
  return sets.map((a, i) => sets.map((b, j) => (i === j ? 0 : unbiasedMmd(a, b))));
}
