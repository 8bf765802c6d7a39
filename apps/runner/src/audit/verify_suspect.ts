import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  identificationScore,
  judge,
  modelOracle,
  readPortableFingerprint,
  REGISTRY,
  type Fingerprint,
  type FingerprintMethod,
  type Oracle,
} from '@fpb/fingerprints';
import { isFlagged } from '@fpb/metrics';
import { loadModel } from '@fpb/models';
import { initBackend, type BackendChoice } from '@fpb/tensor';
import { httpOracle } from './http_oracle';
import { readImport } from './import_model';
import { externalOracle, isExternalModel } from './external_classifier';

export interface VerifyOptions {
  /** A portable fingerprint written by `fpb fingerprint`. */
  fingerprint: string;
  /** A saved model folder (its meta.json vouches for it), an imported model's folder, an .onnx or TorchScript file, or an http(s) URL that answers queries. */
  suspect: string;
  backend: BackendChoice;
  log: (line: string) => void;
}

export interface VerifyResult {
  score: number;
  threshold: number;
  copy: boolean;
  queries: number;
}

/** The suspect as an oracle: served over HTTP, an ONNX or TorchScript file, an imported model, or a saved model folder. */
async function suspectOracle(o: VerifyOptions, fp: Fingerprint, method: FingerprintMethod): Promise<Oracle> {
  if (/^https?:\/\//.test(o.suspect)) return httpOracle(o.suspect, fp, method);
  if (isExternalModel(o.suspect)) return externalOracle(o.suspect, fp);
  const imported = readImport(o.suspect);
  // One read into our architecture is a saved model too (a state dict has nothing else to run).
  if (imported && !imported.record.architecture) return externalOracle(imported.modelPath, fp);
  if (!imported && !existsSync(join(o.suspect, 'meta.json')))
    throw new Error(
      `suspect ${o.suspect} is none of: a saved model folder (with meta.json), a folder made by fpb import, an .onnx or TorchScript (.pt) file, an http(s) URL`,
    );
  await initBackend(o.backend, o.log);
  const { model } = await loadModel(o.suspect);
  return modelOracle(model);
}

/**
 * Scores one suspect against a portable fingerprint and judges it by the fingerprint's calibrated
 * threshold: a copy when the score is above it. The suspect is seen only through its answers.
 */
export async function verifySuspect(o: VerifyOptions): Promise<VerifyResult> {
  const { fingerprint, calibration } = readPortableFingerprint(o.fingerprint);
  const method = REGISTRY.get(fingerprint.method);
  const oracle = await suspectOracle(o, fingerprint, method);
  const judged = judge(method, fingerprint, oracle);
  if (judged.kind === 'unscorable') {
    const able = REGISTRY.all.filter((m) => m.labelSpace.kind !== 'victim-only').map((m) => m.id);
    throw new Error(`${judged.reason}; judge this suspect with a fingerprint of a method that can: ${able.join(', ')}`);
  }
  if (judged.classMap)
    o.log(
      `the suspect answers ${oracle.numClasses} labels, the victim ${fingerprint.numClasses}: its answers put the victim's classes ` +
        `${judged.classMap.map((g, c) => `${c}->${g}`).join(' ')}, and the victim's outputs are grouped alike`,
    );
  // The score of the identification the threshold was calibrated for: the method's own, or an alternative.
  const score = identificationScore(method, judged.verdict, calibration.identification);
  const copy = isFlagged(score, calibration.threshold);
  const e = calibration.evaluation;
  o.log(
    `${calibration.identification}: score ${score.toFixed(4)}, threshold ${calibration.threshold.toFixed(4)}: ${copy ? 'COPY (piracy)' : 'INDEPENDENT'} (${oracle.queries} queries)`,
  );
  o.log(
    `threshold calibrated on ${calibration.calibratedOn}; on ${e.suspects} held-out suspects it gave MIR ${e.mir.toFixed(2)}, FIR ${e.fir.toFixed(2)}, AUC ${e.auc.toFixed(3)}`,
  );
  return { score, threshold: calibration.threshold, copy, queries: oracle.queries };
}
