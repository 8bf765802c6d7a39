import { dirname, basename, join } from 'node:path';
import { REGISTRY, writePortableFingerprint } from '@fpb/fingerprints';
import { runFingerprints, type RunFingerprintsOptions } from '../fingerprints/run_fingerprints';

export interface ExportFingerprintOptions extends Omit<RunFingerprintsOptions, 'methods'> {
  method: string;
  /** The portable fingerprint file to write. */
  out: string;
  /** Which identification's threshold to carry (default: the method's own row, e.g. DeepCore (L1_dist)). */
  identification?: string;
}

/**
 * Builds (or loads) one method's fingerprint of the zoo's victim, calibrates its threshold on the
 * zoo's calibration suspects as Table IV does, and writes both into one portable file. The
 * calibration's Table IV goes beside it (<out>-calibration/), so the threshold can be traced.
 */
export async function exportFingerprint(o: ExportFingerprintOptions): Promise<{ out: string; threshold: number }> {
  const method = REGISTRY.get(o.method);
  const identification = o.identification ?? method.name;
  const resultsDir = o.resultsDir ?? join(dirname(o.out), `${basename(o.out).replace(/\.[^.]*$/, '')}-calibration`);
  const run = await runFingerprints({ ...o, methods: [method.id], resultsDir });
  const fingerprint = run.fingerprints.get(method.id)!;
  if (fingerprint.count === 0)
    throw new Error(`${method.name}'s fingerprint is empty: there is nothing to verify with`);
  const calibrated = run.identifications.find((id) => id.name === identification);
  if (!calibrated)
    throw new Error(
      `${method.name} has no identification '${identification}'; choose from ${run.identifications.map((id) => id.name).join(', ')}`,
    );
  const uses = calibrated.suspects.map((s) => s.use);
  const s = calibrated.summary;
  writePortableFingerprint(o.out, fingerprint, {
    identification,
    threshold: s.threshold,
    calibratedOn: `the ${o.scale} zoo${o.victim === undefined ? '' : ` built around the imported victim ${basename(o.victim)}`} (seed ${o.seed}): ${uses.filter((u) => u === 'calibration').length} calibration suspects`,
    evaluation: { mir: s.mir, fir: s.fir, auc: s.auc, suspects: uses.filter((u) => u === 'evaluation').length },
  });
  o.log(`${identification}: ${fingerprint.count} queries and threshold ${s.threshold.toFixed(4)} written to ${o.out}`);
  return { out: o.out, threshold: s.threshold };
}
