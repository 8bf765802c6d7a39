import type { FingerprintMethod } from './method';
import { clusteringRowName, identificationNames } from './registry';

/** The README's block between these markers is generated from the registry (methods_table.spec.ts checks it). */
export const METHODS_TABLE_MARKERS = [
  '<!-- methods table: generated from the registry -->',
  '<!-- end of methods table -->',
];

/**
 * The registry as a Markdown table: id, Table IV rows, what a build needs, how ARUC reads the score,
 * the paper's CIFAR-10 MIR / FIR, and what the method is excused from on the tiny test zoo.
 */
export function methodsTable(methods: readonly FingerprintMethod[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const paper = (m: FingerprintMethod) =>
    Object.entries(m.paperTableFour?.cifar10 ?? {})
      .map(([row, r]) => `${row}: ${r.mir.toFixed(2)} / ${r.fir.toFixed(2)}`)
      .join('; ') || '-';
  const rows = methods.map((m) =>
    [
      `\`${m.id}\``,
      [...identificationNames(m), clusteringRowName(m)].filter(Boolean).join('; '),
      m.needsHelpers ? 'victim + helper models' : 'victim',
      m.scoreIsMatchingRate ? 'matching rate (raw)' : 'min-max normalised',
      paper(m),
      m.tinyLimits?.cannotSeparate ?? '-',
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    '| id | Table IV rows | build needs | score for ARUC | paper CIFAR-10 MIR / FIR | excused at tiny |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}
