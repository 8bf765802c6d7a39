import { topOne } from '@fpb/models';
import { buildModel } from './build_model';
import type { ExperimentData } from './experiment_data';
import { ZooCache, type CacheStatus } from './zoo_cache';
import type { PlannedModel } from './zoo_plan';
import type { TrainingEvent } from '@fpb/progress';

/** What a zoo run will do with each planned model. */
export interface ZooWork {
  /** Models to (re)build, parents before children, each with why. */
  build: Array<{ planned: PlannedModel; reason: 'missing' | 'corrupt' | 'stale' | 'parent rebuilt'; detail?: string }>;
  cached: PlannedModel[];
  warnings: string[];
}

/**
 * Compares the plan with the cache: missing, corrupt (half-written, altered) and stale models are
 * rebuilt, and so is everything derived from a model that will be rebuilt.
 */
export function zooWork(plan: PlannedModel[], cache: ZooCache): ZooWork {
  // The plan lists parents before children, so a parent's status is known when its children come.
  const statuses = new Map<string, CacheStatus>();
  const rebuilding = new Set<string>();
  const work: ZooWork = { build: [], cached: [], warnings: [] };
  for (const p of plan) {
    const parentId = p.recipe.parent;
    if (parentId && rebuilding.has(parentId)) {
      rebuilding.add(p.recipe.id);
      work.build.push({ planned: p, reason: 'parent rebuilt' });
      continue;
    }
    const parentStatus = parentId ? statuses.get(parentId) : undefined;
    const status = cache.status(p, parentId && parentStatus ? { id: parentId, status: parentStatus } : undefined);
    statuses.set(p.recipe.id, status);
    if (status.state === 'ready') {
      work.cached.push(p);
      continue;
    }
    const detail = status.state === 'corrupt' || status.state === 'stale' ? status.reason : undefined;
    if (detail) work.warnings.push(`warning: rebuilding ${p.recipe.id}: ${detail}`);
    rebuilding.add(p.recipe.id);
    work.build.push({ planned: p, reason: status.state, detail });
  }
  return work;
}

/**
 * Whether one planned model must be built now: missing, damaged, or made from an older build of its
 * parent. Read afresh from the disk, for a run that waited while another one may have built it.
 */
export function needsBuild(plan: PlannedModel[], id: string, cache: ZooCache): boolean {
  const byId = new Map(plan.map((p) => [p.recipe.id, p]));
  const chain: PlannedModel[] = [];
  for (let p = byId.get(id); p; p = p.recipe.parent ? byId.get(p.recipe.parent) : undefined) chain.unshift(p);
  return zooWork(chain, cache).build.some((b) => b.planned.recipe.id === id);
}

/** A cached model with the build id that the models derived from it record. */
async function loadParent(p: PlannedModel, cache: ZooCache) {
  const { model, record } = await cache.load(p);
  return { model, buildId: record.buildId };
}

/** The victim's test-set answers per victim build, so each worker computes them once. */
const victimAnswers = new Map<string, Int32Array>();

/** Loads the victim of a plan from the cache, with the build id its children record and its test answers. */
export async function loadVictim(plan: PlannedModel[], cache: ZooCache, experiment: ExperimentData) {
  const victim = plan.find((p) => p.recipe.role === 'victim');
  if (!victim) throw new Error('the zoo plan has no victim');
  const { model, buildId } = await loadParent(victim, cache);
  let testAnswers = victimAnswers.get(buildId);
  if (!testAnswers) victimAnswers.set(buildId, (testAnswers = topOne(model, experiment.data.test)));
  return { model, buildId, key: victim.key, testAnswers };
}

/**
 * Builds one planned model. Every model but the victim loads the victim from the cache first:
 * derived models start from it, and every model's fidelity is measured against it.
 */
export async function buildPlanned(
  plan: PlannedModel[],
  id: string,
  cache: ZooCache,
  experiment: ExperimentData,
  backend: string,
  onEvent?: (e: TrainingEvent) => void,
  microBatchSize?: number,
) {
  const planned = plan.find((p) => p.recipe.id === id);
  if (!planned) throw new Error(`no model '${id}' in the zoo plan`);
  const victim = planned.recipe.role === 'victim' ? undefined : await loadVictim(plan, cache, experiment);
  // A parent other than the victim (a mirror model) is loaded on its own.
  const otherParent = planned.recipe.parent === 'victim' ? undefined : planned.recipe.parent;
  const parentPlan = otherParent ? plan.find((p) => p.recipe.id === otherParent) : undefined;
  if (otherParent && !parentPlan) throw new Error(`${id} derives from ${otherParent}, which is not in the plan`);
  const parent = parentPlan ? await loadParent(parentPlan, cache) : undefined;
  try {
    return await buildModel(planned, { experiment, cache, victim, parent, backend, onEvent, microBatchSize });
  } finally {
    victim?.model.dispose();
    parent?.model.dispose();
  }
}
