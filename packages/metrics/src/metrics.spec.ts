import {
  aruc,
  calibrateThreshold,
  GAP_POSITION,
  identificationRates,
  kindRates,
  normaliseScores,
  robustnessUniqueness,
  rocAuc,
  rocCurve,
  tprAtFpr,
  type LabelledScore,
} from './index';

const pirated = (...scores: number[]): LabelledScore[] => scores.map((score) => ({ score, piracy: true }));
const homologous = (...scores: number[]): LabelledScore[] => scores.map((score) => ({ score, piracy: false }));

describe('MIR / FIR', () => {
  it('counts missed piracy and falsely flagged homologous models at a threshold', () => {
    // Piracy 0.9, 0.8, 0.3 (0.3 missed at t = 0.5); homologous 0.1, 0.6 (0.6 flagged).
    const items = [...pirated(0.9, 0.8, 0.3), ...homologous(0.1, 0.6)];
    expect(identificationRates(items, 0.5)).toEqual({ mir: 1 / 3, fir: 1 / 2 });
    // A score equal to the threshold is not flagged ("L1_dist < d1", strictly): not the homologous 0.6...
    expect(identificationRates(items, 0.6)).toEqual({ mir: 1 / 3, fir: 0 });
    expect(identificationRates(items, 0.59)).toEqual({ mir: 1 / 3, fir: 1 / 2 });
    // ...nor a piracy model exactly on it, which counts as missed.
    expect(identificationRates(items, 0.8)).toEqual({ mir: 2 / 3, fir: 0 });
  });

  it('calibrates inside the widest separating gap, at the golden-ratio point, off any lattice of scores', () => {
    // Perfectly separable: any t in [0.4, 0.7) works; 0.4 + 0.618 x 0.3 is chosen.
    expect(calibrateThreshold([...pirated(0.7, 0.9), ...homologous(0.1, 0.4)])).toBeCloseTo(
      0.4 + 0.3 * GAP_POSITION,
      12,
    );
    // Overlapping: scores h 0.2, p 0.3, h 0.5, p 0.8. A t in the gap 0.2-0.3 gives MIR 0 FIR 0.5; in 0.5-0.8,
    // MIR 0.5 FIR 0. Both sum to 0.5; the gap 0.5 -> 0.8 (0.3) beats 0.2 -> 0.3 (0.1).
    expect(calibrateThreshold([...pirated(0.3, 0.8), ...homologous(0.2, 0.5)])).toBeCloseTo(
      0.5 + 0.3 * GAP_POSITION,
      12,
    );
    // Matching rates out of 39 queries: between 10/39 and 12/39 the threshold is not 11/39.
    const t = calibrateThreshold([...pirated(12 / 39), ...homologous(10 / 39)]);
    for (let k = 0; k <= 39; k++) expect(Math.abs(t - k / 39)).toBeGreaterThan(1e-3);
    expect(identificationRates([...pirated(11 / 39), ...homologous(11 / 39)], t).fir).toBe(0);
  });

  it('refuses an empty calibration set and non-finite scores', () => {
    expect(() => calibrateThreshold([])).toThrow(/empty/);
    expect(() => identificationRates(pirated(NaN), 0)).toThrow(/finite/);
  });
});

describe('AUC', () => {
  it('is the share of piracy-homologous pairs ordered correctly, ties one half', () => {
    // Pairs: (0.9 vs 0.5) win, (0.9 vs 0.3) win, (0.4 vs 0.5) loss, (0.4 vs 0.3) win -> 3/4.
    expect(rocAuc([...pirated(0.9, 0.4), ...homologous(0.5, 0.3)])).toBeCloseTo(0.75, 12);
    expect(rocAuc([...pirated(0.5), ...homologous(0.5)])).toBe(0.5);
    expect(rocAuc([...pirated(1, 2), ...homologous(-1)])).toBe(1);
  });

  it('walks the ROC curve from (0, 0) to (1, 1)', () => {
    const curve = rocCurve([...pirated(0.9, 0.4), ...homologous(0.5, 0.3)]);
    expect(curve.map(({ fpr, tpr }) => [fpr, tpr])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
  });
});

describe('ARUC', () => {
  it('is the width of the band where both curves are 1 for perfectly separated scores', () => {
    // Piracy at 0.8, homologous at 0.2: for tau in (0.2, 0.8] both R and U are 1, elsewhere one is 0.
    expect(aruc([...pirated(0.8), ...homologous(0.2)])).toBeCloseTo(0.6, 12);
  });

  it('integrates min(R, U) over the step functions exactly', () => {
    // Piracy 0.6, 0.9; homologous 0.3, 0.7.
    // tau in (0, 0.3]: R 1, U 0 -> 0. (0.3, 0.6]: R 1, U 0.5 -> 0.5 x 0.3 = 0.15.
    // (0.6, 0.7]: R 0.5, U 0.5 -> 0.05. (0.7, 0.9]: R 0.5, U 1 -> 0.1. (0.9, 1]: R 0 -> 0. Total 0.3.
    const items = [...pirated(0.6, 0.9), ...homologous(0.3, 0.7)];
    expect(aruc(items)).toBeCloseTo(0.3, 12);
    expect(robustnessUniqueness(items, 0.65)).toEqual({ robustness: 0.5, uniqueness: 0.5 });
  });

  it('needs scores in [0, 1], which normaliseScores provides', () => {
    const distances = [...pirated(-1, -2), ...homologous(-9, -5)];
    expect(() => aruc(distances)).toThrow(/normalise/);
    // -9 -> 0, -5 -> 0.5, -2 -> 0.875, -1 -> 1. (0, 0.5]: R 1, U 0.5 -> 0.25; (0.5, 0.875]: both 1 -> 0.375;
    // (0.875, 1]: R 0.5, U 1 -> 0.0625. Total 0.6875.
    expect(normaliseScores(distances).map((s) => s.score)).toEqual([1, 0.875, 0, 0.5]);
    expect(aruc(normaliseScores(distances))).toBeCloseTo(0.6875, 12);
  });
});

describe('per-kind rates (Table V)', () => {
  it('counts a kind missed when assigned another kind, and FIR as the wrong share of those assigned it', () => {
    const actual = ['HM', 'HM', 'PM', 'PM', 'EM'];
    const predicted = ['HM', 'PM', 'PM', 'EM', 'EM'];
    // PM: 1 of 2 PMs missed; of the 2 models called PM, 1 (an HM) is not one.
    expect(kindRates(actual, predicted, 'PM')).toEqual({ mir: 0.5, fir: 0.5 });
    // EM: none missed; of the 2 called EM, 1 (a PM) is not one.
    expect(kindRates(actual, predicted, 'EM')).toEqual({ mir: 0, fir: 0.5 });
    // HM: 1 of 2 missed; no other kind called HM.
    expect(kindRates(actual, predicted, 'HM')).toEqual({ mir: 0.5, fir: 0 });
  });

  it("reproduces the paper's Table V SC column from the assignment its rates imply", () => {
    // 40 PMs (21 right, 5 called EM, 14 called HM), 40 EMs and 21 HMs all right.
    const actual = [...Array(40).fill('PM'), ...Array(40).fill('EM'), ...Array(21).fill('HM')];
    const predicted = [
      ...Array(21).fill('PM'),
      ...Array(5).fill('EM'),
      ...Array(14).fill('HM'),
      ...Array(40).fill('EM'),
      ...Array(21).fill('HM'),
    ];
    const rounded = (k: string) => {
      const { mir, fir } = kindRates(actual, predicted, k);
      return [Math.round(mir * 100) / 100, Math.round(fir * 100) / 100];
    };
    expect(rounded('PM')).toEqual([0.48, 0]);
    expect(rounded('EM')).toEqual([0, 0.11]);
    expect(rounded('HM')).toEqual([0, 0.4]);
  });
});

describe('TPR at a bounded FPR', () => {
  const items = [
    { score: 0.9, piracy: true },
    { score: 0.8, piracy: true },
    { score: 0.7, piracy: false },
    { score: 0.6, piracy: true },
    { score: 0.5, piracy: true },
    ...[
      0.4, 0.3, 0.2, 0.1, 0.0, -0.1, -0.2, -0.3, -0.4, -0.5, -0.6, -0.7, -0.8, -0.9, -1.0, -1.1, -1.2, -1.3, -1.4,
    ].map((score) => ({ score, piracy: false })),
  ];
  it('takes the best threshold that flags at most that share of the 20 homologous models', () => {
    // Above 0.7 nothing homologous is flagged: 2 of 4 piracy models. Down to 0.5, one homologous (5%): 4 of 4.
    expect(tprAtFpr(items, 0.01)).toBe(0.5);
    expect(tprAtFpr(items, 0.05)).toBe(1);
    expect(tprAtFpr(items, 0)).toBe(0.5);
  });
  it('ties between a piracy and a homologous score count as one threshold', () => {
    const tied = [
      { score: 1, piracy: true },
      { score: 1, piracy: false },
      { score: 0, piracy: false },
    ];
    expect(tprAtFpr(tied, 0.4)).toBe(0);
    expect(tprAtFpr(tied, 0.5)).toBe(1);
    expect(() => tprAtFpr(tied, 2)).toThrow(/maxFpr/);
  });
});
