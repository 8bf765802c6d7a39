import { identificationRates, isPiracy } from '@fpb/metrics';
import type { Table } from '@fpb/report';

/**
 * Recomputes every threshold row of Table IV from the per-suspect scores table and the row's own
 * threshold, and returns both, so a test asserts that the reported MIR and FIR are what the scores give.
 */
export function tableFourAgainstScores(
  tableFour: Table,
  scores: Table,
): Array<{ method: string; reported: [string, string]; recomputed: [string, string] }> {
  const column = (name: string) => scores.columns.indexOf(name);
  const evaluation = scores.rows.filter((r) => r[column('Use')] === 'evaluation');
  const threshold = tableFour.columns.indexOf('Threshold');
  return tableFour.rows
    .filter((r) => r[threshold] !== '-')
    .map((r) => {
      const method = String(r[0]);
      // '-': a suspect the method could not score, left out of its rates.
      const items = evaluation
        .filter((s) => s[column(method)] !== '-')
        .map((s) => ({ score: Number(s[column(method)]), piracy: isPiracy(String(s[column('Kind')])) }));
      const { mir, fir } = identificationRates(items, Number(r[threshold]));
      return { method, reported: [String(r[1]), String(r[2])], recomputed: [mir.toFixed(2), fir.toFixed(2)] };
    });
}
