import type { FingerprintMethod } from './method';
import { deepCore } from './methods/deepcore';
import { fuap } from './methods/fuap';
import { ipGuard } from './methods/ipguard';
import { metaFinger } from './methods/metafinger';
import { metaV } from './methods/metav';
import { naturalFinger } from './methods/naturalfinger';
import { pmi } from './methods/pmi';
import { sacM, sacW } from './methods/sac';

/** Every fingerprinting method, by id. Adding a baseline: one file in methods/ and one line here. */
export const METHODS: readonly FingerprintMethod[] = [
  deepCore,
  sacW,
  sacM,
  fuap,
  ipGuard,
  metaFinger,
  metaV,
  pmi,
  naturalFinger,
];

export function getMethod(id: string): FingerprintMethod {
  const m = METHODS.find((x) => x.id === id);
  if (!m) throw new Error(`unknown fingerprinting method '${id}'; choose from ${METHODS.map((x) => x.id).join(', ')}`);
  return m;
}
