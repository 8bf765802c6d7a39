import { rocAuc } from '@fpb/metrics';
import { numberCell, type Table } from '@fpb/report';
import type { ScoredSuspect } from './identification_summary';

/**
 * AUC of each piracy family against the homologous models, per identification: can a method tell
 * this attack from independent training at any threshold? Families in order of first appearance.
 */
export function familyAucTable(
  identifications: ReadonlyArray<{ name: string; suspects: readonly ScoredSuspect[] }>,
  description: string,
): Table {
  const families = [
    ...new Set(identifications.flatMap((id) => id.suspects.filter((s) => s.kind !== 'HM').map((s) => s.family))),
  ];
  return {
    title: `Per-family AUC: each piracy family against the homologous models (${description})`,
    columns: ['Method', ...families, 'Worst family'],
    rows: identifications.map(({ name, suspects }) => {
      const homologous = suspects.filter((s) => s.kind === 'HM').map((s) => ({ score: s.score, piracy: false }));
      const aucs = families.map((family) =>
        rocAuc([
          ...suspects.filter((s) => s.family === family).map((s) => ({ score: s.score, piracy: true })),
          ...homologous,
        ]),
      );
      return [name, ...aucs.map((a) => numberCell(a)), families[aucs.indexOf(Math.min(...aucs))]];
    }),
  };
}
