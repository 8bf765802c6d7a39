import { clusterCentreKinds, principalComponents2d, type CoreCheckpoint } from '@fpb/fingerprints';
import { normaliseScores, robustnessUniqueness, rocCurve, type LabelledScore, type ScoredSuspect } from '@fpb/metrics';
import { lineFigure, pointFigure, writeFigure } from '@fpb/report';
import type { SuspectResult } from '../fingerprints/run_fingerprints';
import type { PointSetOutputs } from './deepcore_tables';

export interface FigureInputs {
  history: readonly CoreCheckpoint[];
  /** Random points first, then the cores at each snapshot. */
  pointSets: readonly PointSetOutputs[];
  results: readonly SuspectResult[];
  /** The method whose verdicts carry outputs to cluster (Fig. 9), if any. */
  clusterer?: string;
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

/**
 * Writes the experiment's figures as SVG into `dir` and returns them with captions: DeepCore's Fig. 5
 * (score and radius per label), Fig. 6 (per-model scores on random vs core points), Fig. 7 (score
 * differences), Fig. 9 (2-D projection by kind and by cluster), and per-method ROC and
 * robustness-uniqueness curves.
 */
export async function writeExperimentFigures(
  dir: string,
  f: FigureInputs,
): Promise<Array<{ file: string; caption: string }>> {
  const out: Array<{ file: string; caption: string }> = [];
  const add = async (name: string, caption: string, spec: Parameters<typeof writeFigure>[2]) => {
    await writeFigure(dir, name, spec);
    out.push({ file: `${name}.svg`, caption });
  };

  const growth = f.history.flatMap((h) =>
    h.radii.flatMap((r, label) => [
      { label: `label ${label}`, epoch: h.epoch, value: h.scores[label], quantity: 'score f_v(phi_i)_i' },
      { label: `label ${label}`, epoch: h.epoch, value: r, quantity: 'core radius' },
    ]),
  );
  await add(
    'fig5_score_radius',
    'Fig. 5: the victim score and the core radius of each core point as it trains',
    lineFigure(growth, {
      title: 'Core score and radius per label',
      x: 'epoch',
      y: 'value',
      color: 'quantity',
      facet: 'label',
    }),
  );

  const random = f.pointSets[0];
  const cores = f.pointSets[f.pointSets.length - 1];
  const perModel = [random, cores].flatMap((set) => [
    {
      model: 0,
      score: mean(set.victim.map((row, i) => row[i])),
      kind: 'victim',
      points: set === random ? 'random points' : 'core points',
    },
    ...set.suspects.map((s, k) => ({
      model: k + 1,
      score: mean(s.outputs.map((row, i) => row[i])),
      kind: kindName(s.piracy),
      points: set === random ? 'random points' : 'core points',
    })),
  ]);
  await add(
    'fig6_model_scores',
    "Fig. 6: each model's mean score f(x_i)_i on the random starting points and on the final core points",
    pointFigure(perModel, {
      title: 'Scores per model',
      x: 'model',
      y: 'score',
      color: 'kind',
      facet: 'points',
      xTitle: 'model (0 = victim)',
    }),
  );

  const differences = [true, false].flatMap((piracy) =>
    cores.victim.map((row, label) => ({
      label,
      difference: mean(
        cores.suspects.filter((s) => s.piracy === piracy).map((s) => row[label] - s.outputs[label][label]),
      ),
      group: kindName(piracy),
    })),
  );
  await add(
    'fig7_score_differences',
    'Fig. 7: mean victim-minus-suspect score per label on the final core points',
    lineFigure(differences, { title: 'Score differences per label', x: 'label', y: 'difference', color: 'group' }),
  );

  const clusterer = f.clusterer;
  const withOutputs = clusterer ? f.results.filter((r) => r.verdicts.get(clusterer)?.outputs) : [];
  if (clusterer && withOutputs.length >= 3) {
    const points = withOutputs.map((r) => r.verdicts.get(clusterer)!.outputs!);
    const assigned = clusterCentreKinds(
      points,
      withOutputs.map((r) => (r.use === 'calibration' ? r.kind : undefined)),
      ['HM', 'PM', 'EM'],
      'kmeans',
      f.seed,
    );
    const projected = principalComponents2d(points).map(([pc1, pc2], i) => ({
      pc1,
      pc2,
      kind: withOutputs[i].kind,
      assigned: assigned[i],
    }));
    await add(
      'fig9_projection',
      "Fig. 9: suspects' outputs on the core points, first two principal components; colour = true kind, shape = the kind KMeans (fitted on the calibration half) assigns",
      pointFigure(projected, {
        title: 'Suspects by kind and cluster',
        x: 'pc1',
        y: 'pc2',
        color: 'kind',
        shape: 'assigned',
      }),
    );
  }

  const evaluation = f.identifications.map((id) => ({
    ...id,
    items: id.suspects.filter((s) => s.use === 'evaluation').map((s) => ({ score: s.score, piracy: s.kind !== 'HM' })),
  }));
  const roc = evaluation.flatMap((id) => rocCurve(id.items).map((p) => ({ fpr: p.fpr, tpr: p.tpr, method: id.name })));
  await add(
    'roc',
    'ROC curves of every identification (evaluation half)',
    lineFigure(roc, {
      title: 'ROC',
      x: 'fpr',
      y: 'tpr',
      color: 'method',
      xTitle: 'false positive rate (FIR)',
      yTitle: 'true positive rate (1 - MIR)',
    }),
  );

  const ru = robustnessUniquenessRows(evaluation);
  await add(
    'robustness_uniqueness',
    'Robustness (piracy flagged) and uniqueness (homologous not flagged) against the threshold on normalised scores; ARUC is the area under their minimum',
    lineFigure(ru, {
      title: 'Robustness-uniqueness curves',
      x: 'tau',
      y: 'value',
      color: 'curve',
      facet: 'method',
      columns: 4,
    }),
  );
  return out;
}
