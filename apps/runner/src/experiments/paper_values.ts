import { paperTableFour, type FingerprintMethod, type PaperDataset } from '@fpb/fingerprints';
import { withReferenceColumns, type Table } from '@fpb/report';

/** Table IV with DeepCore's MIR and FIR of the same dataset beside each row the paper reports ('-' elsewhere). */
export function withPaperValues(table: Table, methods: readonly FingerprintMethod[], dataset: PaperDataset): Table {
  const paper = Object.entries(paperTableFour(methods, dataset)).map(([row, r]) => [
    row,
    [r.mir.toFixed(2), r.fir.toFixed(2)],
  ]);
  return withReferenceColumns(table, Object.fromEntries(paper), ['Paper MIR', 'Paper FIR']);
}
