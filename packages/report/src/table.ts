import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomically } from '@fpb/files';

export interface Table {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

/** The table as CSV (csv-stringify, RFC 4180 quoting). */
export function toCsv(t: Table): string {
  return stringify([t.columns, ...t.rows]);
}

/** The table as a GitHub-flavoured Markdown table under a heading. */
export function toMarkdown(t: Table): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: Array<string | number>) => `| ${cells.map(cell).join(' | ')} |`;
  return [`### ${t.title}`, '', line(t.columns), line(t.columns.map(() => '---')), ...t.rows.map(line), ''].join('\n');
}

/** Writes `<dir>/<name>.csv` and `<dir>/<name>.md`, each through a temporary file and a rename. */
export function writeTable(dir: string, name: string, t: Table): { csv: string; markdown: string } {
  const csv = join(dir, `${name}.csv`);
  const markdown = join(dir, `${name}.md`);
  writeFileAtomically(csv, toCsv(t));
  writeFileAtomically(markdown, toMarkdown(t));
  return { csv, markdown };
}

/** A number as a table cell with fixed decimals; `-` where it is not finite (an undefined rate). */
export function numberCell(v: number, decimals = 3): string {
  return Number.isFinite(v) ? v.toFixed(decimals) : '-';
}

/** `mean ± std` (population std) with fixed decimals; `-` for no values. */
export function meanStd(values: number[], decimals = 3): string {
  if (values.length === 0) return '-';
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return `${mean.toFixed(decimals)} ± ${std.toFixed(decimals)}`;
}

/**
 * The table with reference values beside each row, looked up by the row's first cell ('-' where the
 * reference has none): e.g. a paper's MIR and FIR beside ours.
 */
export function withReferenceColumns(
  t: Table,
  reference: Readonly<Record<string, ReadonlyArray<string | number>>>,
  columns: readonly string[],
): Table {
  return {
    ...t,
    columns: [...t.columns, ...columns],
    rows: t.rows.map((r) => [...r, ...(reference[String(r[0])] ?? columns.map(() => '-'))]),
  };
}
