import { SCALE_NAMES } from '@fpb/models';
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
