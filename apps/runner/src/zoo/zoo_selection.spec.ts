import { familiesOf, getZooScale, planZoo } from '@fpb/zoo';
import { interleaveFamilies, withDependencies } from './run_zoo';

const plan = planZoo(getZooScale('tiny'), 0, 'test-data', familiesOf(['table1', 'fingerbench']));
const ids = (xs: Array<{ planned: { recipe: { id: string } } }>) => xs.map((x) => x.planned.recipe.id).sort();

describe('withDependencies', () => {
  const missing = plan.map((planned) => ({ planned }));

  it('adds the victim and a mirror parent when they are missing too', () => {
    expect(ids(withDependencies(missing, ['FB_MN_FA/0'], plan))).toEqual(['FB_MIRROR/0', 'FB_MN_FA/0', 'victim']);
  });

  it('builds nothing that is already cached', () => {
    const withoutVictim = missing.filter((m) => m.planned.recipe.role !== 'victim');
    expect(ids(withDependencies(withoutVictim, ['PM_FA/0', 'EM_SA_L/0'], plan))).toEqual(['EM_SA_L/0', 'PM_FA/0']);
  });

  it('names unknown ids', () => {
    expect(() => withDependencies(missing, ['PM_FA/0', 'HM_OV/0'], plan)).toThrow(/unknown model id\(s\) HM_OV\/0/);
  });
});

describe('interleaveFamilies', () => {
  it('takes one model of each family per round, the victim first', () => {
    const order = interleaveFamilies(plan).map((p) => p.recipe.id);
    expect(order.slice(0, 3)).toEqual(['victim', 'HM_SA/0', 'HM_DA/0']);
    expect(order.indexOf('HM_SA/1')).toBeGreaterThan(order.indexOf('FB_MN_EM/0'));
  });
});
