import type { ModelRecipe, Role } from '../recipe';
import type { ZooScale } from '../zoo_scales';

/** Which zoo a family belongs to: DeepCore's Table I, the homologous overlap sweep, or FingerBench's extra attacks. */
export type ZooSet = 'table1' | 'overlap' | 'fingerbench';
export const ZOO_SETS: readonly ZooSet[] = ['table1', 'overlap', 'fingerbench'];

/** One family of the zoo (a row of DeepCore's Table I): how many models and the recipe of each. */
export interface Family {
  name: string;
  role: Role;
  set: ZooSet;
  description: string;
  recipes(scale: ZooScale, seed: number): ModelRecipe[];
}

/** Spreads `count` values evenly over [lo, hi] (both ends included when count > 1). */
export function spread(count: number, lo: number, hi: number): number[] {
  if (count === 1) return [(lo + hi) / 2];
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/** Where a derived family comes from and what it counts as: by default a piracy model of the victim in Table I. */
export interface Lineage {
  set?: ZooSet;
  parent?: string;
  role?: 'piracy' | 'homologous';
}
