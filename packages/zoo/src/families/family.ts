import type { ScaleName } from '@fpb/models';
import type { SuspectKind } from '@fpb/metrics';

export type { SuspectKind };
import type { ModelRecipe, Role } from '../recipe';
import type { ZooScale } from '../zoo_scales';

/** Which zoo a family belongs to: DeepCore's Table I, the homologous overlap sweep, or FingerBench's extra attacks. */
export type ZooSet = 'table1' | 'overlap' | 'fingerbench';
export const ZOO_SETS: readonly ZooSet[] = ['table1', 'overlap', 'fingerbench'];

/** DeepCore Table V's kinds: homologous, post-processing piracy, extraction piracy; and the victim itself. */
/** The victim, or one of DeepCore's three kinds of suspect (the metrics' own type). */
export type Kind = 'victim' | SuspectKind;

/** How many models a family has at each scale: every family is present at every scale. */
export type Counts = Readonly<Record<ScaleName, number>>;

/** Which side a helper model stands on for the helper-based methods (MetaFinger, MetaV, NaturalFinger). */
export type HelperSide = 'positive' | 'negative';

/** One family of the zoo (a row of DeepCore's Table I): what its models are and the recipe of each. */
export interface Family {
  name: string;
  kind: Kind;
  set: ZooSet;
  counts: Counts;
  /** Set for the dedicated helper families: their models build fingerprints and are never suspects. */
  helper?: HelperSide;
  description: string;
  recipes(scale: ZooScale, seed: number): ModelRecipe[];
}

/** The recipe's role (part of every model's cache key) follows from the family's kind. */
export function roleOf(kind: Kind): Role {
  switch (kind) {
    case 'victim':
      return 'victim';
    case 'HM':
      return 'homologous';
    case 'PM':
    case 'EM':
      return 'piracy';
  }
}

/** What every family factory is told: its name, description, counts, and where it sits. */
export interface FamilySpec {
  name: string;
  description: string;
  counts: Counts;
  set?: ZooSet;
  helper?: HelperSide;
}

/** Where a derived family comes from and what it counts as: by default a piracy model of the victim in Table I. */
export interface Lineage {
  parent?: string;
  kind?: Kind;
}

/** Spreads `count` values evenly over [lo, hi] (both ends included when count > 1). */
export function spread(count: number, lo: number, hi: number): number[] {
  if (count === 1) return [(lo + hi) / 2];
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/** Table I's families at the paper's count of ten, one model each at tiny. */
export const TEN: Counts = { tiny: 1, mini: 10, paper: 10 };

/** The kinds a suspect can have (Table V's three). */

/** A suspect's kind; the victim is never a suspect, and asking for its kind as one is a bug. */
export function suspectKind(kind: Kind): SuspectKind {
  if (kind === 'victim') throw new Error('the victim is not a suspect');
  return kind;
}
