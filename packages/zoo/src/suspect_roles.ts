/** What the evaluation needs to know of one zoo model. */
export interface ZooMember {
  id: string;
  family: string;
  role: 'victim' | 'homologous' | 'piracy';
}

/** Where a model serves: building fingerprints, choosing thresholds, or being reported on. */
export type Use = 'helper-positive' | 'helper-negative' | 'calibration' | 'evaluation';

/** Families that give their first model to the helper pool (MetaFinger, MetaV, NaturalFinger) when they have two or more. */
export const HELPER_FAMILIES: Readonly<Record<string, 'helper-positive' | 'helper-negative'>> = {
  PM_FA: 'helper-positive',
  EM_SA_Pr: 'helper-positive',
  HM_SA: 'helper-negative',
  HM_DA: 'helper-negative',
};

/** DeepCore Table V's three kinds: homologous, post-processing piracy, extraction piracy (knockoff included). */
export function kindOf(m: Pick<ZooMember, 'family' | 'role'>): 'HM' | 'PM' | 'EM' {
  if (m.role !== 'piracy') return 'HM';
  return m.family.startsWith('EM') || m.family === 'FB_KO' ? 'EM' : 'PM';
}

/**
 * Splits the suspects (everything but the victim) three ways, deterministically:
 * - helpers: the first model of each helper family that has at least two (the zoo builds first
 *   models first), so helper-based methods never see a suspect they are evaluated on;
 * - the rest, in family order, alternately calibration (thresholds, cluster names) and evaluation
 *   (the reported MIR/FIR/AUC/ARUC), so both halves hold every family in equal measure.
 */
export function assignUses(models: readonly ZooMember[]): Map<string, Use> {
  const uses = new Map<string, Use>();
  const suspects = models.filter((m) => m.role !== 'victim');
  const byFamily = new Map<string, ZooMember[]>();
  for (const m of suspects) byFamily.set(m.family, [...(byFamily.get(m.family) ?? []), m]);
  for (const [family, members] of byFamily) {
    const helper = HELPER_FAMILIES[family];
    if (helper && members.length >= 2) uses.set(members[0].id, helper);
  }
  let next: Use = 'calibration';
  for (const members of byFamily.values())
    for (const m of members) {
      if (uses.has(m.id)) continue;
      uses.set(m.id, next);
      next = next === 'calibration' ? 'evaluation' : 'calibration';
    }
  return uses;
}
