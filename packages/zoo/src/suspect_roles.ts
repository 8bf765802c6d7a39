import type { Family } from './families/family';
import type { PlannedModel } from './zoo_plan';

/** What the evaluation needs to know of one zoo model: its id and the family it belongs to. */
export type ZooMember = { recipe: Pick<PlannedModel['recipe'], 'id'>; family: Family };

/** Where a model serves: building fingerprints, choosing thresholds, or being reported on. */
export type Use = 'helper-positive' | 'helper-negative' | 'calibration' | 'evaluation';

/**
 * Gives every model but the victim its use, deterministically:
 * - the models of the dedicated helper families (`family.helper`) build fingerprints and are never
 *   scored, so helper-based methods never see a suspect they are evaluated on;
 * - the suspects, in family order, alternately calibration (thresholds, cluster names) and evaluation
 *   (the reported MIR/FIR/AUC/ARUC), so both halves hold every family in equal measure.
 */
export function assignUses(models: readonly ZooMember[]): Map<string, Use> {
  const uses = new Map<string, Use>();
  const byFamily = new Map<Family, ZooMember[]>();
  for (const m of models.filter((x) => x.family.kind !== 'victim'))
    byFamily.set(m.family, [...(byFamily.get(m.family) ?? []), m]);
  for (const [family, members] of byFamily)
    if (family.helper) for (const m of members) uses.set(m.recipe.id, `helper-${family.helper}`);
  let next: Use = 'calibration';
  for (const members of byFamily.values())
    for (const m of members) {
      if (uses.has(m.recipe.id)) continue;
      uses.set(m.recipe.id, next);
      next = next === 'calibration' ? 'evaluation' : 'calibration';
    }
  return uses;
}
