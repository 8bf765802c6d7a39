import { architectureOf } from '../zoo_scales';
import type { Family } from './family';

export const victimFamily: Family = {
  name: 'victim',
  kind: 'victim',
  set: 'table1',
  counts: { tiny: 1, mini: 1, paper: 1 },
  description: "the model to protect: the scale's victim architecture trained on X_v",
  recipes: (scale, seed) => [
    {
      id: 'victim',
      family: 'victim',
      role: 'victim',
      ...architectureOf(scale.base.victim),
      procedure: scale.importedVictim
        ? { kind: 'import', sha256: scale.importedVictim.sha256 }
        : { kind: 'train', data: 'X_v', overlap: 0 },
      train: scale.base.victim.train,
      seed,
    },
  ],
};
