import { readFileSync } from 'node:fs';
import { canonicalJson, sha256Hex, writeFileAtomically } from '@fpb/files';
import { z } from 'zod';
import type { Fingerprint } from './method';
import { IMAGE_SIZE } from './oracle';

const FORMAT = 'fingerprint-bench/portable-fingerprint@1';

/** Where a portable fingerprint's threshold comes from, so a verdict can say what it rests on. */
export const CalibrationSchema = z.object({
  /** The identification whose score the threshold applies to (a Table IV row label). */
  identification: z.string(),
  threshold: z.number(),
  /** E.g. "mini zoo (seed 0): 51 calibration suspects". */
  calibratedOn: z.string(),
  /** MIR, FIR and AUC of this threshold on the zoo's evaluation half. */
  evaluation: z.object({ mir: z.number(), fir: z.number(), auc: z.number(), suspects: z.number().int() }),
});
export type Calibration = z.infer<typeof CalibrationSchema>;

const FileSchema = z.object({
  format: z.literal(FORMAT),
  method: z.string(),
  count: z.number().int().nonnegative(),
  numClasses: z.number().int().positive(),
  info: z.record(z.string(), z.unknown()),
  calibration: CalibrationSchema,
  /** Float32 arrays, little-endian, base64: inputs, victimOutputs and the method's own. */
  arrays: z.record(z.string(), z.string()),
  sha256: z.string(),
});

const base64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const floats = (s: string) => {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

/**
 * One file that carries a fingerprint anywhere: its queries, the victim's outputs, the method's
 * arrays and details, and the calibrated threshold; a SHA-256 over the rest makes it tamper-evident.
 */
export function writePortableFingerprint(path: string, fp: Fingerprint, calibration: Calibration): void {
  const content = {
    format: FORMAT,
    method: fp.method,
    count: fp.count,
    numClasses: fp.numClasses,
    info: fp.info as Record<string, unknown>,
    calibration,
    arrays: Object.fromEntries(
      Object.entries({ inputs: fp.inputs, victimOutputs: fp.victimOutputs, ...fp.arrays }).map(([k, a]) => [
        k,
        base64(a),
      ]),
    ),
  };
  writeFileAtomically(path, JSON.stringify({ ...content, sha256: sha256Hex(canonicalJson(content)) }));
}

/** Reads a portable fingerprint; one line names the file and what is wrong with it. */
export function readPortableFingerprint(path: string): { fingerprint: Fingerprint; calibration: Calibration } {
  let parsed: z.infer<typeof FileSchema>;
  try {
    parsed = FileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (e) {
    const why =
      e instanceof z.ZodError
        ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
        : (e as Error).message;
    throw new Error(`${path}: not a portable fingerprint (${why.split('\n')[0]}); make one with fpb fingerprint`, {
      cause: e,
    });
  }
  const { sha256, ...content } = parsed;
  if (sha256Hex(canonicalJson(content)) !== sha256)
    throw new Error(`${path}: fails its SHA-256 check (altered or damaged); make it again with fpb fingerprint`);
  const { inputs, victimOutputs, ...arrays } = Object.fromEntries(
    Object.entries(content.arrays).map(([k, s]) => [k, floats(s)]),
  );
  if (inputs.length !== content.count * IMAGE_SIZE || victimOutputs.length !== content.count * content.numClasses)
    throw new Error(`${path}: its arrays do not hold ${content.count} queries; make it again with fpb fingerprint`);
  return {
    fingerprint: {
      method: content.method,
      count: content.count,
      numClasses: content.numClasses,
      inputs,
      victimOutputs,
      arrays,
      info: content.info,
    },
    calibration: content.calibration,
  };
}
