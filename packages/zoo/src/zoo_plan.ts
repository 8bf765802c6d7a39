import { familiesOf } from './families/registry';
import type { Family } from './families/family';
import { recipeKey, type ModelRecipe } from './recipe';
import type { ZooScale } from './zoo_scales';

export interface PlannedModel {
  recipe: ModelRecipe;
  /** The family the recipe comes from: its kind, set and helper side travel with the model. */
  family: Family;
  key: string;
  parentKey?: string;
}

/** Every model of a zoo (default: Table I's families) with its cache key, parents before children. */
export function planZoo(
  scale: ZooScale,
  seed: number,
  dataIdentity: string,
  families: readonly Family[] = familiesOf(['table1']),
): PlannedModel[] {
  const familyOf = new Map<string, Family>();
  const recipes = families.flatMap((f) =>
    f.recipes(scale, seed).map((r) => {
      familyOf.set(r.id, f);
      return r;
    }),
  );
  const byId = new Map(recipes.map((r) => [r.id, r]));
  const keys = new Map<string, string>();
  const keyOf = (r: ModelRecipe, trail: string[] = []): string => {
    const known = keys.get(r.id);
    if (known) return known;
    if (trail.includes(r.id)) throw new Error(`zoo recipes form a cycle: ${[...trail, r.id].join(' -> ')}`);
    let parentKey: string | undefined;
    if (r.parent) {
      const parent = byId.get(r.parent);
      if (!parent) throw new Error(`${r.id} derives from '${r.parent}', which is not in the zoo`);
      parentKey = keyOf(parent, [...trail, r.id]);
    }
    const key = recipeKey(r, parentKey, dataIdentity);
    keys.set(r.id, key);
    return key;
  };
  const planned = recipes.map((r) => ({
    recipe: r,
    family: familyOf.get(r.id)!,
    key: keyOf(r),
    parentKey: r.parent ? keyOf(byId.get(r.parent)!) : undefined,
  }));
  if (new Set(planned.map((p) => p.recipe.id)).size !== planned.length)
    throw new Error('zoo recipe ids must be unique');
  return planned.sort((a, b) => depth(a.recipe, byId) - depth(b.recipe, byId));
}

function depth(r: ModelRecipe, byId: Map<string, ModelRecipe>): number {
  return r.parent ? 1 + depth(byId.get(r.parent)!, byId) : 0;
}
