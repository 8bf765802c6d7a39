import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { identificationNames, IMAGE_SIZE, logitsOf, type CoreGrowth } from '@fpb/fingerprints';
import { writeFileAtomically } from '@fpb/files';
import { writeFigure, writeResultsPage, writeTable, type Table } from '@fpb/report';
import { tf, type BackendChoice } from '@fpb/tensor';
import { familiesOf, tableOne, type PlannedModel, type ZooCache, type ZooSet } from '@fpb/zoo';
import { runFingerprints, type SuspectResult } from '../fingerprints/run_fingerprints';
import { runZoo } from '../zoo/run_zoo';
import { radiusScoreTable, scoreDifferenceTable, type PointSetOutputs } from './deepcore_tables';
import type { ExperimentConfig } from './experiment_config';
import { writeExperimentFigures } from './experiment_figures';
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
  log: (line: string) => void;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** Table IV with the paper's MIR/FIR beside ours, so the gap shows at a glance. */
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
    sets.forEach((s, k) => outputs[k].suspects.push({ piracy: r.kind !== 'HM', outputs: outputsOf(model, s.points) }));
    model.dispose();
  }
  return {
    tables: [radiusScoreTable(growth), scoreDifferenceTable(outputs)],
    pointSets: outputs,
  };
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
  // CIFAR-10 is every scale's own source (generated data at tiny); CIFAR-100 is read from the data folder.
  const dataset = config.dataset === 'cifar100' ? config.dataset : undefined;
  const resultsDir = resolve(o.resultsDir ?? join('results', config.name));
  o.log(`experiment ${config.name} at scale ${scale}: results in ${resultsDir}`);
  // Table I's zoo is always built: it gives the helpers and the calibrated thresholds of every analysis.
  const extraSets = config.sets.filter((s): s is ZooSet => s !== 'table1');
  const zoo = await runZoo({
    scale,
    seed: config.seed,
    backend: o.backend,
    dataDir: o.dataDir,
    partialData: o.partialData,
    dataset,
    workers: o.workers,
    gpus: o.gpus,
    workersPerGpu: o.workersPerGpu,
    cacheDir: o.cacheDir,
    resultsDir,
    sets: ['table1', ...extraSets],
    reportOnly: o.cachedOnly,
    microBatches: o.microBatches,
    log: o.log,
  });
  if (zoo.interrupted) throw new Error('interrupted while building the zoo: run the same command again to resume');
  if (zoo.failed.length > 0)
    throw new Error(
      `${zoo.failed.length} zoo model(s) failed to build (${zoo.failed.map((f) => f.id).join(', ')}): see the messages above, then run again`,
    );
  const fp = await runFingerprints({
    scale,
    seed: config.seed,
    backend: o.backend,
    dataDir: o.dataDir,
    partialData: o.partialData,
    dataset,
    cacheDir: o.cacheDir,
    resultsDir,
    methods: config.methods,
    extraSets,
    cachedOnly: o.cachedOnly,
    log: o.log,
  });
  // The built models of each extra set (the victim comes back among `others` as the source model).
  const modelsOf = new Map(
    extraSets.map((set) => {
      const families = new Set(familiesOf([set]).map((f) => f.name));
      return [set, fp.others.filter((r) => families.has(r.family) && r.recipe.role !== 'victim')];
    }),
  );
  const tables: Record<string, Table> = {
    table4: withPaperValues(fp.tableFour, fp.methods, config.dataset),
    family_auc: fp.familyAuc,
    scores: fp.scores,
  };
  if (fp.tableFive) tables.table5 = fp.tableFive;
  // The Table I zoo that was just scored serves Table I on the page and the DeepCore insight tables.
  // The method whose fingerprint records how its core points grew (DeepCore) gives Tables II-III and Figs. 5-7.
  const grower = fp.methods.find((m) => m.coreGrowth);
  const growth = grower ? grower.coreGrowth!(fp.fingerprints.get(grower.id)!) : undefined;
  const insights = growth ? await deepCoreInsights(fp, growth, fp.results) : undefined;
  if (insights) [tables.table2, tables.table3] = insights.tables;
  const analysedSets = extraSets.filter((set) => {
    if (modelsOf.get(set)!.length === 0) o.log(`the ${set} zoo has no built model yet: its analysis is skipped`);
    return modelsOf.get(set)!.length > 0;
  });
  const setAnalyses = analysedSets.map((set) =>
    set === 'fingerbench'
      ? fingerBenchEvaluation(fp.identifications, [
          ...fp.results,
          ...fp.others.filter((r) => r.recipe.role === 'victim'),
          ...modelsOf.get(set)!,
        ])
      : overlapEvaluation(fp.identifications, modelsOf.get(set)!, fp.results),
  );
  for (const a of setAnalyses) Object.assign(tables, a.tables);
  for (const [name, table] of Object.entries(tables)) writeTable(resultsDir, name, table);
  const figures = insights
    ? await writeExperimentFigures(resultsDir, {
        history: growth!.history,
        clusterer: fp.clusterer?.id,
        pointSets: insights.pointSets,
        results: fp.results,
        identifications: fp.identifications,
        seed: config.seed,
      })
    : [];
  for (const { name, caption, spec } of setAnalyses.flatMap((a) => a.figures)) {
    await writeFigure(resultsDir, name, spec);
    figures.push({ file: `${name}.svg`, caption });
  }
  // The config as run goes beside the results, so that the reproduce line needs nothing else.
  const configText = JSON.stringify(config, null, 2);
  writeFileAtomically(join(resultsDir, 'config.json'), configText);
  const run = {
    experiment: config,
    configSha256: createHash('sha256').update(configText).digest('hex'),
    scale,
    backend: fp.backend,
    seed: config.seed,
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
  writeFileAtomically(join(resultsDir, 'run.json'), JSON.stringify(run, null, 2));
  // The page: Tables I-V, then each extra set's zoo and its analysis.
  const pageTables: Record<string, Table> = { table1: tableOne(fp.plan, fp.cache, scale, 'table1') };
  for (const name of ['table2', 'table3', 'table4', 'family_auc', 'table5'])
    if (tables[name]) pageTables[name] = tables[name];
  analysedSets.forEach((set, k) =>
    Object.assign(pageTables, { [`zoo_${set}`]: tableOne(fp.plan, fp.cache, scale, set) }, setAnalyses[k].tables),
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
      ...run.versions,
      startedAt: run.startedAt,
      wallSeconds: run.wallSeconds.toFixed(0),
      reproduce: run.reproduce,
    },
    tables: pageTables,
    figures,
  });
  o.log(`experiment ${config.name} done in ${run.wallSeconds.toFixed(0)} s: tables in ${resultsDir}`);
  return { resultsDir, tables };
}
