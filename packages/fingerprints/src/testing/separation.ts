import type { Fingerprint, FingerprintMethod } from '../method';
import { modelOracle } from '../oracle';
import type { tf } from '@fpb/tensor';

/** Mean score of the piracy and of the homologous suspects under one method's fingerprint. */
export function meanScores(
  method: FingerprintMethod,
  fingerprint: Fingerprint,
  suspects: { piracy: tf.LayersModel[]; homologous: tf.LayersModel[] },
): { piracy: number; homologous: number } {
  const mean = (models: tf.LayersModel[]) =>
    models.reduce((sum, m) => sum + method.score(fingerprint, modelOracle(m)).score, 0) / models.length;
  return { piracy: mean(suspects.piracy), homologous: mean(suspects.homologous) };
}

/** Fails unless piracy suspects score above homologous ones on average: a constant method fails it. */
export function expectSeparates(
  method: FingerprintMethod,
  fingerprint: Fingerprint,
  suspects: { piracy: tf.LayersModel[]; homologous: tf.LayersModel[] },
): void {
  const m = meanScores(method, fingerprint, suspects);
  if (!(m.piracy > m.homologous))
    throw new Error(
      `${method.id}: piracy suspects score ${m.piracy} on average, not above the homologous ones' ${m.homologous}`,
    );
}
