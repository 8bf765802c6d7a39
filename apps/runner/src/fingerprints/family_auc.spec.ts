import { familyAucTable } from './family_auc';
import type { ScoredSuspect } from './identification_summary';

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
});
