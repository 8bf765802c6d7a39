import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnFpb } from '../testing/fpb_process';

/** Runs `fpb zoo` at tiny scale in its own process and resolves with its output lines. */
function zooProcess(cacheDir: string, models: string): Promise<string[]> {
  return new Promise((done, fail) => {
    const { child, output } = spawnFpb([
      'zoo',
      '--scale',
      'tiny',
      '--backend',
      'wasm',
      '--workers',
      '1',
      '--models',
      models,
      '--cache-dir',
      cacheDir,
      '--results-dir',
      mkdtempSync(join(tmpdir(), 'fpb-results-')),
    ]);
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(output().split('\n')) : fail(new Error(`exit ${code}: ${output()}`)),
    );
  });
}

describe('two runs on one cache', () => {
  it('build each model once: the second waits for the first and reuses its models; nothing temporary is left', async () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'fpb-two-runs-')), 'cache');
    const [a, b] = await Promise.all([
      zooProcess(cacheDir, 'PM_FL/0,HM_SA/0'),
      zooProcess(cacheDir, 'PM_FL/0,HM_SA/0'),
    ]);
    const built = [...a, ...b].map((l) => / (\S+) built in \d+ s/.exec(l)?.[1]).filter(Boolean);
    expect(built.sort()).toEqual(['HM_SA/0', 'PM_FL/0', 'victim']);
    const waited = [...a, ...b].filter((l) => /is building it; waiting to reuse its result/.test(l));
    expect(waited.length).toBeGreaterThanOrEqual(1);
    const reusedOrCached = [...a, ...b].filter((l) => /was built by another run meanwhile: reused/.test(l));
    expect(reusedOrCached.length).toBeGreaterThanOrEqual(1);
    const left = readdirSync(cacheDir);
    expect(left.filter((n) => /\.tmp\.|\.old$/.test(n))).toEqual([]);
    expect(readdirSync(join(cacheDir, '.locks'))).toEqual([]);
    expect(
      left
        .filter((n) => !n.startsWith('.'))
        .map((n) => n.replace(/-[0-9a-f]{16}$/, ''))
        .sort(),
    ).toEqual(['HM_SA_0', 'PM_FL_0', 'victim']);
  }, 300_000);
});
