import { meanStd, type Table } from '@fpb/report';
import { roleOf, type ZooSet } from './families/family';
import { familiesOf } from './families/registry';
import type { ZooCache } from './zoo_cache';
import type { ModelRecipe } from './recipe';
import type { PlannedModel } from './zoo_plan';

/** The share r of X_v in a trained family's data: one value, or the range its models sweep ('-' when not trained on X_h). */
export function overlapOf(recipe: ModelRecipe): number | undefined {
  return recipe.procedure.kind === 'train' && recipe.procedure.data === 'X_h' ? recipe.procedure.overlap : undefined;
}

function overlapRange(recipes: ModelRecipe[]): string {
  const rs = recipes.map(overlapOf).filter((r): r is number => r !== undefined);
  if (rs.length === 0) return '-';
  const [lo, hi] = [Math.min(...rs), Math.max(...rs)];
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
}

/** A family's description, or what an imported victim is instead (it was not trained here). */
function howMade(description: string, recipe: ModelRecipe | undefined): string {
  const proc = recipe?.procedure;
  if (proc?.kind !== 'import') return description;
  return `imported, not trained here: ${recipe!.architecture} w${recipe!.width} with ${recipe!.padding ?? 'same'} padding, from a file of sha256 ${proc.sha256.slice(0, 12)}...`;
}

/**
 * DeepCore's Table I for a built zoo (or the same summary for another set's families): per family, the number of models and the mean ± std of test
 * accuracy and of fidelity (top-1 agreement with the victim on the test set). Models not built yet
 * are counted apart, so a partial zoo reports honestly.
 */
export function tableOne(plan: PlannedModel[], cache: ZooCache, scaleName: string, set: ZooSet = 'table1'): Table {
  const rows = familiesOf([set]).map((f) => {
    const members = plan.filter((p) => p.recipe.family === f.name);
    const ready = members.flatMap((p) => {
      const s = cache.status(p);
      return s.state === 'ready' ? [{ ...s.metadata, fidelity: s.record.fidelity }] : [];
    });
    return [
      f.name,
      f.helper ? `helper (${f.helper})` : roleOf(f.kind),
      ready.length,
      members.length - ready.length,
      meanStd(ready.map((m) => m.accuracy ?? NaN)),
      meanStd(ready.map((m) => m.fidelity)),
      meanStd(
        ready.map((m) => m.timings.totalSeconds ?? NaN),
        0,
      ),
      overlapRange(members.map((p) => p.recipe)),
      howMade(f.description, members[0]?.recipe),
    ];
  });
  return {
    title: set === 'table1' ? `Table I: the model zoo (${scaleName})` : `The ${set} zoo (${scaleName})`,
    columns: [
      'family',
      'role',
      'count',
      'missing',
      'test accuracy',
      'fidelity',
      'build seconds',
      'overlap r',
      'how made',
    ],
    rows,
  };
}
