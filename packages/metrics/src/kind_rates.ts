/**
 * DeepCore Table V's per-kind rates for a fine-grained identification (e.g. by clustering into
 * homologous / post-processing / extraction models): MIR(kind) = models of that kind assigned another
 * kind / models of that kind; FIR(kind) = models of other kinds assigned that kind / models assigned
 * that kind. The paper does not write FIR(kind) down; this denominator is the one its Table V fits
 * (SC: 19 of 40 PMs missed, 5 of them called EM and 14 HM, gives FIR(EMs) 5/45 = 0.11 and FIR(HMs)
 * 14/35 = 0.40, as printed), where "of the models of other kinds" would give 5/61 and 14/80.
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
  const assigned = of.filter((x) => x.p === kind);
  return {
    mir: own.length === 0 ? 0 : own.filter((x) => x.p !== kind).length / own.length,
    fir: assigned.length === 0 ? 0 : assigned.filter((x) => x.a !== kind).length / assigned.length,
  };
}
