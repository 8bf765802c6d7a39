import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { identificationNames, IMAGE_SIZE, logitsOf, type CoreGrowth } from '@fpb/fingerprints';
import { writeFileAtomically } from '@fpb/files';
import { isPiracy } from '@fpb/metrics';
import { writeFigure, writeResultsPage, writeTable, type Table } from '@fpb/report';
import { tf, type BackendChoice } from '@fpb/tensor';
import { familiesOf, tableOne, type PlannedModel, type ZooCache, type ZooSet } from '@fpb/zoo';
import { runFingerprints, type SuspectResult } from '../fingerprints/run_fingerprints';
import { runZoo } from '../zoo/run_zoo';
import { radiusScoreTable, scoreDifferenceTable, type PointSetOutputs } from './deepcore_tables';
import type { ExperimentConfig } from './experiment_config';
import type { Executor } from './executor';
import { fillCacheOnSlurm } from '../slurm/fill_cache_on_slurm';
import type { ExperimentOutputs } from './experiment_outputs';
import { budgetSweep } from './budget_sweep';
import { experimentFigures } from './experiment_figures';
import { fingerBenchEvaluation } from './fingerbench_evaluation';
import { overlapEvaluation } from './overlap_evaluation';
import { withPaperValues } from './paper_values';

export interface RunExperimentOptions {
  config: ExperimentConfig;
  scale?: string;
  backend: BackendChoice;
  dataDir?: string;
  /** Use CIFAR files that are not the official ones (other record counts or bytes), with a warning. */
  partialData?: boolean;
  workers?: number;
  gpus?: number;
  workersPerGpu?: number;
  cacheDir?: string;
  /** Default: results/<experiment name>. */
  resultsDir?: string;
  /** Rebuild tables and figures from what is cached; train and build nothing (experiments:tables). */
  cachedOnly?: boolean;
  /** Split a batch that does not fit the backend's memory into micro-batches (default); false stops instead. */
  microBatches?: boolean;
  /** Where models and fingerprints are built (default: here). */
  executor?: Executor;
  log: (line: string) => void;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The command that runs this experiment again with every setting that decided its results. */
export function reproduceCommand(
  configFile: string,
  o: { scale: string; backend: string; dataDir?: string; partialData?: boolean; cacheDir: string; resultsDir: string },
): string {
  const quote = (s: string) => (/^[\w./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const args = ['experiment', configFile, '--scale', o.scale, '--backend', o.backend];
  if (o.dataDir) args.push('--data-dir', resolve(o.dataDir));
  if (o.partialData) args.push('--partial-data');
  args.push('--cache-dir', o.cacheDir, '--results-dir', o.resultsDir);
  return `npx tsx apps/runner/src/main.ts ${args.map(quote).join(' ')}`;
}

/**
 * DeepCore's insight tables: outputs of the victim and of every scored suspect on the random starting
 * points and on the cores at each snapshot. This is analysis of our own zoo (white-box forward passes),
 * not part of identification, so it is not counted as queries.
 */
async function deepCoreInsights(
  zoo: { plan: PlannedModel[]; cache: ZooCache },
  growth: CoreGrowth,
  results: SuspectResult[],
): Promise<{ tables: [Table, Table]; pointSets: PointSetOutputs[] }> {
  const plan = new Map(zoo.plan.map((p) => [p.recipe.id, p]));
  const { cache } = zoo;
  const sets = [
    { name: 'RP', points: growth.randomPoints },
    ...growth.snapshots.map((s, k) => ({ name: `CP_${k + 1}`, points: s.cores })),
    { name: 'Final', points: growth.finalCores },
  ];
  const count = growth.randomPoints.length / IMAGE_SIZE;
  const outputsOf = (model: tf.LayersModel, points: Float32Array) => logitsOf(model, points, count);
  const victimPlan = [...plan.values()].find((p) => p.recipe.role === 'victim')!;
  const { model: victim } = await cache.load(victimPlan);
  const outputs: PointSetOutputs[] = sets.map((s) => ({
    name: s.name,
    victim: outputsOf(victim, s.points),
    suspects: [],
  }));
  victim.dispose();
  for (const r of results) {
    const { model } = await cache.load(plan.get(r.id)!);
    sets.forEach((s, k) => outputs[k].suspects.push({ piracy: isPiracy(r.kind), outputs: outputsOf(model, s.points) }));
    model.dispose();
  }
  return {
    tables: [radiusScoreTable(growth), scoreDifferenceTable(outputs)],
    pointSets: outputs,
  };
}

type Scored = Awaited<ReturnType<typeof runFingerprints>>;
type PageFigure = { file: string; caption: string };
/** The zoo sets an experiment may add to Table I's. */
type ExtraSet = Exclude<ZooSet, 'table1'>;

/** The zoo (Table I's families always: they give the helpers and every analysis its thresholds), then every fingerprint and verdict. */
async function buildAndScore(o: RunExperimentOptions, scale: string, resultsDir: string, extraSets: ExtraSet[]) {
  const { config } = o;
  // CIFAR-10 is every scale's own source (generated data at tiny); CIFAR-100 is read from the data folder.
  const dataset = config.dataset === 'cifar100' ? config.dataset : undefined;
  const sets: ZooSet[] = ['table1', ...extraSets];
  // Slurm's tasks fill the cache; what follows here then finds everything built.
  if (o.executor?.kind === 'slurm') {
    const { dataDir, partialData, cacheDir, backend, microBatches, log } = o;
    const settings = { scale, seed: config.seed, backend, dataDir, partialData, dataset, cacheDir, sets, microBatches };
    await fillCacheOnSlurm({
      settings,
      methods: config.methods,
      sbatch: o.executor.sbatch,
      log,
      pollMs: o.executor.pollMs,
    });
  }
  const cachedOnly = o.cachedOnly || o.executor?.kind === 'slurm';
  const shared = { ...o, scale, seed: config.seed, dataset, resultsDir, cachedOnly };
  const zoo = await runZoo({ ...shared, sets, reportOnly: cachedOnly });
  if (zoo.interrupted) throw new Error('interrupted while building the zoo: run the same command again to resume');
  if (zoo.failed.length > 0)
    throw new Error(
      `${zoo.failed.length} zoo model(s) failed to build (${zoo.failed.map((f) => f.id).join(', ')}): see the messages above, then run again`,
    );
  return runFingerprints({ ...shared, methods: config.methods, extraSets });
}

/** Each extra set's analysis (FingerBench, the overlap sweep) on its built models, at Table I's thresholds. */
function setAnalyses(fp: Scored, extraSets: ExtraSet[], log: (line: string) => void) {
  // The built models of each extra set (the victim comes back among `others` as the source model).
  const modelsOf = new Map(
    extraSets.map((set) => {
      const families = new Set(familiesOf([set]).map((f) => f.name));
      return [set, fp.others.filter((r) => families.has(r.family) && r.recipe.role !== 'victim')];
    }),
  );
  const analysed = extraSets.filter((set) => {
    if (modelsOf.get(set)!.length === 0) log(`the ${set} zoo has no built model yet: its analysis is skipped`);
    return modelsOf.get(set)!.length > 0;
  });
  const source = fp.others.filter((r) => r.recipe.role === 'victim');
  const analyses = analysed.map((set) => {
    switch (set) {
      case 'fingerbench':
        return fingerBenchEvaluation(fp.identifications, [...fp.results, ...source, ...modelsOf.get(set)!]);
      case 'overlap':
        return overlapEvaluation(fp.identifications, modelsOf.get(set)!, fp.results);
    }
  });
  return { analysed, analyses };
}

/** run.json: the config, data, versions, every method's settings and the command that reproduces the run. */
function runRecord(o: RunExperimentOptions, fp: Scored, scale: string, resultsDir: string, started: Date) {
  const configText = JSON.stringify(o.config, null, 2);
  return {
    experiment: o.config,
    configSha256: createHash('sha256').update(configText).digest('hex'),
    scale,
    backend: fp.backend,
    seed: o.config.seed,
    data: { ...fp.data, partial: o.partialData === true },
    zooCache: fp.zooDir,
    // Every setting each method ran with (DeepCore: step, decay, cap, gamma, k; its N is one core per
    // label), and the identifications read from its verdicts (DeepCore: L1_dist, Cos_dist).
    methods: Object.fromEntries(
      fp.methods.map((m) => [
        m.id,
        {
          identifications: identificationNames(m),
          budget: scale,
          buildVersion: m.buildVersion,
          settings: m.settings[scale as keyof typeof m.settings],
          queries: fp.fingerprints.get(m.id)?.count,
        },
      ]),
    ),
    versions: { node: process.version, tfjs: tf.version_core, commit: gitCommit() },
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds: (Date.now() - started.getTime()) / 1000,
    reproduce: reproduceCommand(join(resultsDir, 'config.json'), {
      scale,
      backend: fp.backend,
      dataDir: o.dataDir,
      partialData: o.partialData,
      cacheDir: fp.zooDir,
      resultsDir,
    }),
  };
}

/** The page: Tables I-V, then each extra set's zoo and its analysis, the figures and the run's settings. */
function writePage(
  resultsDir: string,
  fp: Scored,
  run: ReturnType<typeof runRecord>,
  parts: { tables: Record<string, Table>; analysed: ExtraSet[]; analyses: ExperimentOutputs[]; figures: PageFigure[] },
) {
  const { config, scale } = { config: run.experiment, scale: run.scale };
  const pageTables: Record<string, Table> = { table1: tableOne(fp.plan, fp.cache, scale, 'table1') };
  for (const name of ['table2', 'table3', 'table4', 'family_auc', 'table5', 'budget_sweep'])
    if (parts.tables[name]) pageTables[name] = parts.tables[name];
  parts.analysed.forEach((set, k) =>
    Object.assign(pageTables, { [`zoo_${set}`]: tableOne(fp.plan, fp.cache, scale, set) }, parts.analyses[k].tables),
  );
  writeResultsPage(resultsDir, {
    title: `fingerprint-bench: ${config.name} (${scale})`,
    settings: {
      scale,
      backend: run.backend,
      seed: run.seed,
      dataset: config.dataset,
      sets: config.sets.join(', '),
      methods: config.methods.join(', '),
      ...(config.budgets ? { budgets: config.budgets.join(', ') } : {}),
      ...run.versions,
      startedAt: run.startedAt,
      wallSeconds: run.wallSeconds.toFixed(0),
      reproduce: run.reproduce,
    },
    tables: pageTables,
    figures: parts.figures,
  });
}

/**
 * One experiment end to end: the zoo (cached, resumable), every fingerprint (cached), identification
 * on the zoo, then Tables I-V and run.json under results/<name>/. Running it again rebuilds nothing
 * and rewrites the tables.
 */
export async function runExperiment(
  o: RunExperimentOptions,
): Promise<{ resultsDir: string; tables: Record<string, Table> }> {
  const started = new Date();
  const { config } = o;
  const scale = o.scale ?? config.scale;
  const resultsDir = resolve(o.resultsDir ?? join('results', config.name));
  o.log(`experiment ${config.name} at scale ${scale}: results in ${resultsDir}`);
  const extraSets = config.sets.filter((s): s is ExtraSet => s !== 'table1');
  const fp = await buildAndScore(o, scale, resultsDir, extraSets);
  const tables: Record<string, Table> = {
    table4: withPaperValues(fp.tableFour, fp.methods, config.dataset),
    family_auc: fp.familyAuc,
    scores: fp.scores,
  };
  if (fp.tableFive) tables.table5 = fp.tableFive;
  // The method whose fingerprint records how its core points grew (DeepCore) gives Tables II-III and Figs. 5-7.
  const grower = fp.methods.find((m) => m.coreGrowth);
  const growth = grower ? grower.coreGrowth!(fp.fingerprints.get(grower.id)!) : undefined;
  const insights = growth ? await deepCoreInsights(fp, growth, fp.results) : undefined;
  if (insights) [tables.table2, tables.table3] = insights.tables;
  const { analysed, analyses } = setAnalyses(fp, extraSets, o.log);
  const sweep = config.budgets ? await budgetSweep(fp, config.budgets) : undefined;
  for (const a of [...analyses, ...(sweep ? [sweep] : [])]) Object.assign(tables, a.tables);
  for (const [name, table] of Object.entries(tables)) writeTable(resultsDir, name, table);
  const figures = [
    ...(insights
      ? experimentFigures({
          history: growth!.history,
          clusterer: fp.clusterer && { id: fp.clusterer.id, fingerprint: fp.fingerprints.get(fp.clusterer.id)! },
          pointSets: insights.pointSets,
          results: fp.results,
          identifications: fp.identifications,
          seed: config.seed,
        })
      : []),
    ...analyses.flatMap((a) => a.figures),
    ...(sweep?.figures ?? []),
  ];
  for (const { name, spec } of figures) await writeFigure(resultsDir, name, spec);
  // The config as run goes beside the results, so that the reproduce line needs nothing else.
  writeFileAtomically(join(resultsDir, 'config.json'), JSON.stringify(config, null, 2));
  const run = runRecord(o, fp, scale, resultsDir, started);
  writeFileAtomically(join(resultsDir, 'run.json'), JSON.stringify(run, null, 2));
  writePage(resultsDir, fp, run, {
    tables,
    analysed,
    analyses,
    figures: figures.map(({ name, caption }) => ({ file: `${name}.svg`, caption })),
  });
  o.log(`experiment ${config.name} done in ${run.wallSeconds.toFixed(0)} s: tables in ${resultsDir}`);
  return { resultsDir, tables };
}
