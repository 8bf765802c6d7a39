import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersOf, logitsOf, REGISTRY, rows, topOneAgreement, type FingerprintMethod } from '@fpb/fingerprints';
import { copyOfTinyZoo } from '@fpb/zoo/src/testing/tiny_zoo';
import { runFingerprints } from './run_fingerprints';

/** A baseline in one object: the first five test images, scored by top-1 agreement with the victim. */
const firstImages: FingerprintMethod = {
  id: 'first-images',
  name: 'FirstImages',
  description: 'the first five test images; score = matching rate',
  settings: { tiny: { count: 5 }, mini: { count: 5 }, paper: { count: 5 } },
  buildVersion: 1,
  // Label by label: a suspect answering other labels is compared with the victim's grouped into them.
  labelSpace: { kind: 'grouped' },
  needsHelpers: false,
  scoreIsMatchingRate: true,
  async build({ victim, data }) {
    const inputs = Float32Array.from(data.test.images.subarray(0, 5 * 32 * 32 * 3), (v) => v / 255);
    const victimOutputs = Float32Array.from(logitsOf(victim, inputs, 5).flat());
    return { method: 'first-images', count: 5, inputs, victimOutputs, numClasses: 10, arrays: {}, info: {} };
  },
  score(fp, suspect) {
    const matchRate = topOneAgreement(rows(fp.victimOutputs, fp.numClasses), answersOf(fp, suspect));
    return { score: matchRate, matchRate };
  },
};

describe('adding a baseline', () => {
  it('takes the method and one registry line: the runner builds it, queries the zoo and gives it a Table IV row', async () => {
    const registry = REGISTRY.with(firstImages);
    const lines: string[] = [];
    const r = await runFingerprints({
      scale: 'tiny',
      seed: 0,
      backend: 'wasm',
      cacheDir: await copyOfTinyZoo(),
      resultsDir: join(mkdtempSync(join(tmpdir(), 'fpb-fake-')), 'results'),
      methods: ['first-images'],
      registry,
      log: (l) => lines.push(l),
    });
    expect(lines.some((l) => /^FirstImages: 5 queries, built \(\d+\.\d s to build\)$/.test(l))).toBe(true);
    expect(r.tableFour.rows.map((row) => row[0])).toEqual(['FirstImages']);
    const queries = r.tableFour.columns.indexOf('Queries/suspect');
    expect(r.tableFour.rows[0][queries]).toBe(5);
    // It scores every suspect, the transfer-learned one too (in its five labels).
    expect(r.tableFour.rows[0][r.tableFour.columns.indexOf('Unscorable')]).toBe(0);
    expect(r.identifications[0].suspects.map((s) => s.family)).toContain('PM_TL');
    // Its scores are matching rates of five queries: multiples of 1/5.
    for (const s of r.identifications[0].suspects) expect(Math.round(s.score * 5)).toBeCloseTo(s.score * 5, 9);
  }, 600_000);
});
