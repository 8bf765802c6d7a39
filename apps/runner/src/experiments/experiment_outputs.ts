import type { FigureSpec, Table } from '@fpb/report';

/** What one analysis of an experiment adds to its results folder: named tables and figures. */
export interface ExperimentOutputs {
  tables: Record<string, Table>;
  figures: Array<{ name: string; caption: string; spec: FigureSpec }>;
}
