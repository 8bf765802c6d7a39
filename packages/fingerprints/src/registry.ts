import type { FingerprintMethod, PaperDataset, PaperRates, Verdict } from './method';
import { akh } from './methods/akh';
import { deepCore } from './methods/deepcore';
import { fbi } from './methods/fbi';
import { modelDiff } from './methods/modeldiff';
import { zest } from './methods/zest';
import { fuap } from './methods/fuap';
import { ipGuard } from './methods/ipguard';
import { metaFinger } from './methods/metafinger';
import { metaV } from './methods/metav';
import { naturalFinger } from './methods/naturalfinger';
import { pmi } from './methods/pmi';
import { sacM, sacW } from './methods/sac';

/** The row labels a method's identifications take in every table: its name and its alternative scores. */
export const identificationNames = (m: FingerprintMethod): string[] => [
  m.name,
  ...Object.keys(m.alternativeScores ?? {}),
];

/** A verdict's score under one of the method's identifications: its own score, or an alternative's detail. */
export function identificationScore(m: FingerprintMethod, verdict: Verdict, identification: string): number {
  const key = m.alternativeScores?.[identification];
  return key === undefined ? verdict.score : verdict.details![key];
}

/** Table IV's row of a method's clustering identification (KMeans; Table V gives the others). */
export const clusteringRowName = (m: FingerprintMethod): string | undefined =>
  m.clustering ? `${m.clustering.name} (Clustering, KMeans)` : undefined;

/**
 * Methods by id, in table order. It refuses a second method with the same id or the same row label,
 * since tables and caches are keyed by them; `with` gives a registry with one more (a test's fake).
 */
export class MethodRegistry {
  readonly all: readonly FingerprintMethod[];
  private readonly byId = new Map<string, FingerprintMethod>();

  constructor(methods: readonly FingerprintMethod[]) {
    const labels = new Set<string>();
    for (const m of methods) {
      if (this.byId.has(m.id)) throw new Error(`duplicate fingerprinting method id '${m.id}'`);
      for (const label of identificationNames(m)) {
        if (labels.has(label)) throw new Error(`fingerprinting method '${m.id}': row label '${label}' is taken`);
        labels.add(label);
      }
      this.byId.set(m.id, m);
    }
    this.all = [...methods];
  }

  get(id: string): FingerprintMethod {
    const m = this.byId.get(id);
    if (!m) throw new Error(`unknown fingerprinting method '${id}'; choose from ${this.ids().join(', ')}`);
    return m;
  }

  ids(): string[] {
    return this.all.map((m) => m.id);
  }

  with(method: FingerprintMethod): MethodRegistry {
    return new MethodRegistry([...this.all, method]);
  }
}

/** Every fingerprinting method. Adding a baseline: one file in methods/ and one line here. */
export const REGISTRY = new MethodRegistry([
  deepCore,
  sacW,
  sacM,
  fuap,
  ipGuard,
  metaFinger,
  metaV,
  pmi,
  naturalFinger,
  akh,
  fbi,
  modelDiff,
  zest,
]);

export const METHODS = REGISTRY.all;

export const getMethod = (id: string): FingerprintMethod => REGISTRY.get(id);

/** DeepCore's Table IV rates of every identification the paper reports, by row label, from the methods themselves. */
export function paperTableFour(
  methods: readonly FingerprintMethod[],
  dataset: PaperDataset,
): Record<string, PaperRates> {
  return Object.assign({}, ...methods.map((m) => m.paperTableFour?.[dataset] ?? {}));
}
