import type { CoreCheckpoint, CoreGrowth } from '@fpb/fingerprints';
import { meanStd, type Table } from '@fpb/report';

/**
 * DeepCore Table II: core radius | victim score per label at each snapshot epoch (Core_k = k-th
 * snapshot) and where each core stopped, then the epoch of each core's stop and what stopped it
 * (gamma, or the cap on epochs).
 */
export function radiusScoreTable(growth: Pick<CoreGrowth, 'history' | 'snapshots' | 'stoppedAt' | 'capped'>): Table {
  const { history } = growth;
  const at = growth.snapshots
    .map((s) => history.find((h) => h.epoch === s.epoch))
    .filter((h): h is CoreCheckpoint => h !== undefined);
  const start = history.find((h) => h.epoch === 0);
  const last = history[history.length - 1];
  const rows = [
    ...(start ? [{ name: 'RP (start)', h: start }] : []),
    ...at.map((h, k) => ({ name: `Core_${k + 1} (epoch ${h.epoch})`, h })),
    ...(last && last !== start ? [{ name: 'Final', h: last }] : []),
  ];
  const labels = growth.stoppedAt.map((_, i) => i);
  return {
    title: 'Table II: core radius | victim score f_v(phi_i)_i per label, as the core points train; where each stopped',
    columns: ['Radius | score', ...labels.map((i) => `r_${i} | s_${i}`)],
    rows: [
      ...rows.map(({ name, h }) => [name, ...h.radii.map((r, i) => `${r.toFixed(2)} | ${h.scores[i].toFixed(2)}`)]),
      ['Stopped at epoch (by)', ...labels.map((i) => `${growth.stoppedAt[i]} (${growth.capped[i] ? 'cap' : 'gamma'})`)],
    ],
  };
}

/** One set of points (random starts or cores at one epoch): victim and suspects' logits, one row per label. */
export interface PointSetOutputs {
  name: string;
  victim: number[][];
  suspects: Array<{ piracy: boolean; outputs: number[][] }>;
}

/**
 * DeepCore Table III: mean ± std over suspects of f_v(x_i)_i - f_s(x_i)_i per label i, for homologous
 * (_h) and piracy (_p) suspects, on the random starting points and on the cores at each snapshot.
 */
export function scoreDifferenceTable(sets: readonly PointSetOutputs[]): Table {
  const labels = sets[0]?.victim.map((_, i) => i) ?? [];
  const rows: Table['rows'] = [];
  for (const set of sets)
    for (const [suffix, piracy] of [
      ['h', false],
      ['p', true],
    ] as const) {
      const group = set.suspects.filter((s) => s.piracy === piracy);
      rows.push([
        `${set.name}_${suffix}`,
        ...labels.map((i) =>
          meanStd(
            group.map((s) => set.victim[i][i] - s.outputs[i][i]),
            2,
          ),
        ),
      ]);
    }
  return {
    title:
      'Table III: victim-minus-suspect score f_v(x_i)_i - f_s(x_i)_i per label (mean ± std; _h homologous, _p piracy)',
    columns: ['Points', ...labels.map(String)],
    rows,
  };
}
