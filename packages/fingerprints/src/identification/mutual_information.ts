/**
 * Mutual information of two label sequences from their joint histogram, divided by the entropy of
 * the first (in [0, 1]): 1 when the second determines the first, whatever the naming of its labels
 * (a permuted copy scores 1), 0 when they are independent or the first is constant.
 */
export function normalisedMutualInformation(a: readonly number[], b: readonly number[], numClasses: number): number {
  if (a.length !== b.length) throw new Error(`mutual information: ${a.length} labels against ${b.length}`);
  const n = a.length;
  const joint = new Map<number, number>();
  const pa = new Array<number>(numClasses).fill(0);
  const pb = new Array<number>(numClasses).fill(0);
  a.forEach((x, i) => {
    joint.set(x * numClasses + b[i], (joint.get(x * numClasses + b[i]) ?? 0) + 1);
    pa[x]++;
    pb[b[i]]++;
  });
  let mi = 0;
  for (const [cell, count] of joint) {
    const [x, y] = [Math.floor(cell / numClasses), cell % numClasses];
    mi += (count / n) * Math.log((count * n) / (pa[x] * pb[y]));
  }
  const entropy = -pa.filter((c) => c > 0).reduce((s, c) => s + (c / n) * Math.log(c / n), 0);
  return entropy === 0 ? 0 : mi / entropy;
}
