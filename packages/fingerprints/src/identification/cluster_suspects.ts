import { agnes } from 'ml-hclust';
import { kmeans } from 'ml-kmeans';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export const CLUSTERING_ALGORITHMS = ['kmeans', 'agglomerative', 'spectral'] as const;
export type ClusteringAlgorithm = (typeof CLUSTERING_ALGORITHMS)[number];

const euclidean = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));

/** KMeans (ml-kmeans, k-means++ seeding with a fixed seed). */
function kmeansClusters(points: number[][], k: number, seed: number): number[] {
  return kmeans(points, k, { seed, initialization: 'kmeans++', maxIterations: 300 }).clusters;
}

/** Agglomerative clustering (ml-hclust) with Ward linkage, scikit-learn's default, cut into k groups. */
function agglomerativeClusters(points: number[][], k: number): number[] {
  const tree = agnes(points, { method: 'ward' }).group(k);
  const labels = new Array<number>(points.length).fill(0);
  tree.children.forEach((c, id) => c.indices().forEach((i) => (labels[i] = id)));
  return labels;
}

/**
 * Spectral clustering (Ng, Jordan & Weiss): Gaussian affinity with the median pairwise distance as
 * its width, symmetric normalisation D^-1/2 W D^-1/2, the k leading eigenvectors (ml-matrix) as rows
 * normalised to unit length, then KMeans on those rows.
 */
function spectralClusters(points: number[][], k: number, seed: number): number[] {
  const n = points.length;
  const dist = points.map((a) => points.map((b) => euclidean(a, b)));
  const off = dist.flatMap((row, i) => row.filter((_, j) => j !== i)).sort((a, b) => a - b);
  const sigma = off[Math.floor(off.length / 2)] || 1;
  const w = dist.map((row, i) => row.map((d, j) => (i === j ? 0 : Math.exp(-(d * d) / (2 * sigma * sigma)))));
  const degree = w.map((row) => row.reduce((a, b) => a + b, 0) || 1e-12);
  const normalised = new Matrix(w.map((row, i) => row.map((v, j) => v / Math.sqrt(degree[i] * degree[j]))));
  const eig = new EigenvalueDecomposition(normalised, { assumeSymmetric: true });
  const order = eig.realEigenvalues
    .map((v, i) => ({ v, i }))
    .sort((a, b) => b.v - a.v)
    .slice(0, k)
    .map((o) => o.i);
  const vectors = eig.eigenvectorMatrix;
  const embedded = Array.from({ length: n }, (_, r) => {
    const row = order.map((c) => vectors.get(r, c));
    const norm = Math.hypot(...row) || 1;
    return row.map((v) => v / norm);
  });
  return kmeansClusters(embedded, k, seed);
}

/** Cluster id of every point (suspects' output vectors on the fingerprint). */
export function clusterPoints(points: number[][], k: number, algorithm: ClusteringAlgorithm, seed = 1): number[] {
  if (points.length < k) throw new Error(`cannot form ${k} clusters from ${points.length} suspects`);
  if (algorithm === 'kmeans') return kmeansClusters(points, k, seed);
  if (algorithm === 'agglomerative') return agglomerativeClusters(points, k);
  return spectralClusters(points, k, seed);
}

/** Every ordering of `items` (k! of them; k is 3 here). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

/**
 * Gives each of the k clusters its own kind (one-to-one: the Hungarian assignment, solved exactly by
 * trying every pairing, as k = 3): the pairing under which most calibration members (`known[i]`,
 * undefined for the suspects being identified) fall in the cluster of their own kind. Ties go to the
 * first pairing in the order of `kinds`. Returns each point's predicted kind.
 */
export function assignClustersToKinds(
  clusters: number[],
  known: Array<string | undefined>,
  kinds: readonly string[],
): string[] {
  const ids = [...new Set(clusters)].sort((a, b) => a - b);
  if (ids.length > kinds.length) throw new Error(`${ids.length} clusters cannot take ${kinds.length} kinds one each`);
  let best: string[] = [];
  let bestAgreement = -1;
  for (const order of permutations(kinds)) {
    const agreement = clusters.filter((c, i) => known[i] !== undefined && order[ids.indexOf(c)] === known[i]).length;
    if (agreement > bestAgreement) {
      best = order;
      bestAgreement = agreement;
    }
  }
  return clusters.map((c) => best[ids.indexOf(c)]);
}

/**
 * DeepCore's identification by centres: one centre per kind, the mean output of the calibration
 * members of that kind on the fingerprint, and every point takes the kind of the nearest centre.
 */
export function nearestCentreKinds(
  points: number[][],
  known: Array<string | undefined>,
  kinds: readonly string[],
): string[] {
  const centres = kinds.map((kind) => {
    const members = points.filter((_, i) => known[i] === kind);
    if (members.length === 0) throw new Error(`no calibration model of kind ${kind} to place its centre`);
    return members[0].map((_, d) => members.reduce((sum, p) => sum + p[d], 0) / members.length);
  });
  return points.map((p) => {
    const distances = centres.map((c) => euclidean(p, c));
    return kinds[distances.indexOf(Math.min(...distances))];
  });
}
