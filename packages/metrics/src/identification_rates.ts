import { assertFiniteScores, countClasses, type LabelledScore } from './labelled_scores';

/**
 * DeepCore's two error rates at one threshold. A suspect is flagged as pirated when its score is
 * strictly above the threshold, as the paper's "L1_dist < d1" (scores are negated distances): a score
 * exactly on the threshold is not flagged.
 */
export interface IdentificationRates {
  /** Missed identification rate: undetected piracy models / all piracy models. */
  mir: number;
  /** False identification rate: homologous models flagged / all homologous models. */
  fir: number;
}

/** The one rule for flagging a suspect: its score strictly above the threshold. */
export const isFlagged = (score: number, threshold: number): boolean => score > threshold;

export function identificationRates(items: readonly LabelledScore[], threshold: number): IdentificationRates {
  assertFiniteScores(items);
  const { piracy, homologous } = countClasses(items);
  const missed = items.filter((s) => s.piracy && !isFlagged(s.score, threshold)).length;
  const falselyFlagged = items.filter((s) => !s.piracy && isFlagged(s.score, threshold)).length;
  return { mir: piracy === 0 ? 0 : missed / piracy, fir: homologous === 0 ? 0 : falselyFlagged / homologous };
}

/**
 * Where in a gap between two neighbouring calibration scores the threshold goes: an irrational share
 * of the gap, not its middle, so that it never lands on the lattice of possible scores (matching
 * rates k/n: the middle of 10/39 and 12/39 is 11/39, a score another suspect can have).
 */
export const GAP_POSITION = (Math.sqrt(5) - 1) / 2;

/**
 * The threshold that minimises MIR + FIR on a calibration set (the paper picks its thresholds from the
 * score distributions of known models). Among equally good thresholds, the widest gap between
 * neighbouring scores is taken, at GAP_POSITION into it, so the threshold sits on no possible score.
 */
export function calibrateThreshold(calibration: readonly LabelledScore[]): number {
  assertFiniteScores(calibration);
  if (calibration.length === 0) throw new Error('calibrateThreshold: the calibration set is empty');
  const values = [...new Set(calibration.map((s) => s.score))].sort((a, b) => a - b);
  // Candidates: below everything, between each pair of neighbours, above everything.
  const candidates = [
    values[0] - 1,
    ...values.slice(1).map((v, i) => values[i] + GAP_POSITION * (v - values[i])),
    values[values.length - 1] + 1,
  ];
  const gaps = [Infinity, ...values.slice(1).map((v, i) => v - values[i]), Infinity];
  let best = candidates[0];
  let bestError = Infinity;
  let bestGap = -1;
  candidates.forEach((t, i) => {
    const { mir, fir } = identificationRates(calibration, t);
    const error = mir + fir;
    if (error < bestError - 1e-12 || (Math.abs(error - bestError) <= 1e-12 && gaps[i] > bestGap)) {
      best = t;
      bestError = error;
      bestGap = gaps[i];
    }
  });
  return best;
}
