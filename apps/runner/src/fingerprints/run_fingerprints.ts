import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  clusterCentreKinds,
  clusteringRowName,
  identificationNames,
  identificationScore,
  judge,
  REGISTRY,
  type MethodRegistry,
  modelOracle,
  nearestCentreKinds,
  type Budget,
  type BuildInputs,
  type ClusteringAlgorithm,
  type Fingerprint,
  type FingerprintMethod,
  type Judgement,
  type Verdict,
} from '@fpb/fingerprints';
import { checkFolderUsable, removeStaleTemporaries } from '@fpb/files';
import { readModelMetadata } from '@fpb/models';
import { isPiracy, summariseClustering, summariseThreshold, type ScoredSuspect } from '@fpb/metrics';
import {
  familyAucTable,
  numberCell,
  tableFive as buildTableFive,
  tableFour as buildTableFour,
  writeTable,
  type IdentificationCost,
  type Table,
  type TableFourRow,
} from '@fpb/report';
import { initBackend, type BackendChoice, type tf } from '@fpb/tensor';
import {
  assignUses,
  familiesOf,
  getZooScale,
  resultsLabel,
  loadExperimentData,
  overlapOf,
  planZoo,
  relabellingOf,
  suspectKind,
  ZooCache,
  zooCacheDir,
  zooRecordOf,
  zooWork,
  type ExperimentDataset,
  type Kind,
  type ModelRecipe,
  type PlannedModel,
  type SuspectKind,
  type Use,
  type ZooSet,
} from '@fpb/zoo';
import {
  fingerprintCacheDir,
  fingerprintFolder,
  fingerprintKey,
  loadOrBuildFingerprint,
  readVerdict,
  writeVerdict,
} from './fingerprint_cache';
import { zooScaleFor } from '../audit/imported_victim';

export interface RunFingerprintsOptions {
  scale: string;
  seed: number;
  backend: BackendChoice;
  dataDir?: string;
  /** Use CIFAR files that are not the official ones (other record counts or bytes), with a warning. */
  partialData?: boolean;
  /** A real dataset instead of the scale's own source (see loadExperimentData); CIFAR-100 experiments set it. */
  dataset?: ExperimentDataset;
  cacheDir?: string;
  resultsDir?: string;
  /** Method ids (default: all of the registry). */
  methods?: string[];
  /** Where method ids are looked up (default: every registered method); a test adds its fake here. */
  registry?: MethodRegistry;
  /**
   * Zoo sets scored besides Table I (which always is: it gives the helpers and the thresholds). Their
   * models, and the victim itself as the source model, come back in `others`, outside Tables IV-V.
   */
  extraSets?: ZooSet[];
  /** Use cached fingerprints only; fail rather than build one. */
  cachedOnly?: boolean;
  /** A folder made by `fpb import --architecture`: score the zoo built around that victim (fpb zoo --victim). */
  victim?: string;
  log: (line: string) => void;
}

export interface SuspectResult {
  id: string;
  family: string;
  kind: Kind;
  /** Piracy (or the victim itself) vs homologous: what an identification should answer. */
  positive: boolean;
  use: Use | 'other';
  recipe: ModelRecipe;
  /** Per method id: its verdict, or why it has none (a suspect in other labels than the victim's). */
  verdicts: Map<string, Judgement>;
}

/** A suspect's verdict under a method, or undefined where the method could not score it. */
export function verdictOf(r: SuspectResult, methodId: string): Verdict | undefined {
  const j = r.verdicts.get(methodId);
  if (!j) throw new Error(`${r.id} has no judgement from ${methodId}`);
  return j.kind === 'scored' ? j.verdict : undefined;
}

const ALGORITHM_LABEL: Record<ClusteringAlgorithm | 'centres', string> = {
  kmeans: 'KMeans',
  spectral: 'SC',
  agglomerative: 'AC',
  centres: 'Centres',
};

/** Table V's columns, in the paper's order. */
const TABLE_FIVE_ALGORITHMS: readonly ClusteringAlgorithm[] = ['kmeans', 'spectral', 'agglomerative'];

/** DeepCore's three kinds of suspect, in Table V's order of naming. */
const SUSPECT_KINDS: readonly SuspectKind[] = ['HM', 'PM', 'EM'];

/**
 * Builds (or loads) every method's fingerprint of the scale's victim, queries every cached suspect of
 * the zoo through a counting oracle, and writes Table IV (MIR, FIR, AUC, ARUC, queries, build time per
 * identification), Table V (clustering) and every suspect's scores under results/fingerprints/<scale>.
 */
export async function runFingerprints(o: RunFingerprintsOptions) {
  // Ctrl-C or SIGTERM: every finished fingerprint and verdict is on disk already; say so, then stop.
  const keptIn = fingerprintCacheDir(zooCacheDir(getZooScale(o.scale).name, o.cacheDir));
  const onSignal = (signal: NodeJS.Signals) => {
    o.log(
      `interrupted: the fingerprints and verdicts finished so far are kept in ${keptIn}; run the same command again to resume`,
    );
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await scoreZoo(o);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** How many of `values` equal `value`. */
const countOf = <T>(values: Iterable<T>, value: T) => [...values].filter((v) => v === value).length;

/**
 * Lets the event loop turn, so a Ctrl-C is handled between two fingerprints or two suspects: the work
 * between awaits is one long synchronous stretch, and promises alone never let a signal in.
 */
const signalsHeard = () => new Promise((r) => setImmediate(r));

/** The zoo as scoring sees it: its plan, what is built, and each Table I suspect's use. */
async function openZooForScoring(o: RunFingerprintsOptions) {
  const scale = zooScaleFor(o.scale, o.victim);
  const zooDir = zooCacheDir(scale.name, o.cacheDir);
  const resultsDir = resolve(o.resultsDir ?? join('results', 'fingerprints', resultsLabel(scale)));
  checkFolderUsable(zooDir, 'the zoo cache');
  checkFolderUsable(resultsDir, 'the results folder');
  const experiment = await loadExperimentData(scale.base, {
    dataDir: o.dataDir,
    partialData: o.partialData,
    dataset: o.dataset,
    seed: o.seed,
    log: o.log,
  });
  const extraSets = o.extraSets ?? [];
  const plan = planZoo(scale, o.seed, experiment.identity, familiesOf(['table1', ...extraSets]));
  const cache = new ZooCache(zooDir);
  const work = zooWork(plan, cache);
  const ready = new Set(work.cached.map((p) => p.recipe.id));
  const victimPlan = plan.find((p) => p.recipe.role === 'victim')!;
  if (!ready.has(victimPlan.recipe.id))
    throw new Error(
      o.victim === undefined
        ? `the ${scale.name} victim is not in ${zooDir}: build the zoo first (npx nx run zoo:build -- --scale ${scale.name})`
        : `the imported victim ${o.victim} is not in ${zooDir}: build its zoo first (fpb zoo --scale ${scale.name} --victim ${o.victim})`,
    );
  if (work.build.length > 0)
    o.log(
      `warning: ${work.build.length} of ${plan.length} zoo models are not built; evaluating the ${ready.size - 1} suspects that are (run zoo:build to complete the zoo)`,
    );
  // Uses come from Table I's whole plan, so a model's use does not change as the zoo fills up or
  // as other sets join; those sets' models (and the victim, as the source) are scored as 'other'.
  const uses = assignUses(plan.filter((p) => p.family.set === 'table1'));
  const useOf = (p: PlannedModel): Use | 'other' | undefined =>
    p.family.set === 'table1' && p.family.kind !== 'victim'
      ? uses.get(p.recipe.id)
      : extraSets.length > 0
        ? 'other'
        : undefined;
  const byId = new Map(plan.map((p) => [p.recipe.id, p]));
  const load = async (p: PlannedModel) => {
    const { model, record } = await cache.load(p);
    return { model, buildId: record.buildId };
  };
  return { scale, zooDir, resultsDir, experiment, plan, cache, work, ready, victimPlan, uses, useOf, byId, load };
}

type ScoringZoo = Awaited<ReturnType<typeof openZooForScoring>>;

/** The ids of the helper models (positive and negative), in the order their builds enter a fingerprint's key. */
const helperIdsOf = (zoo: ScoringZoo) =>
  [...zoo.uses].filter(([, u]) => u === 'helper-positive' || u === 'helper-negative').map(([id]) => id);

/** A built model's build id, read from its record without loading its weights. */
const buildIdOf = (zoo: ScoringZoo, p: PlannedModel) =>
  zooRecordOf(readModelMetadata(zoo.cache.dirOf(p)), zoo.cache.dirOf(p)).buildId;

/** The helper models (positive and negative), loaded only when a method needs them, with their build ids. */
async function loadHelpers(zoo: ScoringZoo, methods: readonly FingerprintMethod[]) {
  const helperIds = helperIdsOf(zoo);
  const helpers: BuildInputs['helpers'] = { positive: [], negative: [] };
  const builds: string[] = [];
  const needing = methods.filter((m) => m.needsHelpers);
  if (needing.length === 0) return { helperIds, helpers, builds };
  const missing = helperIds.filter((id) => !zoo.ready.has(id));
  if (missing.length > 0)
    throw new Error(
      `helper models ${missing.join(', ')} are not built yet: complete the zoo (npx nx run zoo:build -- --scale ${zoo.scale.name}) or leave out ${needing
        .map((m) => m.id)
        .join(', ')} with --methods`,
    );
  for (const id of helperIds) {
    const h = await zoo.load(zoo.byId.get(id)!);
    const helper = { model: h.model, family: zoo.byId.get(id)!.recipe.family };
    (zoo.uses.get(id) === 'helper-positive' ? helpers.positive : helpers.negative).push(helper);
    builds.push(`${id}:${h.buildId}`);
  }
  return { helperIds, helpers, builds };
}

type BuiltFingerprint = { fingerprint: Fingerprint; buildSeconds: number; folder: string };

/** Every method's fingerprint of the victim, from the cache when its key matches, else built and cached. */
async function fingerprintsOf(
  o: RunFingerprintsOptions,
  zoo: ScoringZoo,
  methods: readonly FingerprintMethod[],
  victim: { model: tf.LayersModel; buildId: string },
): Promise<Map<string, BuiltFingerprint>> {
  const { helperIds, helpers, builds } = await loadHelpers(zoo, methods);
  o.log(
    `fingerprints ${zoo.scale.name}: ${methods.length} methods; helpers ${helperIds.join(', ') || 'none'}; ` +
      `${countOf(zoo.uses.values(), 'calibration')} calibration and ${countOf(zoo.uses.values(), 'evaluation')} evaluation suspects`,
  );
  const budget: Budget = zoo.scale.name;
  const inputs: BuildInputs = {
    victim: victim.model,
    data: zoo.experiment.data,
    split: zoo.experiment.split,
    helpers,
    budget,
    seed: o.seed,
    log: o.log,
  };
  const fpDir = fingerprintCacheDir(zoo.zooDir);
  for (const name of removeStaleTemporaries(fpDir)) o.log(`removed ${name}, left in ${fpDir} by a run that was killed`);
  const built = new Map<string, BuiltFingerprint>();
  for (const m of methods) {
    await signalsHeard();
    const key = fingerprintKey(m, budget, o.seed, victim.buildId, m.needsHelpers ? builds : []);
    const r = await loadOrBuildFingerprint(fpDir, m, inputs, key, o.cachedOnly);
    built.set(m.id, r);
    o.log(
      `${m.name}: ${r.fingerprint.count} queries, ${r.cached ? 'cached' : 'built'} (${r.buildSeconds.toFixed(1)} s to build)`,
    );
  }
  [...helpers.positive, ...helpers.negative].forEach((h) => h.model.dispose());
  return built;
}

/**
 * Queries every built suspect once per method (the oracle counts what each method asked), unless that
 * fingerprint's verdict on this very suspect build is already stored. Table I suspects come back in
 * `results`, other sets' models (and the victim as the source) in `others`.
 */
async function scoreSuspects(
  o: RunFingerprintsOptions,
  zoo: ScoringZoo,
  methods: readonly FingerprintMethod[],
  built: Map<string, BuiltFingerprint>,
) {
  const queries = new Map<string, number>();
  const results: SuspectResult[] = [];
  const others: SuspectResult[] = [];
  let reused = 0;
  const scored = zoo.work.cached.filter((p) => ['calibration', 'evaluation', 'other'].includes(zoo.useOf(p) ?? ''));
  for (const [i, p] of scored.entries()) {
    await signalsHeard();
    const suspect = basename(zoo.cache.dirOf(p));
    const buildId = buildIdOf(zoo, p);
    let model: tf.LayersModel | undefined;
    const verdicts = new Map<string, Judgement>();
    for (const m of methods) {
      const { fingerprint, folder } = built.get(m.id)!;
      let stored = readVerdict(folder, suspect, buildId, o.log);
      if (stored) reused++;
      else {
        model ??= (await zoo.load(p)).model;
        const oracle = modelOracle(model);
        stored = { judgement: judge(m, fingerprint, oracle), queries: oracle.queries };
        writeVerdict(folder, suspect, buildId, stored);
      }
      verdicts.set(m.id, stored.judgement);
      queries.set(m.id, Math.max(queries.get(m.id) ?? 0, stored.queries));
    }
    model?.dispose();
    const use = zoo.useOf(p)!;
    const { recipe, family } = p;
    const result = { id: recipe.id, family: recipe.family, kind: family.kind, recipe, verdicts };
    (use === 'other' ? others : results).push({ ...result, positive: recipe.role !== 'homologous', use });
    if ((i + 1) % 10 === 0 || i + 1 === scored.length)
      o.log(`scored ${i + 1}/${scored.length} suspects (${reused} verdicts from the cache)`);
  }
  return { queries, results, others };
}

const methodsOf = (o: RunFingerprintsOptions) =>
  o.methods ? o.methods.map((id) => (o.registry ?? REGISTRY).get(id)) : [...(o.registry ?? REGISTRY).all];

/**
 * The methods whose fingerprint of the built victim (and helpers) is not in the cache yet, found from
 * the models' records without loading any model or starting a backend.
 */
export async function fingerprintsToBuild(o: RunFingerprintsOptions): Promise<string[]> {
  const zoo = await openZooForScoring(o);
  const helperIds = helperIdsOf(zoo);
  const fpDir = fingerprintCacheDir(zoo.zooDir);
  const victimBuild = buildIdOf(zoo, zoo.victimPlan);
  return methodsOf(o)
    .filter((m) => {
      // A method needing helpers that are not built yet is left to the run, which says so.
      const builds =
        m.needsHelpers && helperIds.every((id) => zoo.ready.has(id))
          ? helperIds.map((id) => `${id}:${buildIdOf(zoo, zoo.byId.get(id)!)}`)
          : [];
      const key = fingerprintKey(m, zoo.scale.name, o.seed, victimBuild, builds);
      return !existsSync(fingerprintFolder(fpDir, m, key));
    })
    .map((m) => m.id);
}

/** Builds (or finds) the fingerprints of `o.methods` and scores nothing: one scheduler task's work. */
export async function buildFingerprints(o: RunFingerprintsOptions): Promise<void> {
  const methods = methodsOf(o);
  await initBackend(o.backend, o.log);
  const zoo = await openZooForScoring(o);
  const victim = await zoo.load(zoo.victimPlan);
  try {
    await fingerprintsOf(o, zoo, methods, victim);
  } finally {
    victim.model.dispose();
  }
}

async function scoreZoo(o: RunFingerprintsOptions) {
  const methods = methodsOf(o);
  // The backend starts first: one that cannot stops the run before any data is read.
  const { backend } = await initBackend(o.backend, o.log);
  const zoo = await openZooForScoring(o);
  const victim = await zoo.load(zoo.victimPlan);
  const built = await fingerprintsOf(o, zoo, methods, victim);
  const { queries, results, others } = await scoreSuspects(o, zoo, methods, built);
  victim.model.dispose();
  const cost = (m: FingerprintMethod) => ({
    queries: queries.get(m.id) ?? 0,
    buildSeconds: built.get(m.id)!.buildSeconds,
  });
  const tables = identificationTables(results, methods, built, cost, o);
  const evaluated = results.filter((r) => r.use === 'evaluation');
  const tableFourTitle =
    `Table IV (${zoo.scale.name}): identification of ${countOf(
      evaluated.map((r) => isPiracy(r.kind)),
      true,
    )} piracy and ` +
    `${countOf(
      evaluated.map((r) => !isPiracy(r.kind)),
      true,
    )} homologous models (evaluation half; thresholds from the calibration half), backend ${backend}`;
  const tableFour = buildTableFour(tableFourTitle, tables.rows);
  const written = writeTable(zoo.resultsDir, 'table4', tableFour);
  if (tables.tableFive) writeTable(zoo.resultsDir, 'table5', tables.tableFive);
  writeTable(zoo.resultsDir, 'family_auc', tables.familyAuc);
  writeTable(zoo.resultsDir, 'scores', tables.scores);
  o.log(`Table IV written to ${written.markdown} and ${written.csv}`);
  return {
    ...tables,
    tableFour,
    results,
    others,
    backend,
    plan: zoo.plan,
    cache: zoo.cache,
    fingerprints: new Map([...built].map(([id, b]) => [id, b.fingerprint])),
    data: { identity: zoo.experiment.identity, source: zoo.experiment.source },
    zooDir: zoo.zooDir,
    methods,
  };
}

/**
 * Table IV's rows, Table V, per-family AUC and the scores table from the Table I suspects' verdicts.
 * A method whose fingerprint came out empty (NaturalFinger when nothing survives screening) asks
 * nothing and scores every suspect alike: its row says '-' rather than the rates of a constant score,
 * and no later table or figure carries it.
 */
function identificationTables(
  results: SuspectResult[],
  methods: readonly FingerprintMethod[],
  built: Map<string, BuiltFingerprint>,
  cost: (m: FingerprintMethod) => IdentificationCost,
  o: RunFingerprintsOptions,
) {
  const empty = methods.filter((m) => built.get(m.id)!.fingerprint.count === 0);
  const byId = new Map(methods.map((m) => [m.id, m]));
  const identifications = thresholdIdentifications(
    results,
    methods.filter((m) => !empty.includes(m)),
  ).map((id) => ({ ...id, summary: summariseThreshold(id.suspects, id.matchingRate) }));
  const rows: TableFourRow[] = identifications.map((id) => ({
    kind: 'threshold',
    name: id.name,
    summary: id.summary,
    unscorable: id.unscorable,
    ...cost(byId.get(id.method)!),
  }));
  // The clustering identification of the method that offers one (DeepCore: KMeans in Table IV, all three in Table V).
  const clusterer = methods.find((m) => m.clustering);
  const clustering = clusterer
    ? clusteringIdentification(results, clusterer, built.get(clusterer.id)!.fingerprint, o.seed)
    : undefined;
  if (clusterer && clustering) rows.push({ kind: 'clustering', ...clustering.kmeans, ...cost(clusterer) });
  for (const m of empty) {
    o.log(`${m.name}: its fingerprint is empty, so it identifies nothing; Table IV shows '-' for it`);
    rows.push({ kind: 'empty', name: m.name, ...cost(m) });
  }
  return {
    rows,
    tableFive: clustering?.tableFive,
    // Every Table I suspect, both halves: AUC fits no threshold, so the calibration half is fair data here.
    familyAuc: familyAucTable(identifications, `all ${results.length} Table I suspects, both halves`),
    scores: scoresTable(results, methods),
    identifications,
    clusterer,
  };
}

/** One threshold identification: a method's score, or one of its alternatives (DeepCore's Cos_dist). */
export interface Identification {
  name: string;
  method: string;
  matchingRate: boolean;
  /** Whether the method could score the suspect (not one answering in labels it cannot read). */
  scores: (r: SuspectResult) => boolean;
  scoreOf: (r: SuspectResult) => number;
}

/**
 * Every threshold identification, with its score of each Table I suspect it could score: one that a
 * method cannot score (MetaV on a suspect answering other labels) is left out of that method's rates,
 * and `unscorable` counts them.
 */
export function thresholdIdentifications(results: SuspectResult[], methods: readonly FingerprintMethod[]) {
  const all: Identification[] = methods.flatMap((m) =>
    identificationNames(m).map((name) => ({
      name,
      method: m.id,
      // Alternatives (DeepCore's Cos_dist) are distances, never matching rates.
      matchingRate: name === m.name && m.scoreIsMatchingRate,
      scores: (r: SuspectResult) => verdictOf(r, m.id) !== undefined,
      scoreOf: (r: SuspectResult) => {
        const j = r.verdicts.get(m.id)!;
        if (j.kind === 'unscorable') throw new Error(`${r.id}: ${j.reason}`);
        return identificationScore(m, j.verdict, name);
      },
    })),
  );
  return all.map((id) => ({
    ...id,
    suspects: results.filter(id.scores).map((r) => scoredSuspect(r, id.scoreOf(r))),
    unscorable: results.filter((r) => r.use === 'evaluation' && !id.scores(r)).length,
  }));
}

/** A Table I suspect's score under one identification, as the metrics read it. */
export function scoredSuspect(r: SuspectResult, score: number): ScoredSuspect {
  const task = relabellingOf(r.recipe.procedure);
  return {
    id: r.id,
    family: r.family,
    kind: suspectKind(r.kind),
    use: r.use as ScoredSuspect['use'],
    score,
    ...(task ? { task } : {}),
  };
}

/**
 * The suspects whose verdicts under a clustering method carry outputs in the victim's labels: only
 * those share one space to cluster in (a suspect answering other labels stays out).
 */
export function inVictimLabels(
  results: readonly SuspectResult[],
  methodId: string,
  fingerprint: Fingerprint,
): SuspectResult[] {
  const width = fingerprint.count * fingerprint.numClasses;
  return results.filter((r) => verdictOf(r, methodId)?.outputs?.length === width);
}

/**
 * DeepCore's clustering identification: three clusters fitted on the calibration members alone, each
 * given one kind (the pairing its members fit best), every suspect taking the kind of the nearest
 * cluster centre; and the kind centres themselves (the mean of each kind's calibration members).
 * KMeans gives the Table IV row, all of them Table V.
 */
function clusteringIdentification(
  all: SuspectResult[],
  method: FingerprintMethod,
  fingerprint: Fingerprint,
  seed: number,
) {
  const name = method.clustering!.name;
  const results = inVictimLabels(all, method.id, fingerprint);
  const unscorable = all.filter((r) => r.use === 'evaluation' && !results.includes(r)).length;
  const points = results.map((r) => verdictOf(r, method.id)!.outputs!);
  const known = results.map((r) => (r.use === 'calibration' ? r.kind : undefined));
  const evaluation = results.map((r, i) => ({ r, i })).filter(({ r }) => r.use === 'evaluation');
  const score = (predicted: string[]) =>
    summariseClustering(
      evaluation.map(({ r }) => suspectKind(r.kind)),
      evaluation.map(({ i }) => predicted[i]),
    );
  const columns = [
    ...TABLE_FIVE_ALGORITHMS.map((algorithm) => ({
      label: ALGORITHM_LABEL[algorithm],
      ...score(clusterCentreKinds(points, known, SUSPECT_KINDS, algorithm, seed)),
    })),
    { label: ALGORITHM_LABEL.centres, ...score(nearestCentreKinds(points, known, SUSPECT_KINDS)) },
  ];
  const kmeans = columns.find((c) => c.label === ALGORITHM_LABEL.kmeans)!;
  return {
    kmeans: { name: clusteringRowName(method)!, mir: kmeans.mir, fir: kmeans.fir, unscorable },
    tableFive: buildTableFive(
      `Table V: ${name} clustering of the suspects\u2019 outputs on its fingerprint into HM / PM / EM ` +
        `(clusters fitted on the calibration half, each given its own kind, a suspect taking the kind of the nearest cluster centre; ` +
        `Centres: nearest kind centre; evaluation half; FIR(kind) = wrongly assigned that kind / assigned that kind` +
        `${unscorable > 0 ? `; ${unscorable} suspects answering other labels than the victim's left out` : ''})`,
      columns,
    ),
  };
}

/** Every suspect's score under every identification: the raw material for figures and re-analysis. */
function scoresTable(results: SuspectResult[], methods: readonly FingerprintMethod[]): Table {
  const columns = methods.flatMap(identificationNames);
  return {
    title: 'Scores per suspect (higher = more likely pirated)',
    columns: ['Suspect', 'Family', 'Kind', 'Use', 'Overlap r', ...columns],
    rows: results.map((r) => [
      r.id,
      r.family,
      r.kind,
      r.use,
      overlapOf(r.recipe) ?? '-',
      ...methods.flatMap((m) => {
        const v = verdictOf(r, m.id);
        // '-': the method could not score this suspect (another label space than the victim's).
        return [
          v ? numberCell(v.score, 5) : '-',
          ...Object.values(m.alternativeScores ?? {}).map((k) => (v ? numberCell(v.details![k], 5) : '-')),
        ];
      }),
    ]),
  };
}
