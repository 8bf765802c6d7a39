import { isFlagged, type ThresholdSummary } from '@fpb/metrics';
import { lineFigure, numberCell, type Table } from '@fpb/report';
import type { Identification, SuspectResult } from '../fingerprints/run_fingerprints';
import type { ExperimentOutputs } from './experiment_outputs';

/** A threshold identification as Table IV calibrated it (threshold from the calibration half, MIR on the evaluation half). */
export type CalibratedIdentification = Identification & { summary: Pick<ThresholdSummary, 'threshold' | 'mir'> };

/** The overlap r of a sweep model, read from its recipe. */
export function overlapOf(r: SuspectResult): number {
  const p = r.recipe.procedure;
  if (p.kind !== 'train') throw new Error(`${r.id} is not a model of the overlap sweep`);
  return p.overlap;
}

/**
 * DeepCore's overlap sweep (Sec. IV.A): homologous models whose data shares a share r of the victim's,
 * scored by each identification with Table IV's threshold. A flagged model (*) is a false alarm, so
 * the table shows how much shared data each method tolerates before it accuses an innocent model.
 */
export function overlapScoreTable(
  identifications: readonly CalibratedIdentification[],
  sweep: readonly SuspectResult[],
): Table {
  const sorted = [...sweep].sort((a, b) => overlapOf(a) - overlapOf(b));
  return {
    title:
      'Overlap sweep: each homologous model\u2019s score at overlap r with the victim\u2019s data (* = flagged as piracy at the Table IV threshold)',
    columns: ['r', 'Model', ...identifications.map((id) => id.name)],
    rows: sorted.map((r) => [
      overlapOf(r).toFixed(2),
      r.id,
      ...identifications.map(
        (id) => `${numberCell(id.scoreOf(r), 4)}${isFlagged(id.scoreOf(r), id.summary.threshold) ? '*' : ''}`,
      ),
    ]),
  };
}

/** Per identification: FIR over the whole sweep, the lowest overlap that was flagged, and Table IV's MIR at the same threshold. */
export function overlapSummaryTable(
  identifications: readonly CalibratedIdentification[],
  sweep: readonly SuspectResult[],
): Table {
  return {
    title: `Overlap sweep summary: FIR over the ${sweep.length} sweep models, with the MIR those thresholds give on Table IV's piracy models`,
    columns: [
      'Method',
      'Threshold',
      'MIR (Table IV)',
      'FIR (sweep)',
      'FIR (r < 0.5)',
      'FIR (r >= 0.5)',
      'Lowest r flagged',
    ],
    rows: identifications.map((id) => {
      const flagged = (models: readonly SuspectResult[]) =>
        models.filter((r) => isFlagged(id.scoreOf(r), id.summary.threshold));
      const fir = (models: readonly SuspectResult[]) =>
        models.length === 0 ? NaN : flagged(models).length / models.length;
      const lowest = Math.min(...flagged(sweep).map(overlapOf));
      return [
        id.name,
        numberCell(id.summary.threshold, 4),
        numberCell(id.summary.mir, 2),
        numberCell(fir(sweep), 2),
        numberCell(fir(sweep.filter((r) => overlapOf(r) < 0.5)), 2),
        numberCell(fir(sweep.filter((r) => overlapOf(r) >= 0.5)), 2),
        Number.isFinite(lowest) ? lowest.toFixed(2) : 'none',
      ];
    }),
  };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The overlap tables and the score-against-r figure, with each method's threshold and its piracy models' median score as references. */
export function overlapEvaluation(
  identifications: readonly CalibratedIdentification[],
  sweep: readonly SuspectResult[],
  tableOne: readonly SuspectResult[],
): ExperimentOutputs {
  const rs = [...new Set(sweep.map(overlapOf))].sort((a, b) => a - b);
  const piracy = tableOne.filter((r) => r.use === 'evaluation' && r.positive);
  const rows = identifications.flatMap((id) => {
    const piracyMedian = median(piracy.filter(id.scores).map(id.scoreOf));
    return rs.flatMap((r) => {
      const at = sweep.filter((m) => overlapOf(m) === r);
      return [
        {
          r,
          value: at.reduce((s, m) => s + id.scoreOf(m), 0) / at.length,
          series: 'homologous at overlap r',
          method: id.name,
        },
        { r, value: id.summary.threshold, series: 'threshold (Table IV)', method: id.name },
        { r, value: piracyMedian, series: 'median piracy score (Table IV)', method: id.name },
      ];
    });
  });
  return {
    tables: {
      overlap: overlapScoreTable(identifications, sweep),
      overlap_summary: overlapSummaryTable(identifications, sweep),
    },
    figures: [
      {
        name: 'overlap_sweep',
        caption:
          "Each method's score of a homologous model against the share r of the victim's data it was trained on; above the threshold it is a false alarm",
        spec: lineFigure(rows, {
          title: 'Scores along the overlap sweep',
          x: 'r',
          y: 'value',
          color: 'series',
          facet: 'method',
          columns: 4,
          xTitle: 'overlap r',
        }),
      },
    ],
  };
}
