import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initBackend } from '@fpb/tensor';
import { loadExperimentData } from '../experiment_data';
import { buildPlanned, zooWork } from '../zoo_build';
import { ZooCache } from '../zoo_cache';
import { planZoo } from '../zoo_plan';
import { getZooScale } from '../zoo_scales';

const ROOT = resolve(__dirname, '../../../..');
/** The code that decides what a built model holds: any change to it builds the tiny zoo again. */
const SOURCES = ['packages/tensor/src', 'packages/data/src', 'packages/models/src', 'packages/zoo/src'];

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) hash.update(path).update(readFileSync(path));
    }
  };
  SOURCES.forEach((s) => walk(join(ROOT, s)));
  hash.update(readFileSync(join(ROOT, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The tiny Table I zoo (13 models, seed 0), built once and kept in the temporary folder under a
 * name that hashes the code that builds it, so every spec (and jest's global setup) shares one build.
 * Treat it as read-only: tests that change a zoo take `copyOfTinyZoo()`.
 */
export async function tinyZooCache(): Promise<string> {
  const folder = join(tmpdir(), `fpb-tiny-zoo-${sourceHash()}`);
  if (existsSync(folder)) return folder;
  await initBackend('wasm', () => undefined);
  const scale = getZooScale('tiny');
  const experiment = await loadExperimentData(scale.base, { seed: 0 });
  const plan = planZoo(scale, 0, experiment.identity);
  const building = mkdtempSync(`${folder}.tmp-`);
  const cache = new ZooCache(building);
  for (const { planned } of zooWork(plan, cache).build)
    await buildPlanned(plan, planned.recipe.id, cache, experiment, 'wasm');
  // Zoos built by older code are of no use any more.
  for (const name of readdirSync(tmpdir()))
    if (/^fpb-tiny-zoo-[0-9a-f]{16}$/.test(name)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  try {
    renameSync(building, folder);
  } catch (e) {
    // Another process finished the same build first: theirs is as good as ours.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(folder)) throw e;
  }
  return folder;
}

/** A private copy of the tiny zoo that a test may change. */
export async function copyOfTinyZoo(): Promise<string> {
  const copy = join(mkdtempSync(join(tmpdir(), 'fpb-zoo-copy-')), 'cache');
  cpSync(await tinyZooCache(), copy, { recursive: true });
  return copy;
}

/** The folder of a cached zoo model by the start of its name (`PM_FA_0-`), in a test's cache. */
export function modelFolder(cacheDir: string, prefix: string): string {
  const name = readdirSync(cacheDir).find((d) => d.startsWith(prefix));
  if (!name) throw new Error(`no model ${prefix}* in ${cacheDir}`);
  return join(cacheDir, name);
}
