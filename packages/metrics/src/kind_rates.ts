/**
 * DeepCore Table V's per-kind rates for a fine-grained identification (e.g. by clustering into
 * homologous / post-processing / extraction models): MIR(kind) = models of that kind assigned another
 * kind / models of that kind; FIR(kind) = models of other kinds assigned that kind / models of other kinds.
 */
export function kindRates(
  actual: readonly string[],
  predicted: readonly string[],
  kind: string,
): { mir: number; fir: number } {
  if (actual.length !== predicted.length)
    throw new Error(`kindRates: ${actual.length} actual kinds against ${predicted.length} predicted`);
  const of = actual.map((a, i) => ({ a, p: predicted[i] }));
  const own = of.filter((x) => x.a === kind);
  const others = of.filter((x) => x.a !== kind);
  return {
    mir: own.length === 0 ? 0 : own.filter((x) => x.p !== kind).length / own.length,
    fir: others.length === 0 ? 0 : others.filter((x) => x.p === kind).length / others.length,
  };
}
