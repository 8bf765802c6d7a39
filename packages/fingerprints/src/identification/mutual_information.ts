/**
 * Mutual information of two label sequences from their joint histogram, divided by the entropy of
 * the first (in [0, 1]): 1 when the second determines the first, whatever the naming of its labels
 * (a permuted copy scores 1), 0 when they are independent or the first is constant.
 */
export function normalisedMutualInformation(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`mutual information: ${a.length} labels against ${b.length}`);
  const n = a.length;
  // Counted by label, so the two sequences need not have as many labels (a regrouped suspect has fewer).
  const tally = <K>(m: Map<K, number>, key: K) => m.set(key, (m.get(key) ?? 0) + 1);
  const joint = new Map<string, number>();
  const pa = new Map<number, number>();
  const pb = new Map<number, number>();
  a.forEach((x, i) => {
    tally(joint, `${x},${b[i]}`);
    tally(pa, x);
    tally(pb, b[i]);
  });
  let mi = 0;
  for (const [cell, count] of joint) {
    const [x, y] = cell.split(',').map(Number);
    mi += (count / n) * Math.log((count * n) / (pa.get(x)! * pb.get(y)!));
  }
  const entropy = -[...pa.values()].reduce((s, c) => s + (c / n) * Math.log(c / n), 0);
  return entropy === 0 ? 0 : mi / entropy;
}
