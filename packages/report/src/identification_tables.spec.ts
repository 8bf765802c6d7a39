import type { ScoredSuspect } from '@fpb/metrics';
import { familyAucTable, TABLE_FOUR_COLUMNS, tableFive, tableFour } from './identification_tables';

const suspect = (family: string, kind: ScoredSuspect['kind'], score: number, i: number): ScoredSuspect => ({
  id: `${family}/${i}`,
  family,
  kind,
  use: i % 2 === 0 ? 'calibration' : 'evaluation',
  score,
});

describe('per-family AUC', () => {
  it('scores each piracy family against the homologous models alone, and names the worst', () => {
    const suspects = [
      suspect('HM_SA', 'HM', 0.2, 0),
      suspect('HM_DA', 'HM', 0.6, 0),
      // PM_FL beats both homologous models: AUC 1.
      suspect('PM_FL', 'PM', 0.9, 0),
      suspect('PM_FL', 'PM', 0.8, 1),
      suspect('EM_DA_Pr', 'EM', 0.5, 0),
      suspect('EM_DA_Pr', 'EM', 0.6, 1),
    ];
    const table = familyAucTable([{ name: 'M', suspects }], 'test');
    expect(table.columns).toEqual(['Method', 'PM_FL', 'EM_DA_Pr', 'Worst family']);
    // EM_DA_Pr pairs: 0.5 > 0.2 (1), 0.5 < 0.6 (0), 0.6 > 0.2 (1), 0.6 = 0.6 (0.5): 2.5 / 4.
    expect(table.rows).toEqual([['M', '1.000', '0.625', 'EM_DA_Pr']]);
  });

  it('compares a family answering another task with the homologous models of that task only', () => {
    const task = 'five-groups';
    const suspects = [
      suspect('HM_SA', 'HM', 0.2, 0),
      { ...suspect('HM_TL', 'HM', 0.7, 0), task },
      // 0.6 beats HM_SA but not HM_TL: against its own task's models its AUC is 0, PM_FL's 1 (HM_TL is not its task's).
      { ...suspect('PM_TL', 'PM', 0.6, 0), task },
      suspect('PM_FL', 'PM', 0.5, 0),
    ];
    expect(familyAucTable([{ name: 'M', suspects }], 'test').rows).toEqual([['M', '0.000', '1.000', 'PM_TL']]);
  });

  it("shows '-' for a family an identification could not score, and finds the worst among the rest", () => {
    const scoredAll = [suspect('HM_SA', 'HM', 0.2, 0), suspect('PM_TL', 'PM', 0.1, 0), suspect('PM_FL', 'PM', 0.9, 0)];
    const table = familyAucTable(
      [
        { name: 'Grouped', suspects: scoredAll },
        { name: 'Victim-only', suspects: scoredAll.filter((s) => s.family !== 'PM_TL') },
      ],
      'test',
    );
    expect(table.rows).toEqual([
      ['Grouped', '0.000', '1.000', 'PM_TL'],
      ['Victim-only', '-', '1.000', 'PM_FL'],
    ]);
  });
});

describe('Table IV and Table V', () => {
  it("gives a threshold row its rates, a clustering row only MIR and FIR, an empty fingerprint '-'", () => {
    const summary = { threshold: 0.12345, mir: 0.1, fir: 0.25, auc: 0.875, tpr1: 0.5, tpr5: 0.75, aruc: 0.6 };
    const t = tableFour('t', [
      { kind: 'threshold', name: 'A', summary, unscorable: 0, queries: 10, buildSeconds: 2.25 },
      { kind: 'clustering', name: 'A (Clustering)', mir: 0, fir: 0.5, unscorable: 3, queries: 10, buildSeconds: 2.25 },
      { kind: 'empty', name: 'B', queries: 0, buildSeconds: 7 },
    ]);
    expect(t.columns).toEqual(TABLE_FOUR_COLUMNS);
    expect(t.rows).toEqual([
      ['A', '0.10', '0.25', '0.875', '0.50', '0.75', '0.600', '0.1235', 10, '2.3', 0],
      ['A (Clustering)', '0.00', '0.50', '-', '-', '-', '-', '-', 10, '2.3', 3],
      ['B (empty fingerprint)', '-', '-', '-', '-', '-', '-', '-', 0, '7.0', '-'],
    ]);
  });

  it('lists MIR and FIR per kind, PM, EM, HM, one column per algorithm', () => {
    const perKind = (m: number) => ({ PM: { mir: m, fir: 0 }, EM: { mir: 0, fir: m }, HM: { mir: 1, fir: 1 } });
    const t = tableFive('t', [
      { label: 'KMeans', perKind: perKind(0.25) },
      { label: 'SC', perKind: perKind(0.5) },
    ]);
    expect(t.columns).toEqual(['Clustering', 'KMeans', 'SC']);
    expect(t.rows).toEqual([
      ['MIR (PMs)', '0.25', '0.50'],
      ['FIR (PMs)', '0.00', '0.00'],
      ['MIR (EMs)', '0.00', '0.00'],
      ['FIR (EMs)', '0.25', '0.50'],
      ['MIR (HMs)', '1.00', '1.00'],
      ['FIR (HMs)', '1.00', '1.00'],
    ]);
  });
});
