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

const byId = new Map<string, FingerprintMethod>();
for (const m of METHODS) {
  if (byId.has(m.id)) throw new Error(`duplicate fingerprinting method id '${m.id}'`);
  byId.set(m.id, m);
}

export function getMethod(id: string): FingerprintMethod {
  const m = byId.get(id);
  if (!m) throw new Error(`unknown fingerprinting method '${id}'; choose from ${METHODS.map((x) => x.id).join(', ')}`);
  return m;
}
