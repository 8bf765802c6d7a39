import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where datasets live: --data-dir, else FPB_DATA_DIR, else a per-user cache folder. */
export function resolveDataDir(flag?: string): string {
  if (flag) return resolve(flag);
  if (process.env.FPB_DATA_DIR) return resolve(process.env.FPB_DATA_DIR);
  return defaultDataDir();
}

export function defaultDataDir(): string {
  return join(defaultCacheDir(), 'data');
}

/**
 * The project's cache folder (data, model zoos): FPB_CACHE_DIR, else a per-user folder that
 * survives fresh clones of the repository.
 */
export function defaultCacheDir(): string {
  if (process.env.FPB_CACHE_DIR) return resolve(process.env.FPB_CACHE_DIR);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fingerprint-bench');
}
