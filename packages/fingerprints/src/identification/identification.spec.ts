import { classBalancedWeights } from '../helpers/class_balance';
import { principalComponents2d } from './projection';
import { assignClustersToKinds, clusterCentreKinds, clusterPoints, nearestCentreKinds } from './cluster_suspects';
import { cosineDistance, cosineMatrix, l1Distance } from './deepcore_distances';
import { mmdMatrix, standardiseColumns, unbiasedMmd } from './mmd';
import { pmiPickChance } from './pmi_outlier';
import { sacCorrelation, sacDistance } from './sac_correlation';

describe('DeepCore distances', () => {
  it('L1_dist sums |f_v(phi_i)_i - f_s(phi_i)_i| over the cores, reading only each core label', () => {
    const victim = [
      [9, 1],
      [2, 8],
    ];
    const suspect = [
      [7, 100],
      [-5, 11],
    ];
    // |9 - 7| + |8 - 11| = 5; the other entries (1 vs 100, 2 vs -5) do not count.
    expect(l1Distance(victim, suspect, [0, 1])).toBe(5);
  });

  it('Cos_dist is the entrywise L1 of the cosine matrices over N^2', () => {
    // Victim outputs orthogonal: Cos = identity. Suspect outputs parallel: Cos = all ones.
    const victim = [
      [1, 0],
      [0, 1],
    ];
    const suspect = [
      [1, 1],
      [2, 2],
    ];
    expect(cosineMatrix(victim)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    // Off-diagonal differences 1 + 1 = 2, over N^2 = 4.
    expect(cosineDistance(victim, suspect)).toBeCloseTo(0.5, 12);
    expect(cosineDistance(victim, victim)).toBe(0);
  });
});

describe('SAC correlation', () => {
  it('C_ab = (1 - cos) / 2 and the distance is sum |C_s - C_v| / N^2', () => {
    const opposite = [
      [1, 0],
      [-1, 0],
    ];
    expect(sacCorrelation(opposite)).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const same = [
      [1, 0],
      [3, 0],
    ];
    // |1 - 0| twice over 4.
    expect(sacDistance(opposite, same)).toBeCloseTo(0.5, 12);
  });
});

describe('PMI', () => {
  it('unbiased MMD with the dot kernel matches a hand computation', () => {
    // x = {(1), (3)}, y = {(0), (0)}: h[i,j] for i != j = x_i x_j = 3, twice; / (4 - 2) = 3 -> sqrt 3.
    expect(unbiasedMmd([[1], [3]], [[0], [0]])).toBeCloseTo(Math.sqrt(3), 12);
    // Mean-shifted sets: x = {(1), (1)}, y = {(-1), (-1)}: h = 1 + 1 + 1 + 1 = 4 per pair -> sqrt 4 = 2.
    expect(unbiasedMmd([[1], [1]], [[-1], [-1]])).toBeCloseTo(2, 12);
    expect(() => unbiasedMmd([[1]], [[1], [2]])).toThrow(/equal sizes/);
  });

  it('standardises each feature over all sets together', () => {
    const [a, b] = standardiseColumns([
      [[0], [2]],
      [[4], [6]],
    ]);
    // mean 3, std sqrt(5).
    expect([...a, ...b].map((r) => r[0])).toEqual([-3, -1, 1, 3].map((v) => v / Math.sqrt(5)));
  });

  it('single-linkage clustering singles out the distant set', () => {
    const far = [[[5], [5]]];
    const near = [
      [[0], [0.1]],
      [[0.1], [0]],
      [[0.05], [0.05]],
    ];
    const sets = [...near.slice(0, 1), ...far, ...near.slice(1)];
    expect(pmiPickChance(mmdMatrix(sets), 1)).toBe(1);
    expect(pmiPickChance(mmdMatrix(sets), 0)).toBe(0);
    // Two sets: either could be the member, PMI picks at random.
    expect(
      pmiPickChance(
        [
          [0, 1],
          [1, 0],
        ],
        0,
      ),
    ).toBe(0.5);
  });
});

describe('clustering of suspects', () => {
  // Three well separated groups of 4 points in 3-D.
  const centres = [
    [0, 0, 0],
    [10, 0, 0],
    [0, 10, 0],
  ];
  const points = centres.flatMap((c, g) => [0, 1, 2, 3].map((k) => c.map((v, d) => v + 0.1 * ((k + d + g) % 3))));
  const truth = points.map((_, i) => Math.floor(i / 4));

  it.each(['kmeans', 'agglomerative', 'spectral'] as const)('%s recovers three separated groups', (algorithm) => {
    const clusters = clusterPoints(points, 3, algorithm);
    // Same partition up to renaming: points share a cluster exactly when they share a group.
    for (let i = 0; i < points.length; i++)
      for (let j = 0; j < points.length; j++) expect(clusters[i] === clusters[j]).toBe(truth[i] === truth[j]);
  });

  const kinds = ['HM', 'PM', 'EM'] as const;
  // Half of each group is calibration (its kind known), the other half is to be identified.
  const known = truth.map((g, i) => (i % 2 === 0 ? kinds[g] : undefined));

  it.each(['kmeans', 'agglomerative', 'spectral'] as const)(
    '%s with one-to-one naming recovers every kind',
    (algorithm) => {
      expect(assignClustersToKinds(clusterPoints(points, 3, algorithm), known, kinds)).toEqual(
        truth.map((g) => kinds[g]),
      );
    },
  );

  it.each(['kmeans', 'agglomerative', 'spectral'] as const)(
    '%s fitted on the calibration models alone recovers every kind',
    (algorithm) => {
      expect(clusterCentreKinds(points, known, kinds, algorithm)).toEqual(truth.map((g) => kinds[g]));
    },
  );

  it.each(['kmeans', 'agglomerative', 'spectral'] as const)(
    '%s: suspects are judged by clusters they did not shape, whatever their number',
    (algorithm) => {
      // Calibration: HM at x = 0, PM at x = 10, EM at x = 20. Six suspects far out at x = 40 would take a
      // cluster of their own if they were clustered too, merging two kinds; fitted on the calibration
      // models alone, they take the nearest centre (EM), and one suspect alone is judged the same.
      const calibration = [0, 0.2, 10, 10.2, 20, 20.2].map((x, i) => [x, i % 2]);
      const calibrationKinds = ['HM', 'HM', 'PM', 'PM', 'EM', 'EM'];
      const far = [0, 1, 2, 3, 4, 5].map((i) => [40 + 0.1 * i, 0]);
      const all = clusterCentreKinds(
        [...calibration, ...far],
        [...calibrationKinds, ...far.map(() => undefined)],
        kinds,
        algorithm,
      );
      expect(all).toEqual([...calibrationKinds, ...far.map(() => 'EM')]);
      expect(clusterCentreKinds([...calibration, far[0]], [...calibrationKinds, undefined], kinds, algorithm)).toEqual([
        ...calibrationKinds,
        'EM',
      ]);
      // Clustering every point instead gives the suspects a cluster of their own, shared with no known model
      // (spectral at gamma 1 sees four unconnected groups here and splits them arbitrarily: shown by KMeans).
      const clusteredTogether = clusterPoints(
        [...calibration, ...far],
        3,
        algorithm === 'spectral' ? 'kmeans' : algorithm,
      );
      const ofSuspects = new Set(clusteredTogether.slice(6));
      expect(ofSuspects.size).toBe(1);
      expect(clusteredTogether.slice(0, 6).some((c) => ofSuspects.has(c))).toBe(false);
    },
  );

  it('spectral clustering at gamma 1 still answers when no two points have any affinity', () => {
    const far = [0, 1, 2, 3, 4, 5].map((i) => [100 * i, 0]);
    const clusters = clusterPoints(far, 3, 'spectral');
    expect(clusters).toHaveLength(6);
    expect(new Set(clusters).size).toBeLessThanOrEqual(3);
  });

  it('the nearest of the three kind centres recovers every kind', () => {
    expect(nearestCentreKinds(points, known, kinds)).toEqual(truth.map((g) => kinds[g]));
  });

  it('gives each cluster its own kind, even where one kind is the majority of two clusters', () => {
    // Calibration members: cluster 0 holds EM, EM, HM; cluster 1 EM, EM, EM; cluster 2 PM. Naming by
    // majority calls clusters 0 and 1 both EM and leaves no homologous cluster (every HM then counts as
    // piracy). One to one: 0 -> HM, 1 -> EM, 2 -> PM agrees with 1 + 3 + 1 = 5 members, 0 -> EM, 1 -> HM
    // with 2 + 0 + 1 = 3.
    const clusters = [0, 0, 0, 1, 1, 1, 2, 0];
    const calibration = ['EM', 'EM', 'HM', 'EM', 'EM', 'EM', 'PM', undefined];
    expect(assignClustersToKinds(clusters, calibration, kinds)).toEqual([
      'HM',
      'HM',
      'HM',
      'EM',
      'EM',
      'EM',
      'PM',
      'HM',
    ]);
  });
});

describe('class balance (MetaV)', () => {
  it('gives 5 positives and 2 negatives equal total weight, mean weight 1', () => {
    const w = classBalancedWeights([1, 1, 1, 1, 1, 0, 0]);
    expect(w.slice(0, 5)).toEqual([0.7, 0.7, 0.7, 0.7, 0.7]);
    expect(w.slice(5)).toEqual([1.75, 1.75]);
    expect(() => classBalancedWeights([1, 1])).toThrow(/both positive and negative/);
  });
});

describe('principal components', () => {
  it('puts points on a line along the first axis, the second near zero', () => {
    const points = [0, 1, 2, 3].map((t) => [t, 2 * t, -t]);
    const projected = principalComponents2d(points);
    // Distances along the line are kept: consecutive points sqrt(6) apart.
    expect(Math.abs(projected[1][0] - projected[0][0])).toBeCloseTo(Math.sqrt(6), 6);
    projected.forEach(([, y]) => expect(Math.abs(y)).toBeLessThan(1e-9));
  });
});
