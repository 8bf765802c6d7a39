import { assertFiniteScores, countClasses, type LabelledScore } from './labelled_scores';

/**
 * Area under the ROC curve of "score >= t means pirated": the probability that a random piracy model
 * scores above a random homologous one, ties counting one half (Mann-Whitney).
 */
export function rocAuc(items: readonly LabelledScore[]): number {
  assertFiniteScores(items);
  const { piracy, homologous } = countClasses(items);
  if (piracy === 0 || homologous === 0) throw new Error('rocAuc needs at least one piracy and one homologous model');
  let wins = 0;
  for (const p of items)
    if (p.piracy) for (const h of items) if (!h.piracy) wins += p.score > h.score ? 1 : p.score === h.score ? 0.5 : 0;
  return wins / (piracy * homologous);
}

/** ROC points (false positive rate, true positive rate) from the strictest threshold to the loosest, for plots. */
export function rocCurve(items: readonly LabelledScore[]): Array<{ fpr: number; tpr: number; threshold: number }> {
  assertFiniteScores(items);
  const { piracy, homologous } = countClasses(items);
  const thresholds = [Infinity, ...[...new Set(items.map((s) => s.score))].sort((a, b) => b - a)];
  return thresholds.map((threshold) => ({
    threshold,
    tpr: piracy === 0 ? 0 : items.filter((s) => s.piracy && s.score >= threshold).length / piracy,
    fpr: homologous === 0 ? 0 : items.filter((s) => !s.piracy && s.score >= threshold).length / homologous,
  }));
}

/**
 * The true positive rate at a false positive rate of at most `maxFpr`: the largest share of piracy
 * models flagged by any threshold ("score >= t") that flags at most that share of homologous models.
 * With n homologous models, any maxFpr below 1/n asks for no false positive at all.
 */
export function tprAtFpr(items: readonly LabelledScore[], maxFpr: number): number {
  if (!(maxFpr >= 0 && maxFpr <= 1)) throw new Error(`tprAtFpr: maxFpr must lie in [0, 1], got ${maxFpr}`);
  return Math.max(
    ...rocCurve(items)
      .filter((p) => p.fpr <= maxFpr + 1e-12)
      .map((p) => p.tpr),
  );
}
