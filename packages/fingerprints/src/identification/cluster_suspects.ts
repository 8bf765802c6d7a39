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
 * Spectral clustering as scikit-learn's SpectralClustering with its defaults (the paper names
 * neither a library nor settings): RBF affinity exp(-gamma ||a - b||^2) with gamma = 1, symmetric
 * normalisation D^-1/2 W D^-1/2, the k leading eigenvectors (ml-matrix) as rows normalised to unit
 * length (Ng, Jordan & Weiss), then KMeans on those rows.
 */
function spectralClusters(points: number[][], k: number, seed: number, gamma = SPECTRAL_GAMMA): number[] {
  const n = points.length;
  // scikit-learn's rbf affinity, ones on the diagonal included: far-apart points (logits tens apart
  // at gamma 1) have no other affinity, and each is then its own component rather than a zero row.
  const w = points.map((a) => points.map((b) => Math.exp(-gamma * euclidean(a, b) ** 2)));
  const degree = w.map((row) => row.reduce((a, b) => a + b, 0));
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

/** scikit-learn SpectralClustering's default RBF width. */
export const SPECTRAL_GAMMA = 1;

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

const mean = (members: number[][]) =>
  members[0].map((_, d) => members.reduce((sum, p) => sum + p[d], 0) / members.length);

/** The kind of the nearest centre, for every point. */
function nearestOf(points: number[][], centres: ReadonlyArray<{ centre: number[]; kind: string }>): string[] {
  return points.map((p) => {
    const distances = centres.map((c) => euclidean(p, c.centre));
    return centres[distances.indexOf(Math.min(...distances))].kind;
  });
}

/**
 * DeepCore's clustering identification: the clustering is fitted on the known (calibration) models
 * only, into as many clusters as kinds; each cluster takes its own kind (assignClustersToKinds) and
 * its centre is the mean of its members; every point, the suspects to identify included, then takes
 * the kind of the nearest centre. Suspects never move the clusters they are judged by.
 */
export function clusterCentreKinds(
  points: number[][],
  known: Array<string | undefined>,
  kinds: readonly string[],
  algorithm: ClusteringAlgorithm,
  seed = 1,
): string[] {
  const calibration = points.map((p, i) => ({ p, kind: known[i] })).filter((x) => x.kind !== undefined);
  const clusters = clusterPoints(
    calibration.map((x) => x.p),
    kinds.length,
    algorithm,
    seed,
  );
  const named = assignClustersToKinds(
    clusters,
    calibration.map((x) => x.kind),
    kinds,
  );
  const centres = [...new Set(clusters)].map((c) => ({
    centre: mean(calibration.filter((_, i) => clusters[i] === c).map((x) => x.p)),
    kind: named[clusters.indexOf(c)],
  }));
  return nearestOf(points, centres);
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
    return { centre: mean(members), kind };
  });
  return nearestOf(points, centres);
}
