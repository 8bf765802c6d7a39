/**
 * The least-squares W minimising |X W - Y| (X: n x f, Y: n x k), from the normal equations
 * (XᵀX) W = XᵀY solved by Gaussian elimination with partial pivoting; a feature that never varies
 * (a singular XᵀX) gets weight 0, as a pseudo-inverse gives where the rest are independent.
 */
export function leastSquares(x: number[][], y: number[][]): number[][] {
  const f = x[0].length;
  const k = y[0].length;
  const a = Array.from({ length: f }, (_, i) =>
    Array.from({ length: f + k }, (_, j) =>
      j < f ? x.reduce((s, row) => s + row[i] * row[j], 0) : x.reduce((s, row, r) => s + row[i] * y[r][j - f], 0),
    ),
  );
  const scale = Math.max(1e-12, ...a.map((row, i) => Math.abs(row[i])));
  const pivots: number[] = [];
  for (let col = 0, row = 0; col < f && row < f; col++) {
    let best = row;
    for (let r = row + 1; r < f; r++) if (Math.abs(a[r][col]) > Math.abs(a[best][col])) best = r;
    if (Math.abs(a[best][col]) < 1e-10 * scale) continue; // no information about this feature
    [a[row], a[best]] = [a[best], a[row]];
    for (let r = 0; r < f; r++) {
      if (r === row) continue;
      const factor = a[r][col] / a[row][col];
      if (factor !== 0) for (let j = col; j < f + k; j++) a[r][j] -= factor * a[row][j];
    }
    pivots[col] = row++;
  }
  return Array.from({ length: f }, (_, i) =>
    Array.from({ length: k }, (_, j) => (pivots[i] === undefined ? 0 : a[pivots[i]][f + j] / a[pivots[i]][i])),
  );
}
