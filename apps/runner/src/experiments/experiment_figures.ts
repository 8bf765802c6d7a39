import { clusterCentreKinds, principalComponents2d, type CoreCheckpoint, type Fingerprint } from '@fpb/fingerprints';
import {
  isPiracy,
  normaliseScores,
  robustnessUniqueness,
  rocCurve,
  type LabelledScore,
  type ScoredSuspect,
} from '@fpb/metrics';
import { lineFigure, pointFigure } from '@fpb/report';
import { inVictimLabels, verdictOf, type SuspectResult } from '../fingerprints/run_fingerprints';
import type { PointSetOutputs } from './deepcore_tables';
import type { ExperimentOutputs } from './experiment_outputs';

export interface FigureInputs {
  history: readonly CoreCheckpoint[];
  /** Random points first, then the cores at each snapshot. */
  pointSets: readonly PointSetOutputs[];
  results: readonly SuspectResult[];
  /** The method whose verdicts carry outputs to cluster (Fig. 9), if any, and its fingerprint. */
  clusterer?: { id: string; fingerprint: Fingerprint };
  identifications: ReadonlyArray<{ name: string; matchingRate: boolean; suspects: ScoredSuspect[] }>;
  seed: number;
}

/** Robustness and uniqueness at 51 thresholds on [0, 1] per identification (scores min-max normalised unless rates). */
export function robustnessUniquenessRows(
  identifications: ReadonlyArray<{ name: string; matchingRate: boolean; items: LabelledScore[] }>,
) {
  const taus = Array.from({ length: 51 }, (_, i) => i / 50);
  return identifications.flatMap((id) => {
    const items = id.matchingRate ? id.items : normaliseScores(id.items);
    return taus.flatMap((tau) => {
      const { robustness, uniqueness } = robustnessUniqueness(items, tau);
      return [
        { tau, value: robustness, curve: 'robustness', method: id.name },
        { tau, value: uniqueness, curve: 'uniqueness', method: id.name },
      ];
    });
  });
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
const kindName = (piracy: boolean) => (piracy ? 'piracy' : 'homologous');

type NamedFigure = ExperimentOutputs['figures'][number];

/** Fig. 5: the victim score and the core radius of each core point as it trains. */
function coreGrowthFigure(history: readonly CoreCheckpoint[]): NamedFigure {
  const growth = history.flatMap((h) =>
    h.radii.flatMap((r, label) => [
      { label: `label ${label}`, epoch: h.epoch, value: h.scores[label], quantity: 'score f_v(phi_i)_i' },
      { label: `label ${label}`, epoch: h.epoch, value: r, quantity: 'core radius' },
    ]),
  );
  return {
    name: 'fig5_score_radius',
    caption: 'Fig. 5: the victim score and the core radius of each core point as it trains',
    spec: lineFigure(growth, {
      title: 'Core score and radius per label',
      x: 'epoch',
      y: 'value',
      color: 'quantity',
      facet: 'label',
    }),
  };
}

/** Fig. 6: each model's mean score on the random starting points and on the final cores. */
function modelScoresFigure(random: PointSetOutputs, cores: PointSetOutputs): NamedFigure {
  const perModel = [random, cores].flatMap((set) => {
    const points = set === random ? 'random points' : 'core points';
    return [
      { model: 0, score: mean(set.victim.map((row, i) => row[i])), kind: 'victim', points },
      ...set.suspects.map((s, k) => ({
        model: k + 1,
        score: mean(s.outputs.map((row, i) => row[i])),
        kind: kindName(s.piracy),
        points,
      })),
    ];
  });
  return {
    name: 'fig6_model_scores',
    caption: "Fig. 6: each model's mean score f(x_i)_i on the random starting points and on the final core points",
    spec: pointFigure(perModel, {
      title: 'Scores per model',
      x: 'model',
      y: 'score',
      color: 'kind',
      facet: 'points',
      xTitle: 'model (0 = victim)',
    }),
  };
}

/** Fig. 7: mean victim-minus-suspect score per label on the final cores. */
function scoreDifferencesFigure(cores: PointSetOutputs): NamedFigure {
  const differences = [true, false].flatMap((piracy) =>
    cores.victim.map((row, label) => ({
      label,
      difference: mean(
        cores.suspects.filter((s) => s.piracy === piracy).map((s) => row[label] - s.outputs[label][label]),
      ),
      group: kindName(piracy),
    })),
  );
  return {
    name: 'fig7_score_differences',
    caption: 'Fig. 7: mean victim-minus-suspect score per label on the final core points',
    spec: lineFigure(differences, {
      title: 'Score differences per label',
      x: 'label',
      y: 'difference',
      color: 'group',
    }),
  };
}

/** Fig. 9: the suspects' outputs on the fingerprint, projected to 2-D, by true kind and by KMeans' kind. */
function projectionFigure(f: FigureInputs): NamedFigure | undefined {
  const clusterer = f.clusterer;
  const withOutputs = clusterer ? inVictimLabels(f.results, clusterer.id, clusterer.fingerprint) : [];
  if (!clusterer || withOutputs.length < 3) return undefined;
  const points = withOutputs.map((r) => verdictOf(r, clusterer.id)!.outputs!);
  const known = withOutputs.map((r) => (r.use === 'calibration' ? r.kind : undefined));
  const assigned = clusterCentreKinds(points, known, ['HM', 'PM', 'EM'], 'kmeans', f.seed);
  const projected = principalComponents2d(points).map(([pc1, pc2], i) => ({
    pc1,
    pc2,
    kind: withOutputs[i].kind,
    assigned: assigned[i],
  }));
  return {
    name: 'fig9_projection',
    caption:
      "Fig. 9: suspects' outputs on the core points, first two principal components; colour = true kind, shape = the kind KMeans (fitted on the calibration half) assigns",
    spec: pointFigure(projected, {
      title: 'Suspects by kind and cluster',
      x: 'pc1',
      y: 'pc2',
      color: 'kind',
      shape: 'assigned',
    }),
  };
}

/** ROC and robustness-uniqueness curves of every identification, on the evaluation half. */
function curveFigures(identifications: FigureInputs['identifications']): NamedFigure[] {
  const evaluation = identifications.map((id) => ({
    ...id,
    items: id.suspects.filter((s) => s.use === 'evaluation').map((s) => ({ score: s.score, piracy: isPiracy(s.kind) })),
  }));
  const roc = evaluation.flatMap((id) => rocCurve(id.items).map((p) => ({ fpr: p.fpr, tpr: p.tpr, method: id.name })));
  return [
    {
      name: 'roc',
      caption: 'ROC curves of every identification (evaluation half)',
      spec: lineFigure(roc, {
        title: 'ROC',
        x: 'fpr',
        y: 'tpr',
        color: 'method',
        xTitle: 'false positive rate (FIR)',
        yTitle: 'true positive rate (1 - MIR)',
      }),
    },
    {
      name: 'robustness_uniqueness',
      caption:
        'Robustness (piracy flagged) and uniqueness (homologous not flagged) against the threshold on normalised scores; ARUC is the area under their minimum',
      spec: lineFigure(robustnessUniquenessRows(evaluation), {
        title: 'Robustness-uniqueness curves',
        x: 'tau',
        y: 'value',
        color: 'curve',
        facet: 'method',
        columns: 4,
      }),
    },
  ];
}

/**
 * The experiment's figures: DeepCore's Fig. 5 (score and radius per label), Fig. 6 (per-model scores
 * on random vs core points), Fig. 7 (score differences), Fig. 9 (2-D projection by kind and by
 * cluster), and per-method ROC and robustness-uniqueness curves.
 */
export function experimentFigures(f: FigureInputs): NamedFigure[] {
  const random = f.pointSets[0];
  const cores = f.pointSets[f.pointSets.length - 1];
  const projection = projectionFigure(f);
  return [
    coreGrowthFigure(f.history),
    modelScoresFigure(random, cores),
    scoreDifferencesFigure(cores),
    ...(projection ? [projection] : []),
    ...curveFigures(f.identifications),
  ];
}
