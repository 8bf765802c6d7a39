import { ARCHITECTURES, loadModel } from '@fpb/models';
import {
  buildModel,
  getZooScale,
  type ExperimentData,
  type ImportedVictim,
  type PlannedModel,
  type ZooCache,
  type ZooScale,
} from '@fpb/zoo';
import { readImport } from './import_model';

/** The victim an import folder holds, refused in one line when it was imported as a suspect only. */
export function importedVictimAt(dir: string): ImportedVictim {
  const imported = readImport(dir);
  if (!imported) throw new Error(`--victim ${dir}: not a folder made by fpb import`);
  const { record } = imported;
  if (!record.architecture)
    throw new Error(
      `--victim ${dir}: imported as a suspect only; a victim's fingerprints need gradients through it: import it again with --architecture (${ARCHITECTURES.map((a) => a.name).join(', ')})`,
    );
  const { name, width, padding } = record.architecture;
  return { name: record.name, architecture: name, width, padding, sha256: record.model.sha256 };
}

/** A scale by name, built around the victim in an import folder when one is named (`--victim`). */
export const zooScaleFor = (name: string, victimDir: string | undefined): ZooScale =>
  getZooScale(name, victimDir === undefined ? undefined : importedVictimAt(victimDir));

/**
 * Puts an imported victim into the zoo cache under its recipe's key, with the zoo's record (test
 * accuracy on this experiment's data), so that every family derives from it as from a trained one.
 * Nothing happens when it is there already.
 */
export async function placeImportedVictim(
  dir: string,
  zoo: { plan: PlannedModel[]; cache: ZooCache; experiment: ExperimentData; backend: string },
  log: (line: string) => void,
): Promise<void> {
  const victim = zoo.plan.find((p) => p.recipe.role === 'victim')!;
  if (zoo.cache.status(victim).state === 'ready') return;
  const { model, metadata } = await loadModel(dir);
  const classes = zoo.experiment.data.train.numClasses;
  if (metadata.numClasses !== classes)
    throw new Error(`--victim ${dir} answers ${metadata.numClasses} classes; this experiment's data has ${classes}`);
  const saved = await buildModel(victim, { ...zoo, imported: model });
  log(
    `imported victim ${victim.recipe.architecture} w${victim.recipe.width} placed in the zoo cache: test accuracy ${((saved.accuracy ?? 0) * 100).toFixed(1)}% on this experiment's test set`,
  );
}
