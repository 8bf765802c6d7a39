import { aruc, isPiracy, normaliseScores, rocAuc, type LabelledScore } from '@fpb/metrics';
import { lineFigure, numberCell, pointFigure, type Table } from '@fpb/report';
import type { Identification, SuspectResult } from '../fingerprints/run_fingerprints';
import type { ExperimentOutputs } from './experiment_outputs';
import { robustnessUniquenessRows } from './experiment_figures';

/**
 * The mirror and its negatives, read from lineage: homologous models that derive from another model
 * (the mirror negatives: the mirror fine-tuned, pruned, extracted) or that others derive from (the mirror).
 */
function mirrorLineage(suspects: readonly SuspectResult[]): (r: SuspectResult) => boolean {
  const parents = new Set(suspects.map((r) => r.recipe.parent));
  return (r) => !isPiracy(r.kind) && (r.recipe.parent !== undefined || parents.has(r.id));
}

/**
 * Scores as LabelledScores (positive = the source or a piracy model), min-max normalised unless already
 * rates in [0, 1]; a suspect the method could not score (other labels than the victim's) is left out.
 */
function labelled(id: Identification, suspects: readonly SuspectResult[]): Array<LabelledScore & { family: string }> {
  const scored = suspects.filter(id.scores);
  const items = scored.map((r) => ({ score: id.scoreOf(r), piracy: r.positive }));
  return (id.matchingRate ? items : normaliseScores(items)).map((item, i) => ({ ...item, family: scored[i].family }));
}

/**
 * FingerBench's evaluation (NaturalFinger, Sec. 4): threshold-free ARUC over every suspect, the
 * source model and all piracy models as positives, homologous models and mirror negatives (the same
 * attacks applied to an independent model) as negatives; and ARUC against the mirror negatives only,
 * the hardest negatives there are.
 */
export function fingerBenchSummary(
  identifications: readonly Identification[],
  suspects: readonly SuspectResult[],
): Table {
  const isMirrorNegative = mirrorLineage(suspects);
  const mirrorOrPositive = suspects.filter((r) => r.positive || isMirrorNegative(r));
  const positives = suspects.filter((r) => r.positive).length;
  return {
    title: `FingerBench: ${positives} positives (the source and its piracy models) vs ${suspects.length - positives} negatives (${suspects.filter(isMirrorNegative).length} of them mirror negatives); helpers left out`,
    columns: ['Method', 'ARUC', 'ARUC (mirror negatives only)', 'AUC'],
    rows: identifications.map((id) => [
      id.name,
      numberCell(aruc(labelled(id, suspects))),
      numberCell(aruc(labelled(id, mirrorOrPositive))),
      numberCell(rocAuc(labelled(id, suspects))),
    ]),
  };
}

/** Mean score per family and identification: how each attack moves a model's score (NaturalFinger Fig. 5-8). */
export function fingerBenchPerFamily(
  identifications: readonly Identification[],
  suspects: readonly SuspectResult[],
): Table {
  const families = [...new Set(suspects.map((r) => r.family))];
  return {
    title: 'FingerBench: mean score per family (higher = more likely pirated)',
    columns: ['Family', 'Positive', 'Models', ...identifications.map((id) => id.name)],
    rows: families.map((family) => {
      const members = suspects.filter((r) => r.family === family);
      // '-': the method could score no member (they answer other labels than the victim's).
      const mean = (id: Identification) => {
        const scored = members.filter(id.scores);
        return scored.length === 0 ? '-' : numberCell(scored.reduce((s, r) => s + id.scoreOf(r), 0) / scored.length, 4);
      };
      return [family, members[0].positive ? 'yes' : 'no', members.length, ...identifications.map(mean)];
    }),
  };
}

/** Every FingerBench suspect's raw score under every identification: the table the figures and ARUC come from. */
export function fingerBenchScores(
  identifications: readonly Identification[],
  suspects: readonly SuspectResult[],
): Table {
  const isMirrorNegative = mirrorLineage(suspects);
  return {
    title: 'FingerBench: every suspect\u2019s score (higher = more likely pirated; raw, before any normalisation)',
    columns: ['Suspect', 'Family', 'Class', ...identifications.map((id) => id.name)],
    rows: suspects.map((r) => [
      r.id,
      r.family,
      r.positive ? 'positive' : isMirrorNegative(r) ? 'mirror negative' : 'negative',
      ...identifications.map((id) => (id.scores(r) ? numberCell(id.scoreOf(r), 5) : '-')),
    ]),
  };
}

/** The FingerBench tables and figures: ARUC per method, mean score per family, curves and per-family scores. */
export function fingerBenchEvaluation(
  identifications: readonly Identification[],
  suspects: readonly SuspectResult[],
): ExperimentOutputs {
  const normalised = identifications.map((id) => ({
    name: id.name,
    matchingRate: true, // labelled() has put every score on [0, 1] already
    items: labelled(id, suspects),
  }));
  const perModel = identifications.flatMap((id) =>
    labelled(id, suspects).map((item) => ({
      family: item.family,
      score: item.score,
      class: item.piracy ? 'positive' : 'negative',
      method: id.name,
    })),
  );
  return {
    tables: {
      fingerbench: fingerBenchSummary(identifications, suspects),
      fingerbench_families: fingerBenchPerFamily(identifications, suspects),
      fingerbench_scores: fingerBenchScores(identifications, suspects),
    },
    figures: [
      {
        name: 'fingerbench_robustness_uniqueness',
        caption:
          'FingerBench robustness-uniqueness curves: positives (source and piracy) against negatives (homologous and mirror negatives)',
        spec: lineFigure(robustnessUniquenessRows(normalised), {
          title: 'FingerBench robustness-uniqueness',
          x: 'tau',
          y: 'value',
          color: 'curve',
          facet: 'method',
          columns: 4,
        }),
      },
      {
        name: 'fingerbench_family_scores',
        caption:
          "Every FingerBench suspect's score (min-max normalised unless a rate), by family: positives should sit above negatives",
        spec: pointFigure(perModel, {
          title: 'Scores by family',
          x: 'family',
          y: 'score',
          color: 'class',
          facet: 'method',
          xType: 'ordinal',
        }),
      },
    ],
  };
}
