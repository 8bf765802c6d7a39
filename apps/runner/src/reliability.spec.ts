import { existsSync, mkdirSync, mkdtempSync, readdirSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyOfTinyZoo } from '@fpb/zoo/src/testing/tiny_zoo';
import { spawnFpb } from './testing/fpb_process';
import { runZoo } from './zoo/run_zoo';

/** `fpb zoo --report-only` on a tiny cache: what it returned and every line it said. */
async function reportOnly(cacheDir: string) {
  const lines: string[] = [];
  const result = await runZoo({
    scale: 'tiny',
    seed: 0,
    backend: 'wasm',
    cacheDir,
    resultsDir: mkdtempSync(join(tmpdir(), 'fpb-r-')),
    reportOnly: true,
    log: (l) => lines.push(l),
  });
  return { result, lines };
}

describe('a damaged or interrupted cache', () => {
  it('--cached-only with a damaged model says what is damaged and that nothing is rebuilt', async () => {
    const cacheDir = await copyOfTinyZoo();
    const em = readdirSync(cacheDir).find((d) => d.startsWith('EM_SA_L_0-'))!;
    truncateSync(join(cacheDir, em, 'weights.bin'), 10);
    const { result: r, lines } = await reportOnly(cacheDir);
    expect(r.built).toEqual([]);
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(
        /^warning: EM_SA_L\/0 is corrupt \(.*weights\.bin has 10 bytes.*\): not built under --cached-only; run without it to build it$/,
      ),
      // Made from EM_SA_L/0, it would be made again after it.
      'warning: EM_Adv/0 is parent rebuilt: not built under --cached-only; run without it to build it',
    ]);
    expect(lines.some((l) => /rebuilding/.test(l))).toBe(false);
  }, 60_000);

  it('temporaries left by a killed run are removed at the next start; a live run’s are kept', async () => {
    const cacheDir = await copyOfTinyZoo();
    const dead = '.victim-0123456789abcdef.tmp.999999.deadbeef';
    const live = `.victim-0123456789abcdef.tmp.${process.pid}.cafe`;
    mkdirSync(join(cacheDir, dead));
    mkdirSync(join(cacheDir, live));
    const { lines } = await reportOnly(cacheDir);
    expect(existsSync(join(cacheDir, dead))).toBe(false);
    expect(existsSync(join(cacheDir, live))).toBe(true);
    expect(lines).toContain(`removed ${dead}, left in ${cacheDir} by a run that was killed`);
  }, 60_000);

  it('Ctrl-C while fingerprinting says what is kept and exits 130', async () => {
    const cacheDir = await copyOfTinyZoo();
    const { child, output } = spawnFpb([
      'fingerprints',
      '--scale',
      'tiny',
      '--backend',
      'wasm',
      '--cache-dir',
      cacheDir,
      '--results-dir',
      mkdtempSync(join(tmpdir(), 'fpb-r-')),
    ]);
    const deadline = Date.now() + 60_000;
    while (!/fingerprints tiny: /.test(output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(130);
    expect(output()).toContain(
      `interrupted: the fingerprints and verdicts finished so far are kept in ${join(cacheDir, 'fingerprints')}; run the same command again to resume`,
    );
  }, 120_000);
});
