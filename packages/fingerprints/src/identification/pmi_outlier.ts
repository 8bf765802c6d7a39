import { agnes } from 'ml-hclust';

/**
 * PMI's decision for one trial: single-linkage agglomerative clustering of the mini-datasets (ml-hclust)
 * on their MMD distances; the two clusters of the last merge are split, and the smaller one holds
 * the suspected member set. Returns the chance that `member` is the one picked (1 / size of the
 * smaller cluster when it is there, else 0), so ties count as PMI's random choice would.
 */
export function pmiPickChance(distances: number[][], member: number): number {
  const root = agnes(distances, { method: 'single', isDistanceMatrix: true });
  const [a, b] = root.children.map((c) => c.indices());
  if (!a || !b) throw new Error('pmiPickChance needs at least two mini-datasets');
  const smaller = a.length <= b.length ? a : b;
  if (a.length === b.length) return (a.includes(member) || b.includes(member) ? 1 : 0) / (a.length + b.length);
  return smaller.includes(member) ? 1 / smaller.length : 0;
}
