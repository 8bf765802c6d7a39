import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultCacheDir } from '@fpb/data';
import { loadModel, ModelCorruptError, readModelMetadata, type ModelMetadata } from '@fpb/models';
import type { tf } from '@fpb/tensor';
import type { PlannedModel } from './zoo_plan';
import { zooRecordOf, type ZooModelRecord } from './zoo_model_record';

export type CacheStatus =
  | { state: 'ready'; metadata: ModelMetadata; record: ZooModelRecord }
  | { state: 'missing' }
  | { state: 'corrupt'; reason: string }
  /** The parent was rebuilt since this model was made from it. */
  | { state: 'stale'; reason: string };

/** Where a scale's zoo lives unless told otherwise: <project cache>/zoo/<scale>. */
export function zooCacheDir(scaleName: string, flag?: string): string {
  return resolve(flag ?? join(defaultCacheDir(), 'zoo', scaleName));
}

/** Models on disk, one folder per cache key: `<root>/<family>_<index>-<key>`. */
export class ZooCache {
  constructor(readonly root: string) {}

  dirOf(p: PlannedModel): string {
    return join(this.root, `${p.recipe.id.replace(/\//g, '_')}-${p.key}`);
  }

  /**
   * Whether a model is usable. With its parent's status (computed once by the caller, not re-read
   * and re-hashed for every child), a model made from an earlier build of the parent is stale.
   */
  status(p: PlannedModel, parent?: { id: string; status: CacheStatus }): CacheStatus {
    const dir = this.dirOf(p);
    if (!existsSync(dir)) return { state: 'missing' };
    let metadata: ModelMetadata;
    let record: ZooModelRecord;
    try {
      metadata = readModelMetadata(dir);
      record = zooRecordOf(metadata, dir);
    } catch (e) {
      if (e instanceof ModelCorruptError) return { state: 'corrupt', reason: e.message };
      throw e;
    }
    if (parent) {
      const parentBuild = parent.status.state === 'ready' ? parent.status.record.buildId : undefined;
      if (parentBuild !== record.parentBuildId)
        return { state: 'stale', reason: `${parent.id} was rebuilt after ${p.recipe.id} was made from it` };
    }
    return { state: 'ready', metadata, record };
  }

  /** A saved model with the zoo's record of it. */
  async load(p: PlannedModel): Promise<{ model: tf.LayersModel; metadata: ModelMetadata; record: ZooModelRecord }> {
    const dir = this.dirOf(p);
    const { model, metadata } = await loadModel(dir);
    return { model, metadata, record: zooRecordOf(metadata, dir) };
  }
}
