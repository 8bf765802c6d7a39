import { assignUses, kindOf, type ZooMember } from './suspect_roles';

const family = (name: string, n: number, role: ZooMember['role']): ZooMember[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${name}/${i}`, family: name, role }));

describe('assignUses', () => {
  const zoo = [
    ...family('victim', 1, 'victim'),
    ...family('HM_SA', 3, 'homologous'),
    ...family('PM_FA', 3, 'piracy'),
    ...family('PM_FL', 1, 'piracy'),
    ...family('HM_DA', 1, 'homologous'),
  ];
  const uses = assignUses(zoo);

  it('takes the first model of helper families with two or more, and never the victim', () => {
    expect(uses.get('HM_SA/0')).toBe('helper-negative');
    expect(uses.get('PM_FA/0')).toBe('helper-positive');
    // HM_DA has a single model: it stays a suspect.
    expect(uses.get('HM_DA/0')).not.toMatch(/helper/);
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

  it('sorts families into Table V kinds', () => {
    const kinds = (
      [
        ['HM_SA', 'homologous'],
        ['FB_MN_FA', 'homologous'],
        ['PM_P', 'piracy'],
        ['EM_DA_Pr', 'piracy'],
        ['FB_KO', 'piracy'],
        ['FB_WP', 'piracy'],
      ] as const
    ).map(([f, role]) => kindOf({ family: f, role }));
    expect(kinds).toEqual(['HM', 'HM', 'PM', 'EM', 'EM', 'PM']);
  });
});
