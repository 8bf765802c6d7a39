import type { Fingerprint, FingerprintMethod } from './method';
import { IMAGE_SIZE } from './oracle';

/**
 * The method's fingerprint at a budget of `queries`: its first `queries` queries, with the victim's
 * outputs and every per-query array cut alike. Only for methods that declare themselves budgetable.
 */
export function atBudget<Info extends object>(
  method: FingerprintMethod<Info>,
  fp: Fingerprint<Info>,
  queries: number,
): Fingerprint<Info> {
  if (!method.budgetable) throw new Error(`${method.name} scores its queries together: it has no smaller budget`);
  if (!Number.isInteger(queries) || queries < 1 || queries > fp.count)
    throw new Error(`${method.name}: a budget of ${queries} queries is outside 1..${fp.count}`);
  const arrays = { ...fp.arrays };
  for (const name of method.budgetable.perQueryArrays) arrays[name] = fp.arrays[name].slice(0, queries);
  return {
    ...fp,
    count: queries,
    inputs: fp.inputs.slice(0, queries * IMAGE_SIZE),
    victimOutputs: fp.victimOutputs.slice(0, queries * fp.numClasses),
    arrays,
  };
}
