import type { Table } from '@fpb/report';

/** DeepCore's own Table IV, CIFAR-10 column (MIR, FIR), shown beside ours. Methods it does not report are absent. */
export const PAPER_TABLE_FOUR_CIFAR10: Readonly<Record<string, { mir: number; fir: number }>> = {
  'SAC-w': { mir: 0.05, fir: 0.2 },
  'SAC-m': { mir: 0.21, fir: 0.1 },
  FUAP: { mir: 0.04, fir: 0.05 },
  MetaFinger: { mir: 0.07, fir: 0.65 },
  'DeepCore (L1_dist)': { mir: 0.03, fir: 0.0 },
  'DeepCore (Cos_dist)': { mir: 0.0, fir: 0.0 },
  'DeepCore (Clustering, KMeans)': { mir: 0.0, fir: 0.0 },
};

/** The same for CIFAR-100. */
export const PAPER_TABLE_FOUR_CIFAR100: Readonly<Record<string, { mir: number; fir: number }>> = {
  'SAC-w': { mir: 0.23, fir: 0.43 },
  'SAC-m': { mir: 0.61, fir: 0.52 },
  FUAP: { mir: 0.06, fir: 0.05 },
  MetaFinger: { mir: 0.14, fir: 0.94 },
  'DeepCore (L1_dist)': { mir: 0.09, fir: 0.05 },
  'DeepCore (Cos_dist)': { mir: 0.03, fir: 0.04 },
  'DeepCore (Clustering, KMeans)': { mir: 0.0, fir: 0.09 },
};

/** Table IV with the paper's MIR and FIR of the same dataset beside each row it reports ('-' where it does not). */
export function withPaperValues(table: Table, dataset: 'cifar10' | 'cifar100'): Table {
  const paper = dataset === 'cifar10' ? PAPER_TABLE_FOUR_CIFAR10 : PAPER_TABLE_FOUR_CIFAR100;
  return {
    ...table,
    columns: [...table.columns, 'Paper MIR', 'Paper FIR'],
    rows: table.rows.map((r) => [
      ...r,
      paper[String(r[0])]?.mir.toFixed(2) ?? '-',
      paper[String(r[0])]?.fir.toFixed(2) ?? '-',
    ]),
  };
}
