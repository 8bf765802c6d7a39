import { familyAucTable } from './family_auc';

describe('per-family AUC', () => {
  it('scores each piracy family against the homologous models alone, and names the worst', () => {
    const suspects = [
      { family: 'HM_SA', homologous: true, score: 0.2 },
      { family: 'HM_DA', homologous: true, score: 0.6 },
      // PM_FL beats both homologous models: AUC 1.
      { family: 'PM_FL', homologous: false, score: 0.9 },
      { family: 'PM_FL', homologous: false, score: 0.8 },
      { family: 'EM_DA_Pr', homologous: false, score: 0.5 },
      { family: 'EM_DA_Pr', homologous: false, score: 0.6 },
    ];
    const table = familyAucTable([{ name: 'M', suspects }], 'test');
    expect(table.columns).toEqual(['Method', 'PM_FL', 'EM_DA_Pr', 'Worst family']);
    // EM_DA_Pr pairs: 0.5 > 0.2 (1), 0.5 < 0.6 (0), 0.6 > 0.2 (1), 0.6 = 0.6 (0.5): 2.5 / 4.
    expect(table.rows).toEqual([['M', '1.000', '0.625', 'EM_DA_Pr']]);
  });
});
