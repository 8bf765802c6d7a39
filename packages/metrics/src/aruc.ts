import { assertFiniteScores, countClasses, type LabelledScore } from './labelled_scores';

/** Scores mapped to [0, 1] by min-max (all equal: all 0.5), so that thresholds tau in [0, 1] cover them. */
export function normaliseScores(items: readonly LabelledScore[]): LabelledScore[] {
  assertFiniteScores(items);
  const lo = Math.min(...items.map((s) => s.score));
  const hi = Math.max(...items.map((s) => s.score));
  return items.map((s) => ({ ...s, score: hi === lo ? 0.5 : (s.score - lo) / (hi - lo) }));
}

/** Robustness R(tau) (share of piracy models with score >= tau) and uniqueness U(tau) (share of homologous models below tau). */
export function robustnessUniqueness(
  items: readonly LabelledScore[],
  tau: number,
): { robustness: number; uniqueness: number } {
  const { piracy, homologous } = countClasses(items);
  return {
    robustness: piracy === 0 ? 0 : items.filter((s) => s.piracy && s.score >= tau).length / piracy,
    uniqueness: homologous === 0 ? 0 : items.filter((s) => !s.piracy && s.score < tau).length / homologous,
  };
}

/**
 * ARUC (IPGuard, NaturalFinger): the area under min(R(tau), U(tau)) for tau from 0 to 1, computed
 * exactly (both curves are step functions that change only at the scores). Scores must lie in [0, 1]:
 * matching rates as they are, anything else through `normaliseScores` first.
 */
export function aruc(items: readonly LabelledScore[]): number {
  assertFiniteScores(items);
  const outside = items.find((s) => s.score < 0 || s.score > 1);
  if (outside) throw new Error(`aruc: score ${outside.score} lies outside [0, 1]; normalise the scores first`);
  const { piracy, homologous } = countClasses(items);
  if (piracy === 0 || homologous === 0) throw new Error('aruc needs at least one piracy and one homologous model');
  const breaks = [...new Set([0, 1, ...items.map((s) => s.score)])].sort((a, b) => a - b);
  let area = 0;
  // Between two neighbouring breakpoints (a, b], both curves are constant: evaluate them inside.
  for (let i = 1; i < breaks.length; i++) {
    const { robustness, uniqueness } = robustnessUniqueness(items, (breaks[i - 1] + breaks[i]) / 2);
    area += (breaks[i] - breaks[i - 1]) * Math.min(robustness, uniqueness);
  }
  return area;
}
