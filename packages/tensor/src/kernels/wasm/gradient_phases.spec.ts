import { gradientPhases } from './gradient_phases';

describe('gradientPhases', () => {
  it('stride 1 is one phase: the whole filter, padded by k-1-pad', () => {
    expect(gradientPhases(8, 8, 3, 1, 1)).toEqual([
      { residue: 0, first: 0, taps: 3, padBefore: 1, padAfter: 1, length: 8 },
    ]);
  });

  it("stride 2, 3 taps, tf 'same' on 32 (pad 0 before): even rows get taps 0 and 2, odd rows tap 1", () => {
    // Forward: y[i] = x[2i] W0 + x[2i+1] W1 + x[2i+2] W2, i < 16 (x[32] is padding).
    // dx[2q] = dy[q] W0 + dy[q-1] W2 -> dy padded by 1 before; dx[2q+1] = dy[q] W1.
    expect(gradientPhases(32, 16, 3, 2, 0)).toEqual([
      { residue: 0, first: 0, taps: 2, padBefore: 1, padAfter: 0, length: 16 },
      { residue: 1, first: 1, taps: 1, padBefore: 0, padAfter: 0, length: 16 },
    ]);
  });

  it('a 1x1 filter with stride 2 reaches only the even rows', () => {
    const [even, odd] = gradientPhases(7, 4, 1, 2, 0);
    expect(even).toMatchObject({ taps: 1, length: 4, padBefore: 0, padAfter: 0 });
    expect(odd).toMatchObject({ taps: 0, length: 3 });
  });

  it('phases of unequal length when the size is not a multiple of the stride', () => {
    // 'valid', 8 rows, 3 taps, stride 3: y[i] = x[3i..3i+2], i < 2; rows 6 and 7 get no gradient
    // (the correlation crops dy: padAfter < 0 where no output reaches).
    const phases = gradientPhases(8, 2, 3, 3, 0);
    expect(phases.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(phases.map((p) => p.taps)).toEqual([1, 1, 1]);
    expect(phases.map((p) => [p.padBefore, p.padAfter])).toEqual([
      [0, 1],
      [0, 1],
      [0, 0],
    ]);
  });
});
