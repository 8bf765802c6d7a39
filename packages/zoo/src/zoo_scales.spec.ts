import { SCALE_NAMES, TrainConfigSchema } from '@fpb/models';
import { FAMILIES } from './families/registry';
import { getZooScale } from './zoo_scales';

describe('zoo scales', () => {
  it.each(SCALE_NAMES.filter((s) => s !== 'tiny'))(
    "%s: homologous models get the victim's recipe, and other architectures exclude the victim's",
    (name) => {
      const scale = getZooScale(name);
      expect(scale.training.homologous).toEqual(scale.base.victim.train);
      expect(scale.otherArchitectures.map((a) => a.architecture)).not.toContain(scale.base.victim.architecture);
    },
  );
});

describe('one loss for the whole zoo', () => {
  it.each(SCALE_NAMES)('%s: every recipe of every family trains with the label smoothing of the victim', (name) => {
    const scale = getZooScale(name);
    const victimSmoothing = TrainConfigSchema.parse(scale.base.victim.train).labelSmoothing;
    const smoothing = new Map<string, number>();
    for (const family of FAMILIES)
      for (const recipe of family.recipes(scale, 1))
        smoothing.set(recipe.id, TrainConfigSchema.parse(recipe.train).labelSmoothing);
    expect(smoothing.size).toBeGreaterThan(FAMILIES.length);
    const differing = [...smoothing].filter(([, s]) => s !== victimSmoothing);
    expect(differing).toEqual([]);
  });

  it('mini smooths labels (0.2), so the test above compares something', () => {
    expect(TrainConfigSchema.parse(getZooScale('mini').training.finetune).labelSmoothing).toBe(0.2);
  });
});
