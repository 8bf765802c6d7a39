import { homologous } from './families/homologous';
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
    ...members(byName('PM_FL'), 1),
    ...members(byName('HM_DA'), 1),
  ];
  const uses = assignUses(zoo);

  it('takes the first model of families that lend a helper and have two or more, and never the victim', () => {
    expect(uses.get('HM_SA/0')).toBe('helper-negative');
    expect(uses.get('PM_FA/0')).toBe('helper-positive');
    // HM_DA lends a helper but has a single model here: it stays a suspect.
    expect(uses.get('HM_DA/0')).toBe('evaluation');
    expect(uses.has('victim/0')).toBe(false);
  });

  it('alternates calibration and evaluation across the remaining suspects in family order', () => {
    expect(['HM_SA/1', 'HM_SA/2', 'PM_FA/1', 'PM_FA/2', 'PM_FL/0', 'HM_DA/0'].map((id) => uses.get(id))).toEqual([
      'calibration',
      'evaluation',
      'calibration',
      'evaluation',
      'calibration',
      'evaluation',
    ]);
  });

  it('a family that lends no helper keeps every model a suspect', () => {
    const plain = homologous({
      name: 'HM_X',
      description: '',
      counts: { tiny: 2, mini: 2, paper: 2 },
      sameArchitecture: true,
    });
    const only = assignUses(members(plain, 2));
    expect([...only.values()]).toEqual(['calibration', 'evaluation']);
  });
});

describe('family kinds', () => {
  it('every family carries the Table V kind its provenance gives', () => {
    const kinds = Object.fromEntries(FAMILIES.map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({
      victim: 'victim',
      HM_SA: 'HM',
      HM_DA: 'HM',
      PM_P: 'PM',
      PM_FL: 'PM',
      PM_FA: 'PM',
      PM_Adv: 'PM',
      EM_SA_L: 'EM',
      EM_DA_L: 'EM',
      EM_SA_Pr: 'EM',
      EM_DA_Pr: 'EM',
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
