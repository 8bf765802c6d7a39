import { rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@fpb/tensor';
import { loadExperimentData, type ExperimentData } from './experiment_data';
import { FAMILIES, familiesOf } from './families/registry';
import { ZooCache } from './zoo_cache';
import { buildPlanned, zooWork } from './zoo_build';
import { planZoo, type PlannedModel } from './zoo_plan';
import { tableOne } from './zoo_report';
import { copyOfTinyZoo } from './testing/tiny_zoo';
import { getZooScale } from './zoo_scales';

const scale = getZooScale('tiny');
let experiment: ExperimentData;
let plan: PlannedModel[];

/** Builds what the cache lacks, in plan order, and says what it built and why. */
async function runZoo(cache: ZooCache): Promise<string[]> {
  const work = zooWork(plan, cache);
  for (const { planned } of work.build) await buildPlanned(plan, planned.recipe.id, cache, experiment, 'wasm');
  return work.build.map((b) => `${b.planned.recipe.id}:${b.reason}`);
}

beforeAll(async () => {
  await initBackend('wasm', () => undefined);
  experiment = await loadExperimentData(scale.base, { seed: 0 });
  plan = planZoo(scale, 0, experiment.identity);
});

/** Each test gets its own copy of the tiny zoo (built once for all specs by jest's global setup). */
const freshZoo = async () => new ZooCache(await copyOfTinyZoo());

describe('zoo plan', () => {
  it('has every family of Table I at its tiny count, the victim first, keys unique and stable', () => {
    const table1 = familiesOf(['table1']);
    expect(new Set(plan.map((p) => p.recipe.family))).toEqual(new Set(table1.map((f) => f.name)));
    expect(plan.length).toBe(table1.reduce((n, f) => n + f.counts.tiny, 0));
    expect(plan.length).toBe(23); // 19 suspects and the victim, 4 helpers
    expect(plan[0].recipe.id).toBe('victim');
    expect(new Set(plan.map((p) => p.key)).size).toBe(plan.length);
    expect(planZoo(scale, 0, experiment.identity).map((p) => p.key)).toEqual(plan.map((p) => p.key));
    // Every derived model records its parent's key: the victim's, but EM_Adv's (made from an EM_SA_L student).
    const keyOf = new Map(plan.map((p) => [p.recipe.id, p.key]));
    for (const p of plan.filter((x) => x.recipe.parent)) expect(p.parentKey).toBe(keyOf.get(p.recipe.parent!));
    expect(plan.filter((p) => p.recipe.parent && p.recipe.parent !== 'victim').map((p) => p.recipe.parent)).toEqual([
      'EM_SA_L/0',
    ]);
  });

  it("Table I's homologous models sweep their overlap with X_v: r = 0, 0.1, ..., 1 as in the paper", () => {
    const paper = planZoo(getZooScale('paper'), 0, experiment.identity);
    const overlaps = (family: string) =>
      paper.filter((p) => p.recipe.family === family).map((p) => (p.recipe.procedure as { overlap: number }).overlap);
    expect(overlaps('HM_DA')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(overlaps('HM_SA')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  });

  it('the key changes with the seed, the data and the parent', () => {
    const other = planZoo(scale, 1, experiment.identity);
    expect(other[0].key).not.toBe(plan[0].key);
    const otherData = planZoo(scale, 0, `${experiment.identity}-other`);
    expect(otherData.find((p) => p.recipe.id === 'PM_FL/0')!.key).not.toBe(
      plan.find((p) => p.recipe.id === 'PM_FL/0')!.key,
    );
  });

  it('different-architecture families use other architectures than the victim', () => {
    for (const p of plan.filter((x) => /_DA/.test(x.recipe.family)))
      expect(p.recipe.architecture).not.toBe(plan[0].recipe.architecture);
    for (const p of plan.filter((x) => /_SA/.test(x.recipe.family)))
      expect(p.recipe.architecture).toBe(plan[0].recipe.architecture);
  });
});

describe('zoo sets', () => {
  it('the overlap sweep adds homologous models of the victim architecture at r = 0, 0.5, 1 (tiny), each its own key', () => {
    const withSweep = planZoo(scale, 0, experiment.identity, familiesOf(['table1', 'overlap']));
    const sweep = withSweep.filter((p) => p.recipe.family === 'HM_OV');
    expect(sweep.map((p) => (p.recipe.procedure as { overlap: number }).overlap)).toEqual([0, 0.5, 1]);
    expect(
      sweep.every((p) => p.recipe.role === 'homologous' && p.recipe.architecture === plan[0].recipe.architecture),
    ).toBe(true);
    expect(new Set(sweep.map((p) => p.key)).size).toBe(3);
    // Table I's models keep their keys whatever other sets are planned with them.
    expect(withSweep.filter((p) => p.recipe.family !== 'HM_OV').map((p) => p.key)).toEqual(plan.map((p) => p.key));
    expect(familiesOf(['overlap']).map((f) => f.name)).toEqual(['victim', 'HM_OV']);
    expect(() => familiesOf(['mirror'])).toThrow("unknown zoo set 'mirror'; known: table1, overlap, fingerbench");
    expect(familiesOf(['fingerbench']).map((f) => f.name)).toEqual([
      'victim',
      'FB_WP',
      'FB_WN',
      'FB_AR',
      'FB_KO',
      'FB_MIRROR',
      'FB_MN_FA',
      'FB_MN_P',
      'FB_MN_EM',
    ]);
    expect(FAMILIES.filter((f) => f.set === 'table1')).toHaveLength(20); // Table I's 16 and 4 helper families
  });
});

describe('zoo build at tiny scale', () => {
  it('builds every model, piracy models agreeing with the victim more than homologous ones; a second run trains nothing', async () => {
    const cache = await freshZoo();
    expect(zooWork(plan, cache).cached).toHaveLength(plan.length);
    // Table I's suspects (the helpers are checked by the methods that use them).
    const meta = plan
      .filter((p) => !p.family.helper)
      .map((p) => {
        const s = cache.status(p);
        if (s.state !== 'ready') throw new Error(`${p.recipe.id} is ${s.state}`);
        return {
          family: p.recipe.family,
          role: p.recipe.role,
          fidelity: s.metadata.extra.fidelity as number,
          accuracy: s.metadata.accuracy!,
          classes: s.metadata.numClasses,
        };
      });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const postProcessed = meta.filter((m) => m.family.startsWith('PM_')).map((m) => m.fidelity);
    const homologous = meta.filter((m) => m.role === 'homologous').map((m) => m.fidelity);
    expect(mean(postProcessed)).toBeGreaterThan(mean(homologous));
    // The victim, its post-processed copies and the homologous models learned the task (chance is 0.1;
    // PM_P loses half its last layer's channels); tiny extraction (3 epochs on X_p's answers) barely
    // does, so it is held to fidelity above, not accuracy.
    for (const m of meta.filter((x) => x.family === 'victim' || x.family.startsWith('PM_') || x.role === 'homologous'))
      expect(`${m.family}: ${m.accuracy > 0.25}`).toBe(`${m.family}: true`);
    // A quantised copy answers almost as the victim does: int8 and float16 both.
    for (const m of meta.filter((x) => x.family === 'PM_Q')) expect(m.fidelity).toBeGreaterThan(0.9);
    // Transfer learning answers the five-label task, measured in it; it stays closer to the regrouped
    // victim than a model trained for that task from scratch.
    const fiveLabel = meta.filter((m) => ['PM_TL', 'HM_TL'].includes(m.family));
    expect(fiveLabel.map((m) => `${m.family}:${m.classes}`).sort()).toEqual(['HM_TL:5', 'PM_TL:5']);
    const fidelityOf = (family: string) => fiveLabel.find((m) => m.family === family)!.fidelity;
    expect(fidelityOf('PM_TL')).toBeGreaterThan(fidelityOf('HM_TL'));
    expect(await runZoo(cache)).toEqual([]);
  }, 300_000);

  it('rebuilds only a deleted model, and a corrupt one with a warning', async () => {
    const cache = await freshZoo();
    const pm = plan.find((p) => p.recipe.id === 'PM_FA/0')!;
    const em = plan.find((p) => p.recipe.id === 'EM_SA_L/0')!;
    rmSync(cache.dirOf(pm), { recursive: true });
    truncateSync(join(cache.dirOf(em), 'weights.bin'), 10);
    const work = zooWork(plan, cache);
    // EM_Adv/0 was made from the corrupt EM_SA_L/0: it is made again after it.
    const expected = ['PM_FA/0:missing', 'EM_SA_L/0:corrupt', 'EM_Adv/0:parent rebuilt'];
    expect(work.build.map((b) => `${b.planned.recipe.id}:${b.reason}`)).toEqual(expected);
    expect(work.warnings[0]).toMatch(/^warning: rebuilding EM_SA_L\/0: .*weights\.bin has 10 bytes/);
    expect(await runZoo(cache)).toEqual(expected);
    expect(zooWork(plan, cache).build).toEqual([]);
  }, 120_000);
});

describe('FingerBench set', () => {
  it('builds weight-pruned and weight-noised derivatives of the cached victim', async () => {
    const cache = await freshZoo();
    const fb = planZoo(scale, 0, experiment.identity, familiesOf(['fingerbench']));
    expect(fb[0].key).toBe(plan[0].key); // the same victim as Table I's
    const pruned = await buildPlanned(fb, 'FB_WP/0', cache, experiment, 'wasm');
    expect(pruned.extra).toMatchObject({ family: 'FB_WP', role: 'piracy', subset: 'X_p' });
    expect(pruned.extra.fidelity as number).toBeGreaterThan(0.5); // half the weights gone, still the victim's behaviour
    const noised = await buildPlanned(fb, 'FB_WN/0', cache, experiment, 'wasm');
    expect(noised.extra).toMatchObject({ family: 'FB_WN', role: 'piracy', subset: 'X_p' });
    // The noised model's weights moved away from the victim's yet stay strongly correlated with them.
    const stem = async (id: string) =>
      Array.from(
        (await cache.load(fb.find((p) => p.recipe.id === id)!)).model.getLayer('stem_conv').getWeights()[0].dataSync(),
      );
    const [v, n] = [await stem('victim'), await stem('FB_WN/0')];
    expect(n).not.toEqual(v);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const [mv, mn] = [mean(v), mean(n)];
    const cov = v.reduce((s, x, i) => s + (x - mv) * (n[i] - mn), 0);
    const corr = cov / Math.sqrt(v.reduce((s, x) => s + (x - mv) ** 2, 0) * n.reduce((s, x) => s + (x - mn) ** 2, 0));
    expect(corr).toBeGreaterThan(0.8);
  }, 120_000);

  it('mirror negatives derive from the mirror, not the victim, and count as homologous', async () => {
    const cache = await freshZoo();
    const fb = planZoo(scale, 0, experiment.identity, familiesOf(['fingerbench']));
    const mirror = fb.find((p) => p.recipe.id === 'FB_MIRROR/0')!;
    const negative = fb.find((p) => p.recipe.id === 'FB_MN_FA/0')!;
    expect(negative.parentKey).toBe(mirror.key);
    expect(negative.recipe.role).toBe('homologous');
    const mirrorMeta = await buildPlanned(fb, mirror.recipe.id, cache, experiment, 'wasm');
    const negMeta = await buildPlanned(fb, negative.recipe.id, cache, experiment, 'wasm');
    expect(negMeta.extra.parentBuildId).toBe(mirrorMeta.extra.buildId);
    expect(negMeta.parents).toEqual([mirror.key]);
    expect(
      zooWork(
        fb.filter((p) => ['victim', 'FB_MIRROR/0', 'FB_MN_FA/0'].includes(p.recipe.id)),
        cache,
      ).build,
    ).toEqual([]);
  }, 120_000);

  it('knockoff extraction queries the victim with generated images only', async () => {
    const cache = await freshZoo();
    const fb = planZoo(scale, 0, experiment.identity, familiesOf(['fingerbench']));
    const meta = await buildPlanned(fb, 'FB_KO/0', cache, experiment, 'wasm');
    const numClasses = experiment.data.train.numClasses;
    expect(meta.extra.subset).toBe('generated queries (answers only)');
    expect(meta.extra.trainImages).toBe(Math.ceil(experiment.split.adversary.length / numClasses) * numClasses);
  }, 120_000);
});

describe('Table I', () => {
  it('has a row per family with counts, missing models, and accuracy/fidelity as mean ± std', async () => {
    const cache = await freshZoo();
    rmSync(cache.dirOf(plan.find((p) => p.recipe.id === 'PM_P/0')!), { recursive: true });
    const t = tableOne(plan, cache, 'tiny');
    expect(t.rows.map((r) => r[0])).toEqual(familiesOf(['table1']).map((f) => f.name));
    const victim = t.rows[0];
    expect(victim[4]).toMatch(/^0\.\d{3} ± 0\.000$/); // one model: std 0
    expect(victim[5]).toBe('1.000 ± 0.000'); // the victim agrees with itself
    const total = t.rows.reduce((s, r) => s + (r[2] as number) + (r[3] as number), 0);
    expect(total).toBe(plan.length);
    expect(t.rows.find((r) => r[0] === 'PM_P')!.slice(2, 4)).toEqual([0, 1]); // the deleted model counts as missing
  });
});

describe('cache invalidation', () => {
  it('deleting the victim rebuilds it and everything derived from it, not the homologous models', async () => {
    const cache = await freshZoo();
    rmSync(cache.dirOf(plan[0]), { recursive: true });
    const rebuilt = zooWork(plan, cache).build.map((b) => b.planned.recipe.id);
    expect(rebuilt).toEqual(plan.filter((p) => p.recipe.role !== 'homologous').map((p) => p.recipe.id));
  });
});
