import { emDifferentLabels, emDifferentProbabilities, emSameLabels, emSameProbabilities } from './extraction';
import type { Family } from './family';
import { hmDifferentArchitecture, hmSameArchitecture } from './homologous';
import { pmAdversarial, pmFineTuneAll, pmFineTuneLast, pmPruning } from './post_processing';
import { victimFamily } from './victim';

/** Every family of the zoo, in DeepCore Table I order (the victim first: everything derives from it). */
export const FAMILIES: readonly Family[] = Object.freeze([
  victimFamily,
  hmSameArchitecture,
  hmDifferentArchitecture,
  pmPruning,
  pmFineTuneLast,
  pmFineTuneAll,
  pmAdversarial,
  emSameLabels,
  emDifferentLabels,
  emSameProbabilities,
  emDifferentProbabilities,
]);

const names = new Set<string>();
for (const f of FAMILIES) {
  if (names.has(f.name)) throw new Error(`duplicate family '${f.name}'`);
  names.add(f.name);
}

export function getFamily(name: string): Family {
  const f = FAMILIES.find((x) => x.name === name);
  if (!f) throw new Error(`unknown family '${name}'; known: ${FAMILIES.map((x) => x.name).join(', ')}`);
  return f;
}
