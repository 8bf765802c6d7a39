import { decisionDistanceVector, modelDiff } from './modeldiff';

describe('ModelDiff', () => {
  it("a decision distance vector is 1 - cosine of each seed's output with its adversarial's", () => {
    // Two pairs: seeds [1, 0] and [1, 1], adversarials [1, 0] and [0, 1].
    const ddv = decisionDistanceVector([
      [1, 0],
      [1, 1],
      [1, 0],
      [0, 1],
    ]);
    expect(ddv[0]).toBe(0);
    expect(ddv[1]).toBeCloseTo(1 - Math.SQRT1_2, 12);
  });

  it("scores the cosine of the suspect's vector to the victim's: a copy 1, scaled outputs 1, a swapped pattern less", () => {
    const victim = [
      [2, 0],
      [1, 1],
      [0, 2],
      [1, 0],
    ];
    const fp = {
      method: 'modeldiff',
      count: 4,
      inputs: new Float32Array(4 * 3072),
      victimOutputs: Float32Array.from(victim.flat()),
      numClasses: 2,
      arrays: {},
      info: { indices: [0, 1] },
    };
    const answering = (rows: number[][]) => ({
      numClasses: 2,
      queries: 0,
      query: () => Float32Array.from(rows.flat()),
    });
    expect(modelDiff.score(fp, answering(victim)).score).toBeCloseTo(1, 12);
    expect(modelDiff.score(fp, answering(victim.map((r) => r.map((v) => 3 * v)))).score).toBeCloseTo(1, 12);
    // The first pair moves all the way for the victim (DDV [1, d]) and not at all for this suspect ([0, d]).
    const swapped = [
      [2, 0],
      [1, 1],
      [2, 0],
      [0, 1],
    ];
    const score = modelDiff.score(fp, answering(swapped)).score;
    const d = 1 - Math.SQRT1_2;
    expect(score).toBeCloseTo(d / Math.hypot(1, d), 12);
    expect(score).toBeLessThan(1);
  });
});
