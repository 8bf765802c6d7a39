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

/**
 * Names clusters after the known kind (e.g. homologous / post-processing / extraction) most common among
 * their calibration members (`known[i]` undefined for the suspects being identified), and returns each
 * point's predicted kind; a cluster without calibration members is `unknown`.
 */
export function nameClusters(clusters: number[], known: Array<string | undefined>): string[] {
  const votes = new Map<number, Map<string, number>>();
  clusters.forEach((c, i) => {
    const kind = known[i];
    if (kind === undefined) return;
    const v = votes.get(c) ?? new Map<string, number>();
    v.set(kind, (v.get(kind) ?? 0) + 1);
    votes.set(c, v);
  });
  const names = new Map(
    [...votes].map(([c, v]) => [c, [...v].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]]),
  );
  return clusters.map((c) => names.get(c) ?? 'unknown');
}
