import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FingerprintCorruptError, loadFingerprint, saveFingerprint, type BuildInputs, type Fingerprint, type FingerprintMethod } from '@fpb/fingerprints';
import { canonicalJson } from '@fpb/zoo';

/** Fingerprints are kept beside the zoo they were made from: deleting the zoo deletes them too. */
export function fingerprintCacheDir(zooDir: string): string {
  return join(zooDir, 'fingerprints');
}

/**
 * Content address of a fingerprint: the method, its settings at this budget, the exact victim and
 * helper builds it was made from, and the seed. Retraining the victim or a helper makes a new one.
 */
export function fingerprintKey(method: FingerprintMethod, budget: BuildInputs['budget'], seed: number, victimBuild: string, helperBuilds: string[]): string {
  const recipe = { format: 1, method: method.id, settings: method.settings[budget], seed, victimBuild, helperBuilds };
  return createHash('sha256').update(canonicalJson(recipe)).digest('hex').slice(0, 16);
}

/** The cached fingerprint when it is there and intact; otherwise builds, saves and returns a new one. */
export async function loadOrBuildFingerprint(
  dir: string,
  method: FingerprintMethod,
  inputs: BuildInputs,
  key: string,
): Promise<{ fingerprint: Fingerprint; buildSeconds: number; cached: boolean }> {
  const folder = join(dir, `${method.id}-${key}`);
  if (existsSync(folder)) {
    try {
      const { fingerprint, record } = loadFingerprint(folder);
      return { fingerprint, buildSeconds: Number(record.buildSeconds), cached: true };
    } catch (e) {
      if (!(e instanceof FingerprintCorruptError)) throw e;
      inputs.log(`warning: rebuilding ${method.name}: ${e.message}`);
    }
  }
  const started = Date.now();
  const fingerprint = await method.build(inputs);
  const buildSeconds = (Date.now() - started) / 1000;
  saveFingerprint(folder, fingerprint, { key, buildSeconds, settings: method.settings[inputs.budget], savedAt: new Date().toISOString() });
  return { fingerprint, buildSeconds, cached: false };
}
