import { FAMILIES } from './families/registry';
import type { Family } from './families/family';
import { assignUses, type ZooMember } from './suspect_roles';
import { getZooScale } from './zoo_scales';

const byName = (name: string) => FAMILIES.find((f) => f.name === name)!;
const members = (family: Family, n: number): ZooMember[] =>
  Array.from({ length: n }, (_, i) => ({ recipe: { id: `${family.name}/${i}` }, family }));

describe('assignUses', () => {
  const zoo = [
    ...members(byName('victim'), 1),
    ...members(byName('HM_SA'), 3),
    ...members(byName('PM_FA'), 3),
    ...members(byName('HELP_P_FA'), 2),
    ...members(byName('PM_FL'), 1),
    ...members(byName('HELP_N_DA'), 2),
    ...members(byName('HM_DA'), 1),
  ];
  const uses = assignUses(zoo);

  it('gives every model of a helper family to the helpers, no suspect, and never the victim', () => {
    expect(['HELP_P_FA/0', 'HELP_P_FA/1'].map((id) => uses.get(id))).toEqual(['helper-positive', 'helper-positive']);
    expect(['HELP_N_DA/0', 'HELP_N_DA/1'].map((id) => uses.get(id))).toEqual(['helper-negative', 'helper-negative']);
    expect(uses.has('victim/0')).toBe(false);
    expect([...uses.values()].filter((u) => u.startsWith('helper'))).toHaveLength(4);
  });

  it('alternates calibration and evaluation across every suspect in family order', () => {
    expect(
      ['HM_SA/0', 'HM_SA/1', 'HM_SA/2', 'PM_FA/0', 'PM_FA/1', 'PM_FA/2', 'PM_FL/0', 'HM_DA/0'].map((id) =>
        uses.get(id),
      ),
    ).toEqual([
      'calibration',
      'evaluation',
      'calibration',
      'evaluation',
      'calibration',
      'evaluation',
      'calibration',
      'evaluation',
    ]);
  });

  it('at mini, 4 positive and 4 negative helpers, other architectures among them', () => {
    const mini = getZooScale('mini');
    const helpers = FAMILIES.filter((f) => f.helper).flatMap((f) =>
      f.recipes(mini, 0).map((r) => ({ r, side: f.helper })),
    );
    expect(helpers.filter((h) => h.side === 'positive')).toHaveLength(4);
    expect(helpers.filter((h) => h.side === 'negative')).toHaveLength(4);
    const victim = mini.base.victim.architecture;
    for (const side of ['positive', 'negative'])
      expect(helpers.some((h) => h.side === side && h.r.architecture !== victim)).toBe(true);
  });
});

describe('family kinds', () => {
  it('every family carries the Table V kind its provenance gives', () => {
    const kinds = Object.fromEntries(FAMILIES.map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({
      victim: 'victim',
      HM_SA: 'HM',
      HM_DA: 'HM',
      HM_TL: 'HM',
      PM_P: 'PM',
      PM_FL: 'PM',
      PM_FA: 'PM',
      PM_Adv: 'PM',
      EM_Adv: 'EM',
      PM_MP: 'PM',
      PM_Q: 'PM',
      PM_TL: 'PM',
      EM_SA_L: 'EM',
      EM_DA_L: 'EM',
      EM_SA_Pr: 'EM',
      EM_DA_Pr: 'EM',
      HELP_P_FA: 'PM',
      HELP_P_EM: 'EM',
      HELP_N_SA: 'HM',
      HELP_N_DA: 'HM',
      HM_OV: 'HM',
      FB_WP: 'PM',
      FB_WN: 'PM',
      FB_AR: 'PM',
      FB_KO: 'EM',
      FB_MIRROR: 'HM',
      FB_MN_FA: 'HM',
      FB_MN_P: 'HM',
      FB_MN_EM: 'HM',
    });
  });

  it('a recipe carries the role of its kind, so cache keys keep their meaning', () => {
    for (const f of FAMILIES)
      for (const r of f.recipes(getZooScale('tiny'), 0))
        expect(`${f.name}: ${r.role}`).toBe(
          `${f.name}: ${{ victim: 'victim', HM: 'homologous', PM: 'piracy', EM: 'piracy' }[f.kind]}`,
        );
  });
});
