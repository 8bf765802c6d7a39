import { assertFiniteScores, countClasses, type LabelledScore } from './labelled_scores';

/** DeepCore's two error rates at one threshold: a suspect is flagged as pirated when score >= threshold. */
export interface IdentificationRates {
  /** Missed identification rate: undetected piracy models / all piracy models. */
  mir: number;
  /** False identification rate: homologous models flagged / all homologous models. */
  fir: number;
}

export function identificationRates(items: readonly LabelledScore[], threshold: number): IdentificationRates {
  assertFiniteScores(items);
  const { piracy, homologous } = countClasses(items);
  const missed = items.filter((s) => s.piracy && s.score < threshold).length;
  const falselyFlagged = items.filter((s) => !s.piracy && s.score >= threshold).length;
  return { mir: piracy === 0 ? 0 : missed / piracy, fir: homologous === 0 ? 0 : falselyFlagged / homologous };
}

/**
 * The threshold that minimises MIR + FIR on a calibration set (the paper picks its thresholds from the
 * score distributions of known models). Among equally good thresholds, the middle of the widest gap
 * between neighbouring scores is taken, so that the threshold does not sit on a calibration score.
 */
export function calibrateThreshold(calibration: readonly LabelledScore[]): number {
  assertFiniteScores(calibration);
  if (calibration.length === 0) throw new Error('calibrateThreshold: the calibration set is empty');
  const values = [...new Set(calibration.map((s) => s.score))].sort((a, b) => a - b);
  // Candidates: below everything, between each pair of neighbours, above everything.
  const candidates = [
    values[0] - 1,
    ...values.slice(1).map((v, i) => (v + values[i]) / 2),
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
