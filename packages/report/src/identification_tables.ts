import { isPiracy, rocAuc, type ScoredSuspect, type SuspectKind, type ThresholdSummary } from '@fpb/metrics';
import { numberCell, type Table } from './table';

/** What Table IV shows of one identification besides its rates: what it cost. */
export interface IdentificationCost {
  queries: number;
  buildSeconds: number;
}

/**
 * One Table IV row: a threshold identification, a clustering one (rates only) or an empty fingerprint.
 * `unscorable`: evaluation suspects it could not score (they answer in labels it cannot read), left
 * out of its rates.
 */
export type TableFourRow =
  | ({ kind: 'threshold'; name: string; summary: ThresholdSummary; unscorable: number } & IdentificationCost)
  | ({ kind: 'clustering'; name: string; mir: number; fir: number; unscorable: number } & IdentificationCost)
  | ({ kind: 'empty'; name: string } & IdentificationCost);

export const TABLE_FOUR_COLUMNS = [
  'Method',
  'MIR',
  'FIR',
  'AUC',
  'TPR@1%FPR',
  'TPR@5%FPR',
  'ARUC',
  'Threshold',
  'Queries/suspect',
  'Build s',
  'Unscorable',
];

function tableFourCells(row: TableFourRow): Array<string | number> {
  const cost = [row.queries, numberCell(row.buildSeconds, 1)];
  switch (row.kind) {
    case 'threshold': {
      const s = row.summary;
      const rates = [s.mir, s.fir].map((v) => numberCell(v, 2));
      const curve = [numberCell(s.auc), numberCell(s.tpr1, 2), numberCell(s.tpr5, 2), numberCell(s.aruc)];
      return [row.name, ...rates, ...curve, numberCell(s.threshold, 4), ...cost, row.unscorable];
    }
    case 'clustering':
      return [
        row.name,
        numberCell(row.mir, 2),
        numberCell(row.fir, 2),
        '-',
        '-',
        '-',
        '-',
        '-',
        ...cost,
        row.unscorable,
      ];
    case 'empty':
      return [`${row.name} (empty fingerprint)`, '-', '-', '-', '-', '-', '-', '-', ...cost, '-'];
  }
}

/** DeepCore's Table IV: one row per identification, rates on the evaluation half. */
export function tableFour(title: string, rows: readonly TableFourRow[]): Table {
  return { title, columns: TABLE_FOUR_COLUMNS, rows: rows.map(tableFourCells) };
}

/** Per-kind MIR and FIR of one clustering algorithm (a Table V column). */
export interface ClusteringColumn {
  label: string;
  perKind: Record<SuspectKind, { mir: number; fir: number }>;
}

/** DeepCore's Table V: MIR and FIR per kind (PM, EM, HM), one column per clustering algorithm. */
export function tableFive(title: string, columns: readonly ClusteringColumn[]): Table {
  const line = (label: string, kind: SuspectKind, rate: 'mir' | 'fir') => [
    label,
    ...columns.map((c) => numberCell(c.perKind[kind][rate], 2)),
  ];
  return {
    title,
    columns: ['Clustering', ...columns.map((c) => c.label)],
    rows: (['PM', 'EM', 'HM'] as const).flatMap((kind) => [
      line(`MIR (${kind}s)`, kind, 'mir'),
      line(`FIR (${kind}s)`, kind, 'fir'),
    ]),
  };
}

/**
 * AUC of each piracy family against the homologous models of its task, per identification: can a
 * method tell this attack from independent training for the same labels at any threshold (a
 * transfer-learned family against the models trained for its task)? Families in order of first appearance.
 */
export function familyAucTable(
  identifications: ReadonlyArray<{ name: string; suspects: readonly ScoredSuspect[] }>,
  description: string,
): Table {
  const families = [
    ...new Set(identifications.flatMap((id) => id.suspects.filter((s) => isPiracy(s.kind)).map((s) => s.family))),
  ];
  return {
    title: `Per-family AUC: each piracy family against the homologous models of its task (${description})`,
    columns: ['Method', ...families, 'Worst family'],
    rows: identifications.map(({ name, suspects }) => {
      const homologousFor = (task: string | undefined) =>
        suspects.filter((s) => !isPiracy(s.kind) && s.task === task).map((s) => ({ score: s.score, piracy: false }));
      // undefined: the identification scored no member of the family (it answers labels it cannot read).
      const aucs = families.map((family) => {
        const members = suspects.filter((s) => s.family === family);
        return members.length === 0
          ? undefined
          : rocAuc([...members.map((s) => ({ score: s.score, piracy: true })), ...homologousFor(members[0].task)]);
      });
      const scored = aucs.filter((a): a is number => a !== undefined);
      const worst = families[aucs.indexOf(Math.min(...scored))];
      return [name, ...aucs.map((a) => (a === undefined ? '-' : numberCell(a))), worst];
    }),
  };
}
