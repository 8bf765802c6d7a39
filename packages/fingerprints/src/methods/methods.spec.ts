import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFingerprint, saveFingerprint } from '../fingerprint_store';
import type { Fingerprint } from '../method';
import { fiveGroups } from '@fpb/data';
import { groupedLogits, judge } from '../label_space';
import { modelOracle, type Oracle } from '../oracle';
import { METHODS, REGISTRY, getMethod } from '../registry';
import { expectSeparates } from '../testing/separation';
import { tinySuspects } from '../testing/tiny_suspects';

let world: Awaited<ReturnType<typeof tinySuspects>>;
const built = new Map<string, Fingerprint>();
beforeAll(async () => {
  world = await tinySuspects();
  for (const m of METHODS) built.set(m.id, await m.build(world.inputs()));
}, 600_000);

describe.each(METHODS.map((m) => [m.id, m] as const))('%s', (id, method) => {
  it('builds a fingerprint of query images in [0, 1] with the victim outputs beside them', () => {
    const fp = built.get(id)!;
    expect(fp.method).toBe(id);
    if (!method.tinyLimits?.mayBeEmpty) expect(fp.count).toBeGreaterThan(0);
    expect(fp.inputs.length).toBe(fp.count * 32 * 32 * 3);
    expect(fp.victimOutputs.length).toBe(fp.count * 10);
    expect(fp.inputs.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('scores every suspect through the counting oracle, the victim itself at the top', () => {
    const fp = built.get(id)!;
    const score = (m: (typeof world)['victim']) => {
      const oracle = modelOracle(m);
      const verdict = method.score(fp, oracle);
      // The oracle is the only way in: the queries it counted are exactly the fingerprint.
      expect(oracle.queries).toBe(fp.count);
      expect(Number.isFinite(verdict.score)).toBe(true);
      // A matching rate is a whole number of the fingerprint's queries over its size.
      if (method.scoreIsMatchingRate)
        expect(Math.abs(verdict.score * fp.count - Math.round(verdict.score * fp.count))).toBeLessThan(1e-6);
      return verdict;
    };
    const self = score(world.victim);
    const others = [...world.piracy, ...world.homologous].map((m) => score(m).score);
    // No suspect looks more like the victim than the victim itself. Two exceptions: MetaV's verifier is
    // learned, so on the victim it is only required to say "pirated"; PMI is a statistical test (its
    // own unit tests check it), here only its range.
    if (id === 'metav') expect(self.score).toBeGreaterThan(0.5);
    else if (id !== 'pmi') others.forEach((s) => expect(s).toBeLessThanOrEqual(self.score + 1e-9));
    if (self.matchRate !== undefined) expect(self.matchRate).toBe(1);
    if (fp.count === 0) expect(self.score).toBe(0);
  });

  // A method is held to separation unless its own tinyLimits say why it cannot be at tiny.
  const separation = method.tinyLimits?.cannotSeparate ? it.skip : it;
  separation('scores the piracy suspects above the homologous ones on average', () => {
    expectSeparates(method, built.get(id)!, world);
  });

  it('judges the victim regrouped into five labels (a transfer-learned copy) as its labelSpace says', () => {
    const fp = built.get(id)!;
    const victim = modelOracle(world.victim);
    const { groupOf, groups } = fiveGroups(10);
    const regrouped: Oracle = {
      numClasses: groups,
      get queries() {
        return victim.queries;
      },
      query: (images, count) => groupedLogits(victim.query(images, count), groupOf, groups),
    };
    const judged = judge(method, fp, regrouped);
    const use = method.labelSpace;
    switch (use.kind) {
      case 'victim-only':
        expect(judged).toEqual({ kind: 'unscorable', reason: expect.stringContaining('answering 5 classes') });
        expect(victim.queries).toBe(0);
        return;
      case 'grouped':
      case 'any': {
        if (judged.kind !== 'scored') throw new Error(`${id} did not score`);
        expect(Number.isFinite(judged.verdict.score)).toBe(true);
        // Each query asked once, however the method reads the answers.
        expect(victim.queries).toBe(fp.count);
        // Grouped: the class map read from the answers comes with the verdict.
        expect(judged.classMap?.length).toBe(use.kind === 'grouped' && fp.count > 0 ? 10 : undefined);
      }
    }
  });

  it('survives a save/load round trip and gives the same verdicts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-fp-'));
    try {
      saveFingerprint(join(dir, id), built.get(id)!, { key: 'k' });
      const { fingerprint, record } = loadFingerprint(join(dir, id));
      expect(record).toEqual({ key: 'k' });
      const a = method.score(built.get(id)!, modelOracle(world.homologous[0])).score;
      const b = method.score(fingerprint, modelOracle(world.homologous[0])).score;
      expect(b).toBeCloseTo(a, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the separation check', () => {
  it('lets a method have an empty tiny fingerprint only where it cannot separate either', () => {
    for (const m of METHODS) if (m.tinyLimits?.mayBeEmpty) expect(m.tinyLimits.cannotSeparate).toBeDefined();
  });

  it('fails a method whose score is a constant', () => {
    const constant = { ...getMethod('ipguard'), id: 'constant', score: () => ({ score: 0.5 }) };
    expect(() => expectSeparates(constant, built.get('ipguard')!, world)).toThrow(
      "constant: piracy suspects score 0.5 on average, not above the homologous ones' 0.5",
    );
  });
});

describe('identification distances', () => {
  it('are 0 for the victim itself: DeepCore L1_dist and Cos_dist, SAC', () => {
    const deepcore = getMethod('deepcore').score(built.get('deepcore')!, modelOracle(world.victim));
    expect(deepcore.details!.l1Dist).toBeCloseTo(0, 4);
    expect(deepcore.details!.cosDist).toBeCloseTo(0, 6);
    for (const id of ['sac-w', 'sac-m'])
      expect(getMethod(id).score(built.get(id)!, modelOracle(world.victim)).details!.sacDistance).toBeCloseTo(0, 6);
  });

  it("DeepCore: the victim regrouped into five labels is at distance 0 from the victim's cores grouped alike", () => {
    const victim = modelOracle(world.victim);
    const { groupOf, groups } = fiveGroups(10);
    const regrouped: Oracle = {
      numClasses: groups,
      queries: 0,
      query: (images, count) => groupedLogits(victim.query(images, count), groupOf, groups),
    };
    const judged = judge(getMethod('deepcore'), built.get('deepcore')!, regrouped);
    // Each core is one label's most confident image: the class map is the pairing itself.
    expect(judged).toMatchObject({
      kind: 'scored',
      classMap: groupOf,
      verdict: { details: { l1Dist: 0, cosDist: 0 } },
    });
  });

  it('DeepCore: fine-tuned copies sit closer to the victim than independently trained models', () => {
    const l1 = (m: (typeof world)['victim']) =>
      getMethod('deepcore').score(built.get('deepcore')!, modelOracle(m)).details!.l1Dist;
    const piracy = Math.max(...world.piracy.map(l1));
    const homologous = Math.min(...world.homologous.map(l1));
    expect(piracy).toBeLessThan(homologous);
  });
});

describe('fingerprint store', () => {
  it('refuses a truncated file with a message naming the folder and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fpb-fp-'));
    try {
      saveFingerprint(join(dir, 'x'), built.get('ipguard')!);
      writeFileSync(join(dir, 'x', 'arrays.bin'), Buffer.alloc(10));
      expect(() => loadFingerprint(join(dir, 'x'))).toThrow(
        /x: arrays.bin has 10 bytes.*truncated.*delete the folder and build it again/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('registry', () => {
  it('explains an unknown id by listing the registered ones', () => {
    expect(() => getMethod('deepcor')).toThrow(
      `unknown fingerprinting method 'deepcor'; choose from ${METHODS.map((m) => m.id).join(', ')}`,
    );
  });

  it('refuses a second method with a registered id or row label, and takes a new one in one line', () => {
    const fake = { ...getMethod('ipguard'), id: 'fake', name: 'Fake' };
    expect(() => REGISTRY.with({ ...fake, id: 'ipguard' })).toThrow("duplicate fingerprinting method id 'ipguard'");
    expect(() => REGISTRY.with({ ...fake, name: 'DeepCore (Cos_dist)' })).toThrow(
      "fingerprinting method 'fake': row label 'DeepCore (Cos_dist)' is taken",
    );
    const extended = REGISTRY.with(fake);
    expect(extended.ids()).toEqual([...REGISTRY.ids(), 'fake']);
    expect(extended.get('fake')).toBe(fake);
  });

  it('registers every method that a file in methods/ exports', async () => {
    const files = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    const exported = (await Promise.all(files.map((f) => import(join(__dirname, f)))))
      .flatMap((module) => Object.values(module as Record<string, unknown>))
      .filter((v): v is { id: string } => typeof v === 'object' && v !== null && 'build' in v && 'score' in v);
    expect(exported.length).toBeGreaterThanOrEqual(METHODS.length);
    for (const m of exported) expect(METHODS).toContain(m);
  });
});
