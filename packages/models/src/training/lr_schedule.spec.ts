import { learningRateAt } from './lr_schedule';

const base = { learningRate: 0.1, epochs: 10, stepEvery: 4, stepGamma: 0.5, warmupEpochs: 0 };

describe('learning-rate schedules', () => {
  it('cosine goes from the base rate through half at mid-run to zero', () => {
    const c = { ...base, schedule: 'cosine' as const };
    expect(learningRateAt(c, 0)).toBeCloseTo(0.1, 10);
    expect(learningRateAt(c, 5)).toBeCloseTo(0.05, 10);
    expect(learningRateAt(c, 10)).toBeCloseTo(0, 10);
  });

  it('step multiplies by gamma every stepEvery epochs', () => {
    const s = { ...base, schedule: 'step' as const };
    expect([0, 3.9, 4, 8.5].map((e) => learningRateAt(s, e))).toEqual([0.1, 0.1, 0.05, 0.025]);
  });

  it('warm-up rises linearly, then the schedule starts from the base rate', () => {
    const w = { ...base, schedule: 'cosine' as const, warmupEpochs: 2 };
    expect(learningRateAt(w, 1)).toBeCloseTo(0.05, 3);
    expect(learningRateAt(w, 2)).toBeCloseTo(0.1, 10);
    expect(learningRateAt({ ...w, schedule: 'constant' }, 7)).toBe(0.1);
  });
});
