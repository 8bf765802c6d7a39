import { deriveSeed } from '@fpb/tensor';
import { architectureOf } from '../zoo_scales';
import { spread, type Family } from './family';

/**
 * The overlap sweep: homologous models of the victim's architecture trained on an X_h that shares a
 * share r of X_v, r spread over [0, 1] (0.0, 0.1, ..., 1.0 with 11 models). At r = 1 the data is
 * X_v itself: only the seed separates the model from the victim.
 */
export const hmOverlapSweep: Family = {
  name: 'HM_OV',
  kind: 'HM',
  set: 'overlap',
  // mini sweeps r = 0, 0.2, ..., 1 so that the experiment adds well under an hour on 2 cores.
  counts: { tiny: 3, mini: 6, paper: 11 },
  description: "independently trained on X_h sharing a share r of X_v (r from 0 to 1), the victim's architecture",
  recipes: (scale, seed) =>
    spread(hmOverlapSweep.counts[scale.name], 0, 1).map((r, i) => ({
      id: `HM_OV/${i}`,
      family: 'HM_OV',
      role: 'homologous' as const,
      ...architectureOf(scale.base.victim),
      procedure: { kind: 'train' as const, data: 'X_h' as const, overlap: Math.round(r * 100) / 100 },
      train: scale.training.homologous,
      seed: deriveSeed(seed, 'HM_OV', i),
    })),
};
