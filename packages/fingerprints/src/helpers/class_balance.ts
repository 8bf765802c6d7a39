/**
 * Per-example weights that give both classes of 0/1 targets the same total weight and keep the mean
 * weight 1: n / (2 * positives) for each positive, n / (2 * negatives) for each negative. MetaV's
 * verifier sees more positive models (the victim, its copies, positive helpers) than negative ones.
 */
export function classBalancedWeights(targets: readonly number[]): number[] {
  const positives = targets.filter((t) => t === 1).length;
  const negatives = targets.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('class balance needs both positive and negative examples');
  return targets.map((t) => targets.length / (2 * (t === 1 ? positives : negatives)));
}
