import { aruc, normaliseScores } from './aruc';
import { calibrateThreshold, identificationRates } from './identification_rates';
import { kindRates } from './kind_rates';
import type { LabelledScore } from './labelled_scores';
import { rocAuc, tprAtFpr } from './roc';

/** DeepCore's three kinds of suspect: homologous, post-processing piracy, extraction piracy. */
export type SuspectKind = 'HM' | 'PM' | 'EM';

/** Every kind but the homologous one is piracy: what an identification should flag. */
export const isPiracy = (kind: string): boolean => kind !== 'HM';

/** One suspect's score under one identification, with what the metrics need to know about it. */
export interface ScoredSuspect {
  id: string;
  family: string;
  kind: SuspectKind;
  use: 'calibration' | 'evaluation';
  score: number;
  /** The task it answers when not the victim's (a transfer-learned model's regrouped labels). */
  task?: string;
}

export interface ThresholdSummary {
  threshold: number;
  mir: number;
  fir: number;
  auc: number;
  /** TPR at FPR <= 1% and <= 5% (QuRD reports the latter), on the evaluation suspects. */
  tpr1: number;
  tpr5: number;
  aruc: number;
}

const labelled = (s: ScoredSuspect): LabelledScore => ({ score: s.score, piracy: isPiracy(s.kind) });

/**
 * A threshold identification: the threshold is chosen on the calibration suspects (min MIR + FIR),
 * MIR/FIR/AUC/ARUC are measured on the evaluation suspects only. ARUC reads matching rates and
 * probabilities as they are and min-max-normalises anything else (distances).
 */
export function summariseThreshold(suspects: readonly ScoredSuspect[], scoreIsMatchingRate: boolean): ThresholdSummary {
  const calibration = suspects.filter((s) => s.use === 'calibration').map(labelled);
  const evaluation = suspects.filter((s) => s.use === 'evaluation').map(labelled);
  if (calibration.length === 0 || evaluation.length === 0)
    throw new Error('identification needs calibration and evaluation suspects; build more of the zoo');
  const threshold = calibrateThreshold(calibration);
  return {
    threshold,
    ...identificationRates(evaluation, threshold),
    auc: rocAuc(evaluation),
    tpr1: tprAtFpr(evaluation, 0.01),
    tpr5: tprAtFpr(evaluation, 0.05),
    aruc: aruc(scoreIsMatchingRate ? evaluation : normaliseScores(evaluation)),
  };
}

/**
 * A clustering identification (DeepCore's third method) from each suspect's predicted kind: for Table IV,
 * a suspect counts as flagged when its cluster is named PM or EM; for Table V, MIR/FIR per kind.
 */
export function summariseClustering(actual: readonly SuspectKind[], predicted: readonly string[]) {
  const flagged = predicted.map((p) => p === 'PM' || p === 'EM');
  const piracy = actual.map(isPiracy);
  const pirates = piracy.filter(Boolean).length;
  const homologous = piracy.length - pirates;
  return {
    mir: pirates === 0 ? 0 : piracy.filter((p, i) => p && !flagged[i]).length / pirates,
    fir: homologous === 0 ? 0 : piracy.filter((p, i) => !p && flagged[i]).length / homologous,
    perKind: Object.fromEntries(
      (['PM', 'EM', 'HM'] as const).map((k) => [k, kindRates(actual, predicted, k)]),
    ) as Record<SuspectKind, { mir: number; fir: number }>,
  };
}
