import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/** The first two principal components of a set of points (rows), for 2-D plots of suspects' outputs. */
export function principalComponents2d(points: number[][]): Array<[number, number]> {
  if (points.length === 0) return [];
  const x = new Matrix(points);
  const means = x.mean('column');
  x.subRowVector(means);
  const svd = new SingularValueDecomposition(x, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: true,
    autoTranspose: true,
  });
  const v = svd.rightSingularVectors;
  const projected = x.mmul(v.subMatrix(0, v.rows - 1, 0, Math.min(1, v.columns - 1)));
  return points.map((_, i) => [projected.get(i, 0), projected.columns > 1 ? projected.get(i, 1) : 0]);
}
