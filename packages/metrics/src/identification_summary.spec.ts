import { GAP_POSITION } from './identification_rates';
import { summariseClustering, summariseThreshold, type ScoredSuspect } from './identification_summary';

const s = (id: string, kind: ScoredSuspect['kind'], use: ScoredSuspect['use'], score: number): ScoredSuspect => ({
  id,
  family: kind,
  kind,
  use,
  score,
});

describe('summariseThreshold', () => {
  it('calibrates on one half and reports on the other', () => {
    const suspects = [
      // Calibration: PM 0.9, HM 0.3 -> threshold 0.3 + 0.618 x 0.6 = 0.671 (the golden-ratio point of the gap).
      s('a', 'PM', 'calibration', 0.9),
      s('b', 'HM', 'calibration', 0.3),
      // Evaluation: EM 0.5 is missed (MIR 1/2), HM 0.7 is flagged (FIR 1/2), both sides of 0.671.
      s('c', 'PM', 'evaluation', 0.8),
      s('d', 'EM', 'evaluation', 0.5),
      s('e', 'HM', 'evaluation', 0.7),
      s('f', 'HM', 'evaluation', 0.1),
    ];
    const r = summariseThreshold(suspects, true);
    expect(r.threshold).toBeCloseTo(0.3 + 0.6 * GAP_POSITION, 12);
    expect([r.mir, r.fir]).toEqual([0.5, 0.5]);
    // Pairs (0.8 vs 0.7, 0.1) win, (0.5 vs 0.7) lose, (0.5 vs 0.1) win: 3/4.
    expect(r.auc).toBeCloseTo(0.75, 12);
    // With 2 homologous models, 1% and 5% FPR both allow none: only the PM above 0.7 is caught.
    expect([r.tpr1, r.tpr5]).toEqual([0.5, 0.5]);
  });

  it('needs both halves', () => {
    expect(() => summariseThreshold([s('a', 'PM', 'calibration', 1)], true)).toThrow(/calibration and evaluation/);
  });
});

describe('summariseClustering', () => {
  it('flags PM and EM clusters and gives per-kind rates', () => {
    const r = summariseClustering(['HM', 'HM', 'PM', 'EM'], ['HM', 'PM', 'PM', 'HM']);
    expect(r.mir).toBe(0.5); // the EM was called HM
    expect(r.fir).toBe(0.5); // one HM was called PM
    expect(r.perKind.PM).toEqual({ mir: 0, fir: 0.5 }); // of the two called PM, one is an HM
    expect(r.perKind.EM).toEqual({ mir: 1, fir: 0 });
  });
});
