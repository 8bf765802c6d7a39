import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FingerprintCorruptError,
  loadFingerprint,
  saveFingerprint,
  type BuildInputs,
  type Fingerprint,
  type FingerprintMethod,
  type Judgement,
} from '@fpb/fingerprints';
import { canonicalJson, contentKey, sha256Hex, writeFileAtomically } from '@fpb/files';
import { z } from 'zod';

/** Fingerprints are kept beside the zoo they were made from: deleting the zoo deletes them too. */
export function fingerprintCacheDir(zooDir: string): string {
  return join(zooDir, 'fingerprints');
}

/**
 * Content address of a fingerprint: the method, its build version and settings at this budget, the
 * exact victim and helper builds it was made from, and the seed. Retraining the victim or a helper, or
 * a new version of the method's code, makes a new one.
 */
export function fingerprintKey(
  method: FingerprintMethod,
  budget: BuildInputs['budget'],
  seed: number,
  victimBuild: string,
  helperBuilds: string[],
): string {
  const recipe = {
    format: 2,
    method: method.id,
    buildVersion: method.buildVersion,
    settings: method.settings[budget],
    seed,
    victimBuild,
    helperBuilds,
  };
  return contentKey(recipe);
}

/** Where the fingerprint of `method` under `key` is kept. */
export function fingerprintFolder(dir: string, method: FingerprintMethod, key: string): string {
  return join(dir, `${method.id}-${key}`);
}

/** The cached fingerprint when it is there and intact; otherwise builds, saves and returns a new one. */
export async function loadOrBuildFingerprint(
  dir: string,
  method: FingerprintMethod,
  inputs: BuildInputs,
  key: string,
  cachedOnly = false,
): Promise<{ fingerprint: Fingerprint; buildSeconds: number; cached: boolean; folder: string }> {
  const folder = fingerprintFolder(dir, method, key);
  if (existsSync(folder)) {
    try {
      const { fingerprint, record } = loadFingerprint(folder);
      const kept = FingerprintRecordSchema.safeParse(record);
      if (!kept.success) throw new FingerprintCorruptError(folder, 'its cache record is unreadable');
      return { fingerprint, buildSeconds: kept.data.buildSeconds, cached: true, folder };
    } catch (e) {
      if (!(e instanceof FingerprintCorruptError)) throw e;
      inputs.log(`warning: rebuilding ${method.name}: ${e.message}`);
    }
  }
  if (cachedOnly)
    throw new Error(
      `${method.name}: no cached fingerprint in ${folder}; run the experiment itself (not 'tables') to build it`,
    );
  const started = Date.now();
  const fingerprint = await method.build(inputs);
  const buildSeconds = (Date.now() - started) / 1000;
  const record: z.infer<typeof FingerprintRecordSchema> = {
    key,
    buildSeconds,
    settings: method.settings[inputs.budget],
    savedAt: new Date().toISOString(),
  };
  saveFingerprint(folder, fingerprint, record);
  return { fingerprint, buildSeconds, cached: false, folder };
}

/**
 * A fingerprint's judgement of one suspect build, and the queries it took, as its file holds them: a
 * verdict (with the class map when the suspect answered in other labels), or why it has none.
 */
const StoredVerdictSchema = z.union([
  z.object({
    verdict: z.object({
      score: z.number(),
      matchRate: z.number().optional(),
      details: z.record(z.string(), z.number()).optional(),
      outputs: z.array(z.number()).optional(),
    }),
    classMap: z.array(z.number().int().nonnegative()).optional(),
    queries: z.number().int().nonnegative(),
  }),
  z.object({ unscorable: z.string(), queries: z.number().int().nonnegative() }),
]);
type VerdictFile = z.infer<typeof StoredVerdictSchema>;
export type StoredVerdict = { judgement: Judgement; queries: number };

const fileOf = ({ judgement: j, queries }: StoredVerdict): VerdictFile =>
  j.kind === 'unscorable'
    ? { unscorable: j.reason, queries }
    : { verdict: j.verdict, ...(j.classMap ? { classMap: j.classMap } : {}), queries };

const storedOf = (file: VerdictFile): StoredVerdict =>
  'unscorable' in file
    ? { judgement: { kind: 'unscorable', reason: file.unscorable }, queries: file.queries }
    : {
        judgement: { kind: 'scored', verdict: file.verdict, ...(file.classMap ? { classMap: file.classMap } : {}) },
        queries: file.queries,
      };

/** What the cache keeps beside a fingerprint it built. */
const FingerprintRecordSchema = z.object({
  key: z.string(),
  buildSeconds: z.number().nonnegative(),
  settings: z.unknown(),
  savedAt: z.string(),
});

/**
 * Verdicts are kept beside their fingerprint, one file per suspect build (its folder name and build
 * id), so re-scoring an unchanged zoo is a file read and a rebuilt suspect is queried again.
 */
function verdictPath(folder: string, suspect: string, buildId: string): string {
  return join(folder, 'verdicts', `${suspect}-${buildId}.json`);
}

/** The checksum a verdict file carries: SHA-256 of its content in canonical JSON. */
const verdictSha = (file: VerdictFile) => sha256Hex(canonicalJson(file));

/**
 * A stored verdict, if it is there and intact. A file that is unreadable or fails its SHA-256 check
 * (an altered score would otherwise change the tables silently) is reported through `warn`, and the
 * suspect is queried again.
 */
export function readVerdict(
  folder: string,
  suspect: string,
  buildId: string,
  warn: (line: string) => void = () => undefined,
): StoredVerdict | undefined {
  const path = verdictPath(folder, suspect, buildId);
  if (!existsSync(path)) return undefined;
  try {
    const { sha256, ...content } = z.looseObject({ sha256: z.string() }).parse(JSON.parse(readFileSync(path, 'utf8')));
    const file = StoredVerdictSchema.parse(content);
    if (sha256 === verdictSha(content as VerdictFile)) return storedOf(file);
    warn(`warning: ${path} fails its SHA-256 check: querying ${suspect} again`);
  } catch {
    warn(`warning: ${path} is unreadable: querying ${suspect} again`);
  }
  return undefined;
}

export function writeVerdict(folder: string, suspect: string, buildId: string, stored: StoredVerdict): void {
  const file = fileOf(stored);
  writeFileAtomically(verdictPath(folder, suspect, buildId), JSON.stringify({ ...file, sha256: verdictSha(file) }));
}
