import {
  emAdversarialLabels,
  emDifferentLabels,
  emDifferentProbabilities,
  emSameLabels,
  emSameProbabilities,
} from './extraction';
import { ZOO_SETS, type Family, type ZooSet } from './family';
import { helperExtracted, helperFineTuned, helperHomologousOther, helperHomologousSame } from './helpers';
import { hmDifferentArchitecture, hmSameArchitecture, hmTransferTask } from './homologous';
import { hmOverlapSweep } from './overlap';
import { fbKnockoff, fbMirror, fbMirrorExtraction, fbMirrorFineTune, fbMirrorPruning } from './fingerbench';
import {
  fbAdversarialRatio,
  fbWeightNoise,
  fbWeightPruning,
  pmAdversarial,
  pmFineTuneAll,
  pmMagnitudePruning,
  pmQuantized,
  pmFineTuneLast,
  pmTransferLearning,
  pmPruning,
} from './post_processing';
import { victimFamily } from './victim';

/** Every family, the victim first (everything derives from it), then DeepCore Table I's order, the overlap sweep, FingerBench's additions. */
export const FAMILIES: readonly Family[] = Object.freeze([
  victimFamily,
  hmSameArchitecture,
  hmDifferentArchitecture,
  hmTransferTask,
  pmPruning,
  pmFineTuneLast,
  pmFineTuneAll,
  pmAdversarial,
  pmMagnitudePruning,
  pmQuantized,
  pmTransferLearning,
  emSameLabels,
  emDifferentLabels,
  emSameProbabilities,
  emDifferentProbabilities,
  emAdversarialLabels,
  helperFineTuned,
  helperExtracted,
  helperHomologousSame,
  helperHomologousOther,
  hmOverlapSweep,
  fbWeightPruning,
  fbWeightNoise,
  fbAdversarialRatio,
  fbKnockoff,
  fbMirror,
  fbMirrorFineTune,
  fbMirrorPruning,
  fbMirrorExtraction,
]);

const names = new Set<string>();
for (const f of FAMILIES) {
  if (names.has(f.name)) throw new Error(`duplicate family '${f.name}'`);
  names.add(f.name);
}

/** The families of the given sets, plus the victim that every set needs. */
export function familiesOf(sets: readonly string[]): Family[] {
  for (const s of sets)
    if (!(ZOO_SETS as readonly string[]).includes(s))
      throw new Error(`unknown zoo set '${s}'; known: ${ZOO_SETS.join(', ')}`);
  return FAMILIES.filter((f) => f.kind === 'victim' || sets.includes(f.set as ZooSet));
}
