import { matchRate } from './evaluate';

describe('matchRate', () => {
  it('counts agreeing positions', () => {
    expect(matchRate([1, 2, 3, 4], Int32Array.of(1, 0, 3, 0))).toBe(0.5);
    expect(matchRate([], [])).toBe(0);
    expect(() => matchRate([1], [1, 2])).toThrow('matchRate: 1 answers against 2');
  });
});
