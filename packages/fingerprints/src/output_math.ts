/** Small pure helpers on row-major output matrices (rows = queries, columns = classes). */

export function rows(values: Float32Array | number[], width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < values.length; i += width) out.push(Array.from(values.slice(i, i + width)));
  return out;
}

export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/**
 * Per query, the label most of `answers` (one row of top-1 labels per model) give, the lowest label on
 * a tie, and how many models give it.
 */
export function majorityVotes(answers: number[][]): Array<{ label: number; count: number }> {
  return answers[0].map((_, q) => {
    const votes = new Map<number, number>();
    for (const a of answers) votes.set(a[q], (votes.get(a[q]) ?? 0) + 1);
    const [label, count] = [...votes].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0];
    return { label, count };
  });
}

export function softmax(row: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(row));
  const e = Array.from(row, (v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Share of rows whose top-1 class agrees: the matching rate of IPGuard, MetaFinger and NaturalFinger. */
export function topOneAgreement(a: number[][], b: number[][]): number {
  if (a.length !== b.length) throw new Error(`topOneAgreement: ${a.length} rows against ${b.length}`);
  return a.length === 0 ? 0 : a.filter((row, i) => argmax(row) === argmax(b[i])).length / a.length;
}

/** Sum of |a_ij - b_ij| over two N x N matrices, divided by N^2 (DeepCore's Cos_dist, SAC's distance). */
export function meanAbsoluteDifference(a: number[][], b: number[][]): number {
  const n = a.length;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum += Math.abs(a[i][j] - b[i][j]);
  return n === 0 ? 0 : sum / (n * n);
}
